import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Loading } from '../components/loading.tsx';
import { sessionQueryKey, useSession } from '../features/access/api/session.ts';
import { SESSION_LOST_EVENT } from '../lib/api-client.ts';
import { useT } from '../lib/i18n.tsx';
import { paths } from '../lib/paths.ts';

/** Everything but the login page needs a session; a user with a temporary password changes it first. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useT();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();

  useEffect(() => {
    const lost = () => {
      qc.clear();
      navigate(`${paths.login(location.pathname + location.search)}&sesi=habis`, { replace: true });
    };
    window.addEventListener(SESSION_LOST_EVENT, lost);
    return () => window.removeEventListener(SESSION_LOST_EVENT, lost);
  }, [navigate, qc, location.pathname, location.search]);

  if (session.isPending) return <Loading label={t('common.loading')} />;
  if (session.isError) return <ErrorNotice error={session.error} onRetry={() => void qc.invalidateQueries({ queryKey: sessionQueryKey })} />;
  const user = session.data.user;
  if (!user) return <Navigate to={paths.login(location.pathname === '/' ? undefined : location.pathname + location.search)} replace />;
  if (user.mustChangePassword && location.pathname !== paths.account()) return <Navigate to={paths.account()} replace />;
  return <>{children}</>;
}
