import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { useWorkerCover } from '../api/billing.ts';

/** A worker's BPJS TK cover month by month: paid, due, in arrears, or scheduled. */
export function CoverSection({ workerId }: { workerId: string }) {
  const { t } = useT();
  const cover = useWorkerCover(workerId);
  if (cover.isError) return <ErrorNotice error={cover.error} />;
  if (!cover.data) return null;
  const c = cover.data;
  return (
    <section className="section" aria-labelledby="cover-title">
      <h2 id="cover-title">{t('cover.title')}</h2>
      {c.months.length === 0 ? (
        <p>{t('cover.none')}</p>
      ) : (
        <>
          <ul className="cover-months">
            {c.months.map((m) => (
              <li key={`${m.placementId}-${m.month}`} className={`cover-month cover-${m.status}`} title={m.sponsorName}>
                <span className="cover-month-name">{m.month}</span> <span className="cover-month-status">{t(`cover.status.${m.status}`)}</span>
              </li>
            ))}
          </ul>
          <ul className="cover-facts">
            <li>{t('cover.paidMonths', { n: c.paidMonths })}</li>
            <li>{c.jkmFullBenefit ? t('cover.jkmFull') : t('cover.jkmFuneralOnly')}</li>
            <li>{c.countedForTargets ? t('cover.counted') : t('cover.notCounted')}</li>
            {c.membershipEnded && <li className="cover-ended">{t('cover.ended')}</li>}
          </ul>
        </>
      )}
    </section>
  );
}
