import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { usePublicPrograms } from '../../../lib/public-programs.ts';
import { SPONSOR_KINDS, useApplyAsSponsor, usePublicKelurahan, type ApplicationDraft } from '../api/sponsors.ts';

/**
 * The public registration of a sponsor: who they are, where, who to contact, and the password they
 * will log in with once a programme admin approves.
 */
export function SponsorApplicationPage() {
  const { t, tDynamic } = useT();
  useDocumentTitle(t('apply.title'));
  const programs = usePublicPrograms();
  const apply = useApplyAsSponsor();
  const [d, setD] = useState<ApplicationDraft>({ programCode: '', kind: 'company', name: '', contactName: '', contactEmail: '', password: '' });
  const programCode = d.programCode || programs.data?.items[0]?.regionCode || '';
  const kelurahan = usePublicKelurahan(programCode);
  const ids = { program: useId(), kind: useId(), name: useId(), nib: useId(), address: useId(), kel: useId(), contact: useId(), email: useId(), password: useId() };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const clean = Object.fromEntries(Object.entries({ ...d, programCode }).filter(([, v]) => v !== '' && v !== undefined)) as unknown as ApplicationDraft;
    apply.mutate(clean);
  };
  if (apply.data) {
    return (
      <div className="login-page">
        <div className="card login-card" role="status">
          <p className="brand">{t('app.name')}</p>
          <h1>{t('apply.sentTitle')}</h1>
          <p>{t('apply.sent', { id: apply.data.id })}</p>
          <p>
            <Link to={paths.login()}>{t('apply.toLogin')}</Link>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="login-page">
      <form className="card form login-card application-card" onSubmit={submit} aria-labelledby="apply-title">
        <p className="brand">{t('app.name')}</p>
        <h1 id="apply-title">{t('apply.title')}</h1>
        <p>{t('apply.intro')}</p>
        <div className="field">
          <label htmlFor={ids.program}>{t('apply.program')}</label>
          <select id={ids.program} value={programCode} onChange={(e) => setD({ ...d, programCode: e.target.value, addressKelurahan: '' })}>
            {programs.data?.items.map((p) => (
              <option key={p.regionCode} value={p.regionCode}>
                {p.name} · {p.regionName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.kind}>{t('apply.kind')}</label>
          <select id={ids.kind} value={d.kind} onChange={(e) => setD({ ...d, kind: e.target.value as ApplicationDraft['kind'] })}>
            {SPONSOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {tDynamic(`sponsorKind.${k}`, k)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.name}>{t('apply.name')}</label>
          <input id={ids.name} required value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} />
        </div>
        {d.kind === 'company' && (
          <div className="field">
            <label htmlFor={ids.nib}>{t('apply.nib')}</label>
            <input id={ids.nib} inputMode="numeric" maxLength={13} value={d.nib ?? ''} onChange={(e) => setD({ ...d, nib: e.target.value.trim() })} />
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.address}>{t('apply.address')}</label>
          <input id={ids.address} value={d.address ?? ''} onChange={(e) => setD({ ...d, address: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={ids.kel}>{t('apply.kelurahan')}</label>
          <select id={ids.kel} value={d.addressKelurahan ?? ''} onChange={(e) => setD({ ...d, addressKelurahan: e.target.value })}>
            <option value="">{t('field.choose')}</option>
            {kelurahan.data?.items.map((k) => (
              <option key={k.code} value={k.code}>
                {k.name} ({k.kecamatan})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.contact}>{t('apply.contactName')}</label>
          <input id={ids.contact} required autoComplete="name" value={d.contactName} onChange={(e) => setD({ ...d, contactName: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={ids.email}>{t('apply.contactEmail')}</label>
          <input id={ids.email} type="email" required autoComplete="email" value={d.contactEmail} onChange={(e) => setD({ ...d, contactEmail: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={ids.password}>{t('apply.password')}</label>
          <input id={ids.password} type="password" required minLength={10} autoComplete="new-password" value={d.password} onChange={(e) => setD({ ...d, password: e.target.value })} />
        </div>
        {apply.isError && <ErrorNotice error={apply.error} />}
        <button type="submit" className="button" disabled={apply.isPending || !programCode}>
          {t('apply.submit')}
        </button>
        <p>
          <Link to={paths.login()}>{t('apply.toLogin')}</Link>
        </p>
      </form>
    </div>
  );
}
