import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { useOwnSessions, useRevokeSession } from '../api/session.ts';

/** Where one is logged in; any other device can be logged out from here (a lost phone). */
export function OwnSessions() {
  const { t, dateTime } = useT();
  const sessions = useOwnSessions();
  const revoke = useRevokeSession();
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('account.sessions')}</h2>
      {sessions.isError && <ErrorNotice error={sessions.error} />}
      <ul className="role-list">
        {(sessions.data?.items ?? []).map((s) => (
          <li key={s.id}>
            {s.userAgent ?? t('common.empty')} · {s.ip ?? ''} · {t('account.lastSeen', { when: dateTime(s.lastSeenAt) })}
            {s.current ? (
              <strong> · {t('account.thisDevice')}</strong>
            ) : (
              <button type="button" className="button button-ghost" disabled={revoke.isPending} onClick={() => revoke.mutate(s.id)}>
                {t('account.endSession')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {revoke.isError && <ErrorNotice error={revoke.error} />}
    </section>
  );
}
