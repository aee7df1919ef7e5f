import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { useImports } from '../api/get-imports.ts';

/** Earlier imports of the program, newest first; any of them can be reopened. */
export function ImportHistory({ regionCode, current, onOpen }: { regionCode: string; current: number | null; onOpen: (id: number) => void }) {
  const { t, tDynamic, num, dateTime } = useT();
  const query = useImports(regionCode);
  return (
    <section className="section" aria-labelledby="import-history-title">
      <h2 id="import-history-title">{t('imports.history.title')}</h2>
      {query.isPending && <Loading />}
      {query.isError && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && query.data.items.length === 0 && <p className="hint">{t('imports.history.empty')}</p>}
      {query.data && query.data.items.length > 0 && (
        <div className="table-scroll" role="group" aria-labelledby="import-history-title" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('imports.history.col.file')}</th>
                <th scope="col">{t('imports.history.col.source')}</th>
                <th scope="col">{t('imports.history.col.status')}</th>
                <th scope="col" className="num">
                  {t('imports.history.col.rows')}
                </th>
                <th scope="col">{t('imports.history.col.at')}</th>
                <th scope="col">{t('imports.history.col.action')}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((imp) => (
                <tr key={imp.id} aria-current={imp.id === current ? 'true' : undefined}>
                  <td className="file-name">{imp.fileName}</td>
                  <td>{tDynamic(`source.${imp.source}`, imp.source)}</td>
                  <td>
                    <span className={`badge badge-import-${imp.status}`}>{tDynamic(`imports.status.${imp.status}`, imp.status)}</span>
                  </td>
                  <td className="num">{imp.counts ? num(imp.counts.rows) : t('common.empty')}</td>
                  <td className="when">{dateTime(imp.createdAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-small button-secondary"
                      onClick={() => onOpen(imp.id)}
                      disabled={imp.id === current}
                    >
                      {t('imports.history.open', { id: String(imp.id) })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
