import { useT } from '../../../lib/i18n.tsx';
import type { PlacementReason } from '../api/allocation.ts';

/** Why a worker was chosen, in the order the rules weigh it. */
export function ReasonBadges({ reason }: { reason: PlacementReason }) {
  const { t, date } = useT();
  return (
    <ul className="reason-list">
      {reason.named && <li className="badge badge-active">{t('placement.reason.named')}</li>}
      {reason.continuity && <li className="badge badge-active">{t('placement.reason.continuity')}</li>}
      {reason.desil !== null && <li className="badge">{t('placement.reason.desil', { desil: reason.desil })}</li>}
      <li className="badge">{t(`placement.reason.${reason.proximity}`)}</li>
      {reason.preference === true && !reason.named && <li className="badge">{t('placement.reason.preference')}</li>}
      <li className="reason-waiting">{t('placement.reason.waiting', { since: date(reason.waitingSince) })}</li>
    </ul>
  );
}
