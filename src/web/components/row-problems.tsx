import { ApiError } from '../lib/api-client.ts';
import { useT } from '../lib/i18n.tsx';

/** One problem of a refused file, as the server lists them (ApiError.details.problems). */
export interface RowProblem {
  row: number;
  column: string;
  value: string;
  id: string;
  en: string;
}

/** The problems of a file the server refused row by row, in the reader's language. */
export function RowProblems({ error, label }: { error: unknown; label: string }) {
  const { t, lang } = useT();
  const problems = error instanceof ApiError ? ((error.details['problems'] as RowProblem[] | undefined) ?? []) : [];
  if (problems.length === 0) return null;
  return (
    <div className="table-scroll" role="group" tabIndex={0} aria-label={label}>
      <table className="table">
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            <th scope="col">{t('enrolment.row')}</th>
            <th scope="col">{t('enrolment.column')}</th>
            <th scope="col">{t('enrolment.value')}</th>
            <th scope="col">{t('enrolment.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td>{p.row || '—'}</td>
              <td>{p.column}</td>
              <td>{p.value}</td>
              <td>{lang === 'en' ? p.en : p.id}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
