import { Navigate } from 'react-router-dom';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Loading } from '../components/loading.tsx';
import { rolesIn, useSession } from '../features/access/api/session.ts';
import { usePrograms } from '../features/programs/api/get-programs.ts';
import { NoPrograms } from '../features/programs/components/no-programs.tsx';
import { useT } from '../lib/i18n.tsx';
import { paths } from '../lib/paths.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { rememberedProgram } from './program-memory.ts';

/** '/': opens the program used last on this device, or the first one, or explains how to make one. */
export function HomeRedirect() {
  const { t } = useT();
  const programs = usePrograms();
  const session = useSession();
  useDocumentTitle(null);
  if (programs.isPending) return <Loading label={t('program.loading')} />;
  if (programs.isError) return <ErrorNotice error={programs.error} onRetry={() => void programs.refetch()} />;
  const items = programs.data.items;
  if (items.length === 0) return <NoPrograms />;
  const remembered = rememberedProgram();
  const code = items.find((p) => p.regionCode === remembered)?.regionCode ?? items[0]!.regionCode;
  return <Navigate to={landingPage(session.data?.user, code)} replace />;
}

/** A role's first page in a program: the registry for staff, their own page for a sponsor user. */
export function landingPage(user: Parameters<typeof rolesIn>[0], code: string): string {
  const roles = rolesIn(user, code);
  if (roles.some((g) => g.role !== 'sponsor')) return paths.registry(code);
  const sponsorId = roles.find((g) => g.sponsorId !== null)?.sponsorId;
  return sponsorId ? paths.sponsor(code, sponsorId) : paths.account();
}
