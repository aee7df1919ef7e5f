import { useState } from 'react';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { CRITERIA, useCriteria, useSetCriteria, type Criterion } from '../api/allocation.ts';

/** The programme's priority order: criteria in use, in order, moved up or down, left out or added. */
export function CriteriaEditor({ regionCode }: { regionCode: string }) {
  const { t } = useT();
  const current = useCriteria(regionCode);
  const save = useSetCriteria(regionCode);
  const [draft, setDraft] = useState<Criterion[] | null>(null);
  if (current.isError) return <ErrorNotice error={current.error} />;
  if (!current.data) return null;
  const order = draft ?? current.data.criteria;
  const move = (i: number, by: number) => {
    const next = [...order];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setDraft(next);
  };
  return (
    <section className="card" aria-labelledby="criteria-title">
      <h2 id="criteria-title">{t('criteria.title')}</h2>
      <p className="muted">{t('criteria.hint')}</p>
      <ol className="criteria-list">
        {order.map((c, i) => (
          <li key={c}>
            <span>{t(`criteria.${c}`)}</span>{' '}
            <button type="button" className="button button-ghost" disabled={i === 0} aria-label={t('criteria.up', { name: t(`criteria.${c}`) })} onClick={() => move(i, -1)}>
              ↑
            </button>
            <button type="button" className="button button-ghost" disabled={i === order.length - 1} aria-label={t('criteria.down', { name: t(`criteria.${c}`) })} onClick={() => move(i, 1)}>
              ↓
            </button>
            <button type="button" className="button button-ghost" onClick={() => setDraft(order.filter((x) => x !== c))}>
              {t('criteria.remove')}
            </button>
          </li>
        ))}
      </ol>
      {CRITERIA.filter((c) => !order.includes(c)).map((c) => (
        <button key={c} type="button" className="button button-ghost" onClick={() => setDraft([...order, c])}>
          {t('criteria.add', { name: t(`criteria.${c}`) })}
        </button>
      ))}
      <p className="muted">{t('criteria.tail')}</p>
      <button type="button" className="button" disabled={draft === null || save.isPending} onClick={() => save.mutate(order, { onSuccess: () => setDraft(null) })}>
        {t('criteria.save')}
      </button>
      {save.isError && <ErrorNotice error={save.error} />}
    </section>
  );
}
