import { useT } from '../../../lib/i18n.tsx';
import { errorReportUrl } from '../api/get-error-report.ts';
import type { ImportRowError } from '../api/get-import.ts';

/** The server sends at most this many problems; the CSV report has all of them. */
const PREVIEW_LIMIT = 100;

export function ErrorReportLink({ importId }: { importId: number }) {
  const { t } = useT();
  return (
    <a className="button button-secondary" href={errorReportUrl(importId)} download={`kesalahan-impor-${importId}.csv`}>
      {t('imports.errors.download')}
    </a>
  );
}

/** The first problems found in the file, each with its spreadsheet row and a reason. */
export function ImportErrors({ importId, errors, rejected }: { importId: number; errors: ImportRowError[]; rejected: number }) {
  const { t, pick } = useT();
  if (errors.length === 0 && rejected === 0) {
    return <p className="notice notice-success">{t('imports.errors.none')}</p>;
  }
  return (
    <section className="section" aria-labelledby="import-errors-title">
      <h3 id="import-errors-title">{t('imports.errors.title')}</h3>
      {errors.length >= PREVIEW_LIMIT && <p className="hint">{t('imports.errors.shown', { shown: errors.length })}</p>}
      {errors.length > 0 && (
        <div className="table-scroll errors-scroll" role="group" aria-labelledby="import-errors-title" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('imports.errors.col.row')}
                </th>
                <th scope="col">{t('imports.errors.col.column')}</th>
                <th scope="col">{t('imports.errors.col.value')}</th>
                <th scope="col">{t('imports.errors.col.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((e, i) => (
                <tr key={`${e.row}-${e.column}-${i}`}>
                  <td className="num">{e.row}</td>
                  <td>{e.column}</td>
                  <td className="error-value">{e.value}</td>
                  <td className="error-reason">{pick({ id: e.reasonId, en: e.reasonEn })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="actions">
        <ErrorReportLink importId={importId} />
      </p>
    </section>
  );
}
