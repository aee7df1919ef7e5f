import { useEffect } from 'react';
import { Outlet, useParams } from 'react-router-dom';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Loading } from '../components/loading.tsx';
import { usePrograms } from '../features/programs/api/get-programs.ts';
import { NoPrograms } from '../features/programs/components/no-programs.tsx';
import { useT } from '../lib/i18n.tsx';
import { rememberProgram } from './program-memory.ts';

/** Pages under /p/:regionCode: checks the program exists and remembers it as the last one used. */
export function ProgramLayout() {
  const { t } = useT();
  const { regionCode = '' } = useParams();
  const programs = usePrograms();
  const program = programs.data?.items.find((p) => p.regionCode === regionCode);

  useEffect(() => {
    if (program) rememberProgram(program.regionCode);
  }, [program]);

  if (programs.isPending) return <Loading label={t('program.loading')} />;
  if (programs.isError) return <ErrorNotice error={programs.error} onRetry={() => void programs.refetch()} />;
  if (programs.data.items.length === 0) return <NoPrograms />;
  if (!program) {
    return (
      <div className="notice notice-warning" role="alert">
        <p className="notice-title">{t('program.notFound', { code: regionCode })}</p>
        <p>{t('program.choose')}</p>
      </div>
    );
  }
  return <Outlet />;
}
