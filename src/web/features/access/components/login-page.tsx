import { useId, useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useLogin, useSession } from '../api/session.ts';

/** Where to go after login: only a path inside the app, never another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/masuk') ? next : '/';
}

export function LoginPage() {
  const { t } = useT();
  const [params] = useSearchParams();
  const session = useSession();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const ids = { email: useId(), password: useId() };
  useDocumentTitle(t('login.title'));
  const next = safeNext(params.get('lanjut'));

  if (session.data?.user) return <Navigate to={session.data.user.mustChangePassword ? '/akun' : next} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password });
  };

  return (
    <div className="login-page">
      <form className="card form login-card" onSubmit={submit} aria-labelledby="login-title">
        <p className="brand">{t('app.name')}</p>
        <h1 id="login-title">{t('login.title')}</h1>
        {params.get('sesi') === 'habis' && !login.isError && (
          <p className="notice notice-warning" role="status">
            {t('login.expired')}
          </p>
        )}
        <div className="field">
          <label htmlFor={ids.email}>{t('login.email')}</label>
          <input id={ids.email} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.password}>{t('login.password')}</label>
          <input id={ids.password} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {login.isError && <ErrorNotice error={login.error} title={t('login.failed')} />}
        <button type="submit" className="button" disabled={login.isPending}>
          {login.isPending ? t('login.pending') : t('login.submit')}
        </button>
        <p>
          <Link to={paths.sponsorApplication()}>{t('login.apply')}</Link>
        </p>
        <p>
          <Link to={paths.publicCoverage()}>{t('login.public')}</Link>
        </p>
      </form>
    </div>
  );
}
