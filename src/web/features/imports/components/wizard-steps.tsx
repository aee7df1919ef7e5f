import { useT } from '../../../lib/i18n.tsx';
import type { MessageKey } from '../../../lib/messages.ts';

const STEPS: MessageKey[] = ['imports.step.upload', 'imports.step.mapping', 'imports.step.check', 'imports.step.commit'];

/** The four steps, with the current one marked for sight and for screen readers. */
export function WizardSteps({ current }: { current: 1 | 2 | 3 | 4 }) {
  const { t } = useT();
  return (
    <ol className="wizard-steps" aria-label={t('imports.steps')}>
      {STEPS.map((key, i) => {
        const n = i + 1;
        const state = n < current ? 'done' : n === current ? 'current' : 'todo';
        return (
          <li key={key} className={`wizard-step wizard-step-${state}`} aria-current={n === current ? 'step' : undefined}>
            <span className="wizard-step-number" aria-hidden="true">
              {n < current ? '✓' : n}
            </span>
            <span className="wizard-step-label">{t(key)}</span>
          </li>
        );
      })}
    </ol>
  );
}
