import { useState } from 'react';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { ENROLMENT_FIELDS, useLayout, useSaveLayout, type EnrolmentField, type Layout } from '../api/enrolment.ts';

/**
 * The columns of the batch file, as BPJS TK's office wants them (its template is not public):
 * each column's header and what it holds, in order, and how dates are written. New batches use it.
 */
export function LayoutEditor({ regionCode }: { regionCode: string }) {
  const { t } = useT();
  const current = useLayout(regionCode);
  const save = useSaveLayout(regionCode);
  const [draft, setDraft] = useState<Layout | null>(null);
  if (current.isError) return <ErrorNotice error={current.error} />;
  if (!current.data) return null;
  const layout = draft ?? current.data.layout;
  const setColumn = (i: number, c: Partial<Layout['columns'][number]>) => setDraft({ ...layout, columns: layout.columns.map((x, j) => (j === i ? { ...x, ...c } : x)) });
  const move = (i: number, by: number) => {
    const columns = [...layout.columns];
    [columns[i], columns[i + by]] = [columns[i + by]!, columns[i]!];
    setDraft({ ...layout, columns });
  };
  return (
    <details className="card layout-editor">
      <summary>{t('layout.title')}</summary>
      <p className="muted">{t('layout.hint')}</p>
      <div className="field">
        <label htmlFor="layout-date">{t('layout.dateFormat')}</label>
        <select id="layout-date" value={layout.dateFormat} onChange={(e) => setDraft({ ...layout, dateFormat: e.target.value as Layout['dateFormat'] })}>
          {(['DD-MM-YYYY', 'DD/MM/YYYY', 'YYYY-MM-DD'] as const).map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </div>
      <ol className="layout-columns">
        {layout.columns.map((c, i) => (
          <li key={i} className="field-row">
            <input aria-label={t('layout.header', { n: i + 1 })} value={c.header} maxLength={60} onChange={(e) => setColumn(i, { header: e.target.value })} />
            <select aria-label={t('layout.field', { n: i + 1 })} value={c.field} onChange={(e) => setColumn(i, { field: e.target.value as EnrolmentField })}>
              {ENROLMENT_FIELDS.map((f) => (
                <option key={f} value={f}>
                  {t(`layout.fields.${f}`)}
                </option>
              ))}
            </select>
            <button type="button" className="button button-ghost" disabled={i === 0} aria-label={t('layout.up', { n: i + 1 })} onClick={() => move(i, -1)}>
              ↑
            </button>
            <button type="button" className="button button-ghost" disabled={i === layout.columns.length - 1} aria-label={t('layout.down', { n: i + 1 })} onClick={() => move(i, 1)}>
              ↓
            </button>
            <button type="button" className="button button-ghost" onClick={() => setDraft({ ...layout, columns: layout.columns.filter((_, j) => j !== i) })}>
              {t('criteria.remove')}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="button button-ghost" onClick={() => setDraft({ ...layout, columns: [...layout.columns, { header: 'KOLOM_BARU', field: 'name' }] })}>
        {t('layout.addColumn')}
      </button>{' '}
      <button type="button" className="button" disabled={draft === null || save.isPending} onClick={() => save.mutate(layout, { onSuccess: () => setDraft(null) })}>
        {t('layout.save')}
      </button>
      {save.isError && <ErrorNotice error={save.error} />}
    </details>
  );
}
