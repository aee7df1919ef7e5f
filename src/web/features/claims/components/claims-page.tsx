import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useClaims, useRecordClaim, type ClaimDraft } from '../api/claims.ts';

const EMPTY: ClaimDraft = { kpj: '', type: 'JKK', eventDate: '', amountPaid: 0 };

/** The insurer officer's claims: JKK and JKM benefits paid to covered workers, for impact reports. */
export function ClaimsPage({ regionCode }: { regionCode: string }) {
  const { t, num, date } = useT();
  useDocumentTitle(t('claims.title'));
  const claims = useClaims(regionCode);
  const record = useRecordClaim(regionCode);
  const [draft, setDraft] = useState<ClaimDraft>(EMPTY);
  const ids = { kpj: useId(), type: useId(), eventDate: useId(), paidOn: useId(), amount: useId(), note: useId() };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { paidOn, note, ...rest } = draft;
    record.mutate({ ...rest, ...(paidOn ? { paidOn } : {}), ...(note ? { note } : {}) }, { onSuccess: () => setDraft(EMPTY) });
  };
  return (
    <>
      <header className="page-header">
        <h1>{t('claims.title')}</h1>
        <p className="page-sub">{t('claims.intro')}</p>
      </header>
      <form className="card form" onSubmit={submit} aria-label={t('claims.new')}>
        <h2>{t('claims.new')}</h2>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.kpj}>{t('claims.kpj')}</label>
            <input id={ids.kpj} inputMode="numeric" value={draft.kpj} onChange={(e) => setDraft({ ...draft, kpj: e.target.value.trim() })} />
          </div>
          <div className="field">
            <label htmlFor={ids.type}>{t('claims.type')}</label>
            <select id={ids.type} value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value as ClaimDraft['type'] })}>
              <option value="JKK">{t('claims.type.JKK')}</option>
              <option value="JKM">{t('claims.type.JKM')}</option>
            </select>
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.eventDate}>{t('claims.eventDate')}</label>
            <input id={ids.eventDate} type="date" value={draft.eventDate} onChange={(e) => setDraft({ ...draft, eventDate: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={ids.paidOn}>{t('claims.paidOn')}</label>
            <input id={ids.paidOn} type="date" value={draft.paidOn ?? ''} onChange={(e) => setDraft({ ...draft, paidOn: e.target.value })} />
          </div>
        </div>
        <div className="field">
          <label htmlFor={ids.amount}>{t('claims.amount')}</label>
          <input id={ids.amount} type="number" min={0} inputMode="numeric" value={draft.amountPaid || ''} onChange={(e) => setDraft({ ...draft, amountPaid: Number(e.target.value) })} />
        </div>
        <div className="field">
          <label htmlFor={ids.note}>{t('claims.note')}</label>
          <input id={ids.note} maxLength={500} value={draft.note ?? ''} onChange={(e) => setDraft({ ...draft, note: e.target.value })} />
        </div>
        {draft.type === 'JKM' && <p className="muted">{t('claims.jkmNote')}</p>}
        <button type="submit" className="button" disabled={!draft.kpj || !draft.eventDate || record.isPending}>
          {t('claims.save')}
        </button>
        {record.isError && <ErrorNotice error={record.error} />}
        {record.data && (
          <p className="notice notice-success" role="status">
            {t('claims.saved', { name: record.data.claim.workerName, sponsor: record.data.claim.sponsorName })}
          </p>
        )}
      </form>
      <section className="section" aria-labelledby="claims-list">
        <h2 id="claims-list">{t('claims.list')}</h2>
        {claims.isPending && <Loading label={t('common.loading')} />}
        {claims.isError && <ErrorNotice error={claims.error} />}
        {claims.data?.items.length === 0 && <p>{t('claims.none')}</p>}
        {claims.data && claims.data.items.length > 0 && (
          <div className="table-scroll" role="group" tabIndex={0} aria-label={t('claims.list')}>
            <table className="table">
              <caption className="visually-hidden">{t('claims.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('claims.eventDate')}</th>
                  <th scope="col">{t('claims.type')}</th>
                  <th scope="col">{t('placement.worker')}</th>
                  <th scope="col">{t('placement.sponsor')}</th>
                  <th scope="col" className="num">
                    {t('claims.amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {claims.data.items.map((c) => (
                  <tr key={c.id}>
                    <td>{date(c.eventDate)}</td>
                    <td>{c.type}</td>
                    <td>
                      <Link to={paths.worker(regionCode, c.workerId)}>{c.workerName}</Link>
                    </td>
                    <td>{c.sponsorName}</td>
                    <td className="num">Rp{num(c.amountPaid)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
