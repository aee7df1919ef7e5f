import { useId, type ReactNode } from 'react';
import { formatPercent } from '../../../lib/format.ts';
import { useT } from '../../../lib/i18n.tsx';

export interface Column<R> {
  label: string;
  value: (row: R) => ReactNode;
  numeric?: boolean;
}

/**
 * A chart with its numbers: the chart, the same data as a table (open by default for screen
 * readers and for checking), and the CSV download of that table.
 */
export function ChartBlock<R>({
  title,
  chart,
  rows,
  columns,
  rowKey,
  csvHref,
  csv,
  note,
  tableOpen = false,
}: {
  title: string;
  chart: ReactNode;
  rows: readonly R[];
  columns: Column<R>[];
  rowKey: (row: R) => string;
  csvHref?: string;
  /** the CSV built here (rows include the header), when no server route serves the table */
  csv?: { name: string; rows: () => (string | number)[][] };
  note?: ReactNode;
  tableOpen?: boolean;
}) {
  const { t } = useT();
  const headingId = useId();
  return (
    <section className="card chart-block" aria-labelledby={headingId}>
      <div className="chart-block-head">
        <h2 id={headingId}>{title}</h2>
        {csvHref && (
          <a className="button button-secondary button-small" href={csvHref} download>
            {t('dashboard.csv')}
          </a>
        )}
        {csv && (
          <button type="button" className="button button-secondary button-small" onClick={() => downloadCsv(csv.name, csv.rows())}>
            {t('dashboard.csv')}
          </button>
        )}
      </div>
      {note && <p className="hint">{note}</p>}
      <div className="chart-area" aria-hidden="true">
        {chart}
      </div>
      <details open={tableOpen}>
        <summary>{t('dashboard.table')}</summary>
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.label} scope="col" className={c.numeric ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={rowKey(r)}>
                  {columns.map((c) => (
                    <td key={c.label} className={c.numeric ? 'num' : undefined}>
                      {c.value(r)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

/** A headline figure: a label, the number, and a line of context. */
export function Stat({ label, value, sub, testId }: { label: string; value: ReactNode; sub?: ReactNode; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {sub && <div className="stat-sub">{sub}</div>}
    </div>
  );
}

/** Coverage classes for colouring regions: five bands of 20 points, 'none' without data. */
export function coverageClass(percent: number | null): string {
  if (percent === null) return 'cov-none';
  return `cov-${Math.min(4, Math.max(0, Math.floor(percent / 20)))}`;
}

/** A coverage share and, when there is one, the target it is measured against: "43,5% dari target 55% (2025)". */
export function CoverageValue({ percent, targetPercent, targetYear }: { percent: number | null; targetPercent: number | null; targetYear: number | null }) {
  const { t } = useT();
  return (
    <>
      {formatPercent(percent)}
      {targetPercent !== null && <span className="stat-target"> {t('dashboard.vsTarget', { target: formatPercent(targetPercent, 0), year: String(targetYear ?? '') })}</span>}
    </>
  );
}

/** Quotes a CSV cell when it needs it, and keeps a spreadsheet from running it as a formula. */
const csvCell = (v: string | number) => {
  const text = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

function downloadCsv(name: string, rows: (string | number)[][]): void {
  const blob = new Blob(['\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n')], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
