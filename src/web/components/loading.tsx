import { useT } from '../lib/i18n.tsx';

export function Loading({ label }: { label?: string }) {
  const { t } = useT();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}
