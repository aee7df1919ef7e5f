import { useT } from '../../../lib/i18n.tsx';
import type { MessageKey } from '../../../lib/messages.ts';
import type { ImportCounts as Counts } from '../api/get-import.ts';

type CountKey = keyof Counts;

const LABELS: Record<CountKey, MessageKey> = {
  rows: 'imports.count.rows',
  imported: 'imports.count.imported',
  updated: 'imports.count.updated',
  unchanged: 'imports.count.unchanged',
  rejected: 'imports.count.rejected',
  duplicates: 'imports.count.duplicates',
};

export function ImportCounts({ counts, show }: { counts: Counts; show: readonly CountKey[] }) {
  const { t, num } = useT();
  return (
    <dl className="counts">
      {show.map((key) => (
        <div key={key} className={`count count-${key}${key === 'rejected' && counts.rejected > 0 ? ' count-alert' : ''}`}>
          <dt>{t(LABELS[key])}</dt>
          <dd>{num(counts[key] ?? 0)}</dd>
        </div>
      ))}
    </dl>
  );
}
