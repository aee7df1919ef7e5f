import { ProgressBar } from '../../../components/progress-bar.tsx';
import { useT } from '../../../lib/i18n.tsx';
import type { ImportView } from '../api/get-import.ts';

/** Stops short of full until the server says the step is done. */
const ESTIMATE_CEILING = 0.99;

/** What a running import is doing: rows read out of an estimate when there is one, else a count. */
export function ImportProgress({ view, estimate, committing }: { view: ImportView; estimate: number | null; committing: boolean }) {
  const { t } = useT();
  const phase =
    view.phase ??
    (committing ? 'merging' : view.status === 'staging' ? 'reading' : view.status === 'staged' || view.status === 'checking' ? 'checking' : null);
  const phaseText = phase ? t(`imports.phase.${phase}`) : t('imports.phase.waiting');
  const total = view.rowsEstimate ?? estimate;

  let value: number | null = null;
  let rowsText = t('imports.rowsRead', { n: view.rowsDone });
  if (phase === 'reading' && total && view.rowsDone < total) {
    value = Math.min(view.rowsDone / total, ESTIMATE_CEILING);
    rowsText = t('imports.rowsOfAbout', { n: view.rowsDone, total });
  }

  return (
    <div className="import-progress" aria-live="polite">
      <p className="progress-phase">
        <span className="spinner" aria-hidden="true" />
        {phaseText}
      </p>
      <ProgressBar label={t('imports.progress')} value={value} text={rowsText} />
    </div>
  );
}
