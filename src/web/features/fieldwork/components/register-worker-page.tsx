import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { CONSENT_DEFAULTS, useRegisterWorker, type ConsentInput } from '../api/fieldwork.ts';
import { ConsentFields } from './consent-fields.tsx';
import { EMPTY_FIELDS, toInput, WorkerFields, type FieldValues } from './worker-fields.tsx';

/** A field agent at someone's door: NIK from the KTP, the facts, and consent, on a phone. */
export function RegisterWorkerPage({ regionCode, kelurahanChoices }: { regionCode: string; kelurahanChoices?: string[] | undefined }) {
  const { t, tDynamic } = useT();
  const register = useRegisterWorker(regionCode);
  const [nik, setNik] = useState('');
  const [fields, setFields] = useState<FieldValues>(EMPTY_FIELDS);
  const [withConsent, setWithConsent] = useState(true);
  const [consent, setConsent] = useState<ConsentInput>(CONSENT_DEFAULTS);
  const ids = { nik: useId(), consent: useId() };
  useDocumentTitle(t('field.register.title'));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    register.mutate({ nik: nik.replace(/\s/g, ''), ...toInput(fields), ...(withConsent ? { consent } : {}) }, {
      onSuccess: () => {
        setNik('');
        setFields(EMPTY_FIELDS);
      },
    });
  };

  return (
    <div className="narrow">
      <header className="page-header">
        <h1>{t('field.register.title')}</h1>
        <p>{t('field.register.intro')}</p>
      </header>
      {register.isSuccess && (
        <div className="notice notice-success" role="status">
          <p className="notice-title">{t('field.register.done')}</p>
          {register.data.warnings.map((w) => (
            <p key={w}>{tDynamic(`warning.${w}`, w)}</p>
          ))}
          <p>
            <Link to={paths.worker(regionCode, register.data.id)}>{t('field.register.open')}</Link>
          </p>
        </div>
      )}
      <form className="card form" onSubmit={submit} aria-label={t('field.register.title')}>
        <div className="field">
          <label htmlFor={ids.nik}>NIK</label>
          <input id={ids.nik} required inputMode="numeric" autoComplete="off" maxLength={20} value={nik} onChange={(e) => setNik(e.target.value)} />
          <p className="hint">{t('field.nikHint')}</p>
        </div>
        <WorkerFields regionCode={regionCode} value={fields} onChange={setFields} kelurahanChoices={kelurahanChoices} />
        <fieldset className="fieldset">
          <legend>{t('worker.consents')}</legend>
          <label className="check">
            <input id={ids.consent} type="checkbox" checked={withConsent} onChange={(e) => setWithConsent(e.target.checked)} />
            {t('field.consentGiven')}
          </label>
          {withConsent && <ConsentFields value={consent} onChange={setConsent} />}
        </fieldset>
        {register.isError && <ErrorNotice error={register.error} />}
        <button type="submit" className="button button-block" disabled={register.isPending}>
          {t('field.register.submit')}
        </button>
      </form>
    </div>
  );
}
