import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { usePledgePlacements } from '../api/allocation.ts';
import { ReasonBadges } from './reason-badges.tsx';

/**
 * The workers proposed for or placed under one pledge. A sponsor sees initials, kelurahan and the
 * reasons (no NIK, no desil); programme staff see what the server gives them.
 */
export function PledgePlacements({ pledgeId }: { pledgeId: number }) {
  const { t } = useT();
  const placements = usePledgePlacements(pledgeId);
  if (placements.isError) return <ErrorNotice error={placements.error} />;
  const items = placements.data?.items ?? [];
  if (placements.isPending) return null;
  if (items.length === 0) return <p className="muted">{t('placement.noneForPledge')}</p>;
  return (
    <div className="table-scroll" role="group" tabIndex={0} aria-label={t('placement.ofPledge', { id: pledgeId })}>
      <table className="table">
        <caption className="visually-hidden">{t('placement.ofPledge', { id: pledgeId })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('placement.worker')}</th>
            <th scope="col">{t('placement.kelurahan')}</th>
            <th scope="col">{t('placement.reason')}</th>
            <th scope="col">{t('placement.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id}>
              <td>{p.workerName}</td>
              <td>{p.kelurahanName ?? p.kelurahanCode ?? '—'}</td>
              <td>
                <ReasonBadges reason={p.reason} />
              </td>
              <td>
                <span className={`badge badge-placement-${p.status}`}>{t(`placement.status.${p.status}`)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
