import { ApiError } from '../lib/api-client.ts';
import { useT } from '../lib/i18n.tsx';

/** An error in the current language: the server's own message when it sent one. */
export function ErrorNotice({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t, pick } = useT();
  const message = error instanceof ApiError ? pick(error.messages) : t('error.unknown');
  // Asking again does not help when the request itself was refused (4xx).
  const retryable = !(error instanceof ApiError && error.status >= 400 && error.status < 500);
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{title ?? t('error.title')}</p>
      <p>{message}</p>
      {onRetry && retryable && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
