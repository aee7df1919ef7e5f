import { useId, useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { formatMonth, formatNumber, formatPercent, formatRupiah } from '../../../lib/format.ts';
import { useT } from '../../../lib/i18n.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { reportFileUrl, useIssueProgramReport, useIssueSponsorReport, useProgramReports, useSponsorReports, useVerification, type Report, type VerifiedFigure } from '../api/reports.ts';

const lastMonth = () => {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};

/** The quarter before this one: [first month, last month]. */
const lastQuarter = () => {
  const d = new Date();
  const q = Math.floor(d.getMonth() / 3);
  const year = q === 0 ? d.getFullYear() - 1 : d.getFullYear();
  const first = ((q + 3) % 4) * 3 + 1;
  return [`${year}-${String(first).padStart(2, '0')}`, `${year}-${String(first + 2).padStart(2, '0')}`] as const;
};

function ReportTable({ items }: { items: Report[] }) {
  const { t, lang, dateTime } = useT();
  if (items.length === 0) return <p className="hint">{t('reports.none')}</p>;
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('reports.kind')}</th>
            <th scope="col">{t('reports.period')}</th>
            <th scope="col">{t('reports.issued')}</th>
            <th scope="col">{t('reports.files')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id}>
              <td>
                {t(`reports.kind.${r.kind}`)}
                {r.sponsorName && r.kind !== 'program' ? ` · ${r.sponsorName}` : ''}
              </td>
              <td>{r.periodFrom === r.periodTo ? formatMonth(r.periodFrom, lang) : `${formatMonth(r.periodFrom, lang)} – ${formatMonth(r.periodTo, lang)}`}</td>
              <td>
                {dateTime(r.createdAt)}
                {r.scheduled ? ` (${t('reports.scheduled')})` : ''}
              </td>
              <td>
                <a className="button button-secondary button-small" href={reportFileUrl(r.id, 'report.pdf')} download>
                  PDF
                </a>{' '}
                <a className="button button-secondary button-small" href={reportFileUrl(r.id, 'report.xlsx')} download>
                  XLSX
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The programme's monthly reports for the mayor or regent: issued on the 1st, or on demand. */
export function ProgramReports({ regionCode, canIssue }: { regionCode: string; canIssue: boolean }) {
  const { t } = useT();
  const reports = useProgramReports(regionCode);
  const issue = useIssueProgramReport(regionCode);
  const [month, setMonth] = useState(lastMonth);
  const monthId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    issue.mutate(month);
  };
  return (
    <section className="card">
      <h2>{t('reports.program.title')}</h2>
      <p className="hint">{t('reports.program.intro')}</p>
      {canIssue && (
        <form className="form field-row" onSubmit={submit}>
          <div className="field">
            <label htmlFor={monthId}>{t('reports.month')}</label>
            <input id={monthId} type="month" required value={month} onChange={(e) => setMonth(e.target.value)} />
          </div>
          <button type="submit" className="button" disabled={issue.isPending}>
            {t('reports.issue')}
          </button>
        </form>
      )}
      {issue.error && <ErrorNotice error={issue.error} />}
      {reports.error && <ErrorNotice error={reports.error} />}
      {reports.data && <ReportTable items={reports.data.items} />}
    </section>
  );
}

/** A sponsor's CSR reports (a quarter by default) and certificates of appreciation. */
export function SponsorReports({ sponsorId, canIssue }: { sponsorId: string; canIssue: boolean }) {
  const { t } = useT();
  const reports = useSponsorReports(sponsorId);
  const issue = useIssueSponsorReport(sponsorId);
  const [quarter] = useState(lastQuarter);
  const [draft, setDraft] = useState<{ kind: 'csr' | 'certificate'; from: string; to: string }>({ kind: 'csr', from: quarter[0], to: quarter[1] });
  const ids = { kind: useId(), from: useId(), to: useId(), heading: useId() };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    issue.mutate(draft);
  };
  return (
    <section className="card" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{t('reports.sponsor.title')}</h2>
      <p className="hint">{t('reports.sponsor.intro')}</p>
      {canIssue && (
        <form className="form" onSubmit={submit} aria-label={t('reports.issue')}>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.kind}>{t('reports.kind')}</label>
              <select id={ids.kind} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as 'csr' | 'certificate' })}>
                <option value="csr">{t('reports.kind.csr')}</option>
                <option value="certificate">{t('reports.kind.certificate')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.from}>{t('reports.from')}</label>
              <input id={ids.from} type="month" required value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={ids.to}>{t('reports.to')}</label>
              <input id={ids.to} type="month" required value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
            </div>
          </div>
          <button type="submit" className="button" disabled={issue.isPending}>
            {t('reports.issue')}
          </button>
        </form>
      )}
      {issue.error && <ErrorNotice error={issue.error} />}
      {reports.error && <ErrorNotice error={reports.error} />}
      {reports.isPending && <Loading />}
      {reports.data && <ReportTable items={reports.data.items} />}
    </section>
  );
}

const figureText = (f: VerifiedFigure) =>
  typeof f.value === 'string' ? f.value : f.unit === 'rupiah' ? formatRupiah(f.value) : f.unit === 'percent' ? formatPercent(f.value) : formatNumber(f.value);

/** What a report's QR code opens, without login: the figures Sekitar issued, or a warning. */
export function VerifyPage() {
  const { t, lang, date } = useT();
  const { code = '' } = useParams();
  const verification = useVerification(code);
  useDocumentTitle(t('verify.title'));
  const v = verification.data;
  return (
    <div className="login-page">
      <div className="card login-card application-card">
        <p className="brand">{t('app.name')}</p>
        <h1>{t('verify.title')}</h1>
        {verification.isPending && <Loading />}
        {verification.error && <ErrorNotice error={verification.error} />}
        {v && !v.valid && (
          <div className="notice notice-error" role="alert" data-testid="verify-invalid">
            <p className="notice-title">{t('verify.invalid')}</p>
            <p>{t('verify.invalid.hint')}</p>
          </div>
        )}
        {v?.valid && (
          <div data-testid="verify-valid">
            <div className="notice notice-success" role="status">
              <p className="notice-title">{t('verify.valid')}</p>
              <p>
                {lang === 'id' ? v.title.id : v.title.en} · {v.program} ({v.regionName}){v.sponsor ? ` · ${v.sponsor}` : ''}
              </p>
              <p>
                {t('reports.period')}: {v.period.from === v.period.to ? formatMonth(v.period.from, lang) : `${formatMonth(v.period.from, lang)} – ${formatMonth(v.period.to, lang)}`} ·{' '}
                {t('reports.issued')}: {date(v.issued)}
              </p>
            </div>
            <dl className="facts">
              {v.figures.map((f) => (
                <div key={f.key} className="fact">
                  <dt>{lang === 'id' ? f.id : f.en}</dt>
                  <dd>{figureText(f)}</dd>
                </div>
              ))}
            </dl>
            <p className="hint">{t('verify.compare')}</p>
          </div>
        )}
      </div>
    </div>
  );
}
