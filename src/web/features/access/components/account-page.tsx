import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useChangePassword, useSession } from '../api/session.ts';
import { OwnSessions } from './own-sessions.tsx';
import { RoleList } from './role-list.tsx';

export function AccountPage() {
  const { t } = useT();
  const session = useSession();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const ids = { current: useId(), next: useId(), repeat: useId(), mismatch: useId() };
  useDocumentTitle(t('account.title'));
  const user = session.data?.user;
  if (!user) return null;
  const mismatch = repeat !== '' && next !== repeat;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    change.mutate({ current, next }, { onSuccess: () => (setCurrent(''), setNext(''), setRepeat('')) });
  };

  return (
    <>
      <header className="page-header">
        <h1>{t('account.title')}</h1>
        <p>
          {user.name} · {user.email}
        </p>
      </header>
      {user.mustChangePassword && (
        <p className="notice notice-warning" role="status">
          {t('account.mustChange')}
        </p>
      )}
      <section className="card" aria-labelledby="roles-title">
        <h2 id="roles-title">{t('account.roles')}</h2>
        <RoleList roles={user.grants} />
      </section>
      {!user.mustChangePassword && <OwnSessions />}
      <form className="card form" onSubmit={submit} aria-labelledby="pw-title">
        <h2 id="pw-title">{t('account.changePassword')}</h2>
        <div className="field">
          <label htmlFor={ids.current}>{t('account.current')}</label>
          <input id={ids.current} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.next}>{t('account.new')}</label>
          <input id={ids.next} type="password" autoComplete="new-password" required minLength={10} value={next} onChange={(e) => setNext(e.target.value)} />
          <p className="hint">{t('account.rule')}</p>
        </div>
        <div className="field">
          <label htmlFor={ids.repeat}>{t('account.repeat')}</label>
          <input
            id={ids.repeat}
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            aria-invalid={mismatch}
            aria-describedby={mismatch ? ids.mismatch : undefined}
            onChange={(e) => setRepeat(e.target.value)}
          />
          {mismatch && (
            <p id={ids.mismatch} className="field-error" role="alert">
              {t('account.mismatch')}
            </p>
          )}
        </div>
        {change.isError && <ErrorNotice error={change.error} />}
        {change.isSuccess && (
          <p className="notice notice-success" role="status">
            {t('account.changed')}
          </p>
        )}
        <button type="submit" className="button" disabled={change.isPending || mismatch}>
          {t('account.save')}
        </button>
      </form>
    </>
  );
}
