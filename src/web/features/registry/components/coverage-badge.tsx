import { useT } from '../../../lib/i18n.tsx';
import type { CoverageStatus } from '../api/get-workers.ts';

export function CoverageBadge({ status }: { status: CoverageStatus | string }) {
  const { tDynamic } = useT();
  return <span className={`badge badge-${status}`}>{tDynamic(`coverage.${status}`, status)}</span>;
}
