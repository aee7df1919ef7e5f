import { useT } from '../../../lib/i18n.tsx';
import type { FieldProvenance } from '../api/get-worker.ts';
import type { useFieldDisplay } from './use-field-display.ts';

type Display = ReturnType<typeof useFieldDisplay>;

export function fileLabel(fileName: string | null, importId: number | null, empty: string): string {
  if (fileName) return fileName;
  if (importId !== null) return `#${importId}`;
  return empty;
}

/** "Asal data": for each field, its value and the source, file, time and person it came from. */
export function ProvenanceTable({ fields, display }: { fields: FieldProvenance[]; display: Display }) {
  const { t, dateTime } = useT();
  return (
    <section className="section" aria-labelledby="provenance-title">
      <h2 id="provenance-title">{t('worker.provenance')}</h2>
      <p className="hint">{t('worker.provenance.intro')}</p>
      <div className="table-scroll" role="group" aria-labelledby="provenance-title" tabIndex={0}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('worker.col.field')}</th>
              <th scope="col">{t('worker.col.value')}</th>
              <th scope="col">{t('worker.col.source')}</th>
              <th scope="col">{t('worker.col.file')}</th>
              <th scope="col">{t('worker.col.at')}</th>
              <th scope="col">{t('worker.col.actor')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f.field}>
                <th scope="row">{display.label(f.field)}</th>
                <td>{display.value(f.field, f.value)}</td>
                <td>{display.source(f.source)}</td>
                <td className="file-name">{fileLabel(f.fileName, f.importId, t('common.empty'))}</td>
                <td className="when">{dateTime(f.at)}</td>
                <td>{f.actor || t('common.empty')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
