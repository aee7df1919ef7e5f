import { useId, useMemo, useState } from 'react';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import type { ColumnMapping, UploadResponse, WorkerFieldInfo } from '../api/upload-import.ts';
import { initialMapping, mappingProblems, type MappingProblem } from './mapping-problems.ts';

const SAMPLES_SHOWN = 3;

/** Step 2: the file's columns, a few of their values, and the worker field each one fills. */
export function MappingStep({
  upload,
  onDryRun,
  onStartOver,
  pending,
  error,
}: {
  upload: UploadResponse;
  onDryRun: (mapping: ColumnMapping) => void;
  onStartOver: () => void;
  pending: boolean;
  error: unknown;
}) {
  const { t, pick, tDynamic } = useT();
  const problemsId = useId();
  const selectIdBase = useId();
  const { analysis, fields } = upload;
  const [mapping, setMapping] = useState<ColumnMapping>(() => initialMapping(analysis.headers, analysis.suggestedMapping));
  const problems = useMemo(() => mappingProblems(mapping, fields), [mapping, fields]);
  const required = fields.filter((f) => f.required);
  const optional = fields.filter((f) => !f.required);
  const fieldLabel = (f: WorkerFieldInfo) => pick({ id: f.labelId, en: f.labelEn });

  const describe = (p: MappingProblem): string => {
    switch (p.kind) {
      case 'missing':
        return t('imports.mapping.missing', { field: fieldLabel(p.field) });
      case 'duplicate':
        return t('imports.mapping.duplicate', { field: fieldLabel(p.field), headers: p.headers.map((h) => `“${h}”`).join(', ') });
      case 'rtrw':
        return t('imports.mapping.rtrw');
    }
  };

  const fileInfo = [
    upload.import.format.toUpperCase(),
    upload.import.encoding,
    upload.import.delimiter ? `“${upload.import.delimiter}”` : null,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <section className="card" aria-labelledby="mapping-title">
      <h2 id="mapping-title">{t('imports.mapping.title')}</h2>
      <p>
        {t('imports.mapping.info', { file: upload.import.fileName, row: analysis.headerRow })}{' '}
        <span className="hint-inline">
          ({tDynamic(`source.${upload.import.source}`, upload.import.source)} · {fileInfo})
        </span>
      </p>
      <p className="hint">{t('imports.mapping.requiredNote', { fields: required.map(fieldLabel).join(', ') })}</p>

      <div className="table-scroll" role="group" aria-labelledby="mapping-title" tabIndex={0}>
        <table className="table mapping-table">
          <thead>
            <tr>
              <th scope="col">{t('imports.mapping.col.header')}</th>
              <th scope="col">{t('imports.mapping.col.field')}</th>
              <th scope="col">{t('imports.mapping.col.sample')}</th>
            </tr>
          </thead>
          <tbody>
            {analysis.headers.map((header, index) => {
              const selectId = `${selectIdBase}-column-${index}`;
              const shownHeader = header || t('imports.mapping.emptyHeader', { n: String(index + 1) });
              const samples = analysis.sample
                .map((row) => row[index] ?? '')
                .filter((v) => v.trim() !== '')
                .slice(0, SAMPLES_SHOWN);
              const chosen = mapping[header] ?? '';
              const chosenField = fields.find((f) => f.key === chosen);
              return (
                <tr key={`${index}-${header}`}>
                  <th scope="row" className="mapping-header">
                    {shownHeader}
                  </th>
                  <td>
                    <label htmlFor={selectId} className="visually-hidden">
                      {t('imports.mapping.select', { header: shownHeader })}
                    </label>
                    <select
                      id={selectId}
                      value={chosen}
                      disabled={pending}
                      aria-describedby={problems.length > 0 ? problemsId : undefined}
                      onChange={(e) => setMapping((m) => ({ ...m, [header]: e.target.value || null }))}
                    >
                      <option value="">{t('imports.mapping.ignore')}</option>
                      <optgroup label={`* ${t('imports.mapping.required')}`}>
                        {required.map((f) => (
                          <option key={f.key} value={f.key}>
                            {fieldLabel(f)}
                          </option>
                        ))}
                      </optgroup>
                      <optgroup label={t('imports.mapping.col.field')}>
                        {optional.map((f) => (
                          <option key={f.key} value={f.key}>
                            {fieldLabel(f)}
                          </option>
                        ))}
                      </optgroup>
                    </select>
                    {chosenField?.required && (
                      <span className="tag tag-required">
                        <span aria-hidden="true">* </span>
                        {t('imports.mapping.required')}
                      </span>
                    )}
                  </td>
                  <td>
                    <ul className="samples">
                      {samples.map((v, i) => (
                        <li key={i}>{v}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div id={problemsId} aria-live="polite">
        {problems.length > 0 && (
          <div className="notice notice-warning">
            <p className="notice-title">{t('imports.mapping.problems')}</p>
            <ul>
              {problems.map((p, i) => (
                <li key={i}>{describe(p)}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {Boolean(error) && <ErrorNotice error={error} />}

      <p className="hint">{t('imports.dryRun.hint')}</p>
      <div className="actions">
        <button type="button" className="button" disabled={problems.length > 0 || pending} onClick={() => onDryRun(mapping)}>
          {t('imports.dryRun')}
        </button>
        <button type="button" className="button button-secondary" onClick={onStartOver} disabled={pending}>
          {t('imports.startOver')}
        </button>
      </div>
    </section>
  );
}
