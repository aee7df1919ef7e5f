import { useT } from '../../../lib/i18n.tsx';
import type { HistoryEntry } from '../api/get-worker.ts';
import { fileLabel } from './provenance-table.tsx';
import type { useFieldDisplay } from './use-field-display.ts';

type Display = ReturnType<typeof useFieldDisplay>;

/** Every change to the record, newest first. */
export function HistoryTable({ history, display }: { history: HistoryEntry[]; display: Display }) {
  const { t, dateTime } = useT();
  const newestFirst = [...history].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id);
  return (
    <section className="section" aria-labelledby="history-title">
      <h2 id="history-title">{t('worker.history')}</h2>
      {newestFirst.length === 0 ? (
        <p className="hint">{t('worker.history.empty')}</p>
      ) : (
        <div className="table-scroll" role="group" aria-labelledby="history-title" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('worker.col.at')}</th>
                <th scope="col">{t('worker.col.field')}</th>
                <th scope="col">{t('worker.col.old')}</th>
                <th scope="col">{t('worker.col.new')}</th>
                <th scope="col">{t('worker.col.source')}</th>
                <th scope="col">{t('worker.col.file')}</th>
                <th scope="col">{t('worker.col.actor')}</th>
              </tr>
            </thead>
            <tbody>
              {newestFirst.map((h) => (
                <tr key={h.id}>
                  <td className="when">{dateTime(h.at)}</td>
                  <td>{display.label(h.field)}</td>
                  <td>{display.value(h.field, h.oldValue)}</td>
                  <td>{display.value(h.field, h.newValue)}</td>
                  <td>{display.source(h.source)}</td>
                  <td className="file-name">{fileLabel(h.fileName, h.importId, t('common.empty'))}</td>
                  <td>{h.actor || t('common.empty')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
