import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { subjectExportUrl, useEraseSubject, useFindSubject } from '../api/fieldwork.ts';

/** A person asks what is held about them, to correct it, or to be forgotten (UU 27/2022 Pasal 5-13). */
export function SubjectRequestsPage({ regionCode }: { regionCode: string }) {
  const { t } = useT();
  const find = useFindSubject(regionCode);
  const erase = useEraseSubject();
  const [nik, setNik] = useState('');
  const [mode, setMode] = useState<'anonymise' | 'erase'>('anonymise');
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const ids = { nik: useId(), mode: useId(), reason: useId() };
  useDocumentTitle(t('dsr.title'));
  const subject = find.data?.subject;

  return (
    <div className="narrow">
      <header className="page-header">
        <h1>{t('dsr.title')}</h1>
        <p>{t('dsr.intro')}</p>
      </header>
      <form
        className="card form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          erase.reset();
          find.mutate(nik.replace(/\s/g, ''));
        }}
      >
        <div className="field">
          <label htmlFor={ids.nik}>{t('dsr.nik')}</label>
          <input id={ids.nik} required inputMode="numeric" autoComplete="off" value={nik} onChange={(e) => setNik(e.target.value)} />
        </div>
        {find.isError && <ErrorNotice error={find.error} />}
        <button type="submit" className="button" disabled={find.isPending}>
          {t('dsr.find')}
        </button>
      </form>
      {find.isSuccess && !subject && (
        <p className="notice notice-warning" role="status">
          {t('dsr.notFound')}
        </p>
      )}
      {subject && !erase.isSuccess && (
        <section className="card" aria-labelledby="dsr-subject">
          <h2 id="dsr-subject">
            {subject.name} · {subject.nikMasked}
          </h2>
          <ul className="dsr-steps">
            <li>
              <a className="button button-secondary" href={subjectExportUrl(subject.workerId)} download>
                {t('dsr.export')}
              </a>
            </li>
            <li>
              <Link to={paths.worker(regionCode, subject.workerId)}>{t('dsr.correct')}</Link>
            </li>
          </ul>
          <form
            className="form"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              if (confirmed) erase.mutate({ workerId: subject.workerId, mode, reason });
            }}
          >
            <h3>{t('dsr.eraseTitle')}</h3>
            <div className="field">
              <label htmlFor={ids.mode}>{t('dsr.mode')}</label>
              <select id={ids.mode} value={mode} onChange={(e) => setMode(e.target.value as 'anonymise' | 'erase')}>
                <option value="anonymise">{t('dsr.anonymise')}</option>
                <option value="erase">{t('dsr.erase')}</option>
              </select>
              <p className="hint">{t('dsr.modeHint')}</p>
            </div>
            <div className="field">
              <label htmlFor={ids.reason}>{t('dsr.reason')}</label>
              <input id={ids.reason} required value={reason} onChange={(e) => setReason(e.target.value)} />
            </div>
            <label className="check">
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
              {t('dsr.confirm')}
            </label>
            {erase.isError && <ErrorNotice error={erase.error} />}
            <button type="submit" className="button button-danger" disabled={!confirmed || erase.isPending}>
              {t('dsr.submit')}
            </button>
          </form>
        </section>
      )}
      {erase.isSuccess && (
        <p className="notice notice-success" role="status">
          {erase.data.done === 'erased' ? t('dsr.erased') : t('dsr.anonymised')}
        </p>
      )}
    </div>
  );
}
