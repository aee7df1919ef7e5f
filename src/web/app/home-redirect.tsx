import { Navigate } from 'react-router-dom';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Loading } from '../components/loading.tsx';
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
  useDocumentTitle(null);
  if (programs.isPending) return <Loading label={t('program.loading')} />;
  if (programs.isError) return <ErrorNotice error={programs.error} onRetry={() => void programs.refetch()} />;
  const items = programs.data.items;
  if (items.length === 0) return <NoPrograms />;
  const remembered = rememberedProgram();
  const code = items.find((p) => p.regionCode === remembered)?.regionCode ?? items[0]!.regionCode;
  return <Navigate to={paths.registry(code)} replace />;
}
