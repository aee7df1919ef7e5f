import { useT } from '../../../lib/i18n.tsx';

export const CREATE_PROGRAM_COMMAND = 'npx sekitar program create --region 36.72 --name "GEMET SEKUL"';

/** Shown when the installation has no program yet: programs are created on the server, by CLI. */
export function NoPrograms() {
  const { t } = useT();
  return (
    <section className="notice notice-info" aria-labelledby="no-programs-title">
      <h1 id="no-programs-title" className="notice-title">
        {t('program.none.title')}
      </h1>
      <p>{t('program.none.body')}</p>
      <pre className="command">
        <code>{CREATE_PROGRAM_COMMAND}</code>
      </pre>
    </section>
  );
}
