import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { useOccupations } from '../../../lib/occupations.ts';
import { useCommitPledge, useCreatePledge, usePledges, useQuote, useRenewals, useRenewPledge, type Pledge, type PledgeDraft, type QuoteMonth } from '../api/pledges.ts';

const rupiah = (n: number, num: (n: number) => string) => `Rp${num(n)}`;

function QuoteTable({ months, caption }: { months: QuoteMonth[]; caption: string }) {
  const { t, num } = useT();
  return (
    <div className="table-scroll" role="group" tabIndex={0} aria-label={caption}>
      <table className="table quote-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pledge.month')}</th>
            <th scope="col" className="num">
              {t('pledge.perWorker')}
            </th>
            <th scope="col" className="num">
              {t('pledge.monthTotal')}
            </th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month}>
              <td>
                {m.month}
                {m.discounted && <span className="badge badge-active">{t('pledge.discount')}</span>}
              </td>
              <td className="num">{rupiah(m.perWorker, num)}</td>
              <td className="num">{rupiah(m.total, num)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the app shows under a committed pledge: the workers it funds (the allocation feature's). */
export type PlacementsSlot = (pledgeId: number) => ReactNode;

function PledgeRow({ sponsorId, pledge, placements }: { sponsorId: string; pledge: Pledge; placements?: PlacementsSlot | undefined }) {
  const { t, num } = useT();
  const commit = useCommitPledge(sponsorId);
  return (
    <li className="card pledge">
      <p className="notice-title">
        {t('pledge.summary', { workers: pledge.workers, months: pledge.months, start: pledge.start })} · {rupiah(pledge.total, num)} ·{' '}
        <span className={`badge ${pledge.status === 'committed' ? 'badge-active' : 'badge-inactive'}`}>{t(`pledge.status.${pledge.status}`)}</span>
      </p>
      <QuoteTable months={pledge.quote} caption={t('pledge.quoteOf', { id: pledge.id })} />
      {pledge.status === 'draft' && (
        <button type="button" className="button" disabled={commit.isPending} onClick={() => commit.mutate({ id: pledge.id, expectedTotal: pledge.total })}>
          {t('pledge.commit', { total: rupiah(pledge.total, num) })}
        </button>
      )}
      {commit.isError && <ErrorNotice error={commit.error} />}
      {pledge.status === 'committed' && placements?.(pledge.id)}
    </li>
  );
}

/** Pledges ending within 30 days: the price of going on with the same workers, and a button to do it. */
function RenewalPrompts({ sponsorId, canRenew }: { sponsorId: string; canRenew: boolean }) {
  const { t, num, date } = useT();
  const renewals = useRenewals(sponsorId);
  const renew = useRenewPledge(sponsorId);
  if (!renewals.data || renewals.data.items.length === 0) return null;
  return (
    <div className="notice notice-warning renewals" role="region" aria-label={t('renewal.title')}>
      <p className="notice-title">{t('renewal.title')}</p>
      <ul>
        {renewals.data.items.map((r) => (
          <li key={r.pledgeId}>
            <p>{t('renewal.due', { id: r.pledgeId, endsOn: date(r.endsOn), days: r.daysLeft, workers: r.workers, months: r.months, start: r.start, total: rupiah(r.total, num) })}</p>
            {canRenew && (
              <button type="button" className="button" disabled={renew.isPending} onClick={() => renew.mutate(r.pledgeId)}>
                {t('renewal.renew', { total: rupiah(r.total, num) })}
              </button>
            )}
          </li>
        ))}
      </ul>
      {renew.isError && <ErrorNotice error={renew.error} />}
      {renew.data && <p role="status">{t('renewal.drafted', { id: renew.data.pledge.id })}</p>}
    </div>
  );
}

/** The sponsor's pledges and a form that shows the price month by month before anything is saved. */
export function PledgesSection({ sponsorId, canPledge, placements }: { sponsorId: string; canPledge: boolean; placements?: PlacementsSlot }) {
  const { t, num, lang } = useT();
  const pledges = usePledges(sponsorId);
  const create = useCreatePledge(sponsorId);
  const occupations = useOccupations();
  const [draft, setDraft] = useState<PledgeDraft>({
    kind: 'workers',
    workers: 10,
    budget: 1_000_000,
    months: 6,
    start: nextMonth(),
    package: 'JKK_JKM',
    declaredIncome: 1_000_000,
    schedule: 'monthly',
    occupations: [],
    ring1First: true,
  });
  const valid = (draft.kind === 'workers' ? draft.workers > 0 : draft.budget > 0) && draft.months > 0 && /^\d{4}-\d{2}$/.test(draft.start) && draft.declaredIncome >= 1_000_000;
  const quote = useQuote(sponsorId, canPledge && valid ? draft : null);
  const ids = { workers: useId(), budget: useId(), months: useId(), start: useId(), pkg: useId(), income: useId(), schedule: useId(), ring: useId() };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(draft);
  };
  const toggleOccupation = (code: string) =>
    setDraft({ ...draft, occupations: draft.occupations.includes(code) ? draft.occupations.filter((c) => c !== code) : [...draft.occupations, code] });
  return (
    <section className="section" aria-labelledby="pledges-title">
      <h2 id="pledges-title">{t('pledge.title')}</h2>
      <RenewalPrompts sponsorId={sponsorId} canRenew={canPledge} />
      {canPledge && (
        <form className="card form" onSubmit={submit} aria-label={t('pledge.new')}>
          <fieldset className="choice">
            <legend>{t('pledge.kind')}</legend>
            {(['workers', 'budget'] as const).map((k) => (
              <label key={k}>
                <input type="radio" name="pledge-kind" checked={draft.kind === k} onChange={() => setDraft({ ...draft, kind: k })} /> {t(`pledge.kind.${k}`)}
              </label>
            ))}
          </fieldset>
          <div className="field-row">
            {draft.kind === 'workers' ? (
              <div className="field">
                <label htmlFor={ids.workers}>{t('pledge.workers')}</label>
                <input id={ids.workers} type="number" min={1} inputMode="numeric" value={draft.workers} onChange={(e) => setDraft({ ...draft, workers: Number(e.target.value) })} />
              </div>
            ) : (
              <div className="field">
                <label htmlFor={ids.budget}>{t('pledge.budget')}</label>
                <input id={ids.budget} type="number" min={1} inputMode="numeric" value={draft.budget} onChange={(e) => setDraft({ ...draft, budget: Number(e.target.value) })} />
              </div>
            )}
            <div className="field">
              <label htmlFor={ids.months}>{t('pledge.months')}</label>
              <input id={ids.months} type="number" min={1} max={36} inputMode="numeric" value={draft.months} onChange={(e) => setDraft({ ...draft, months: Number(e.target.value) })} />
            </div>
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.start}>{t('pledge.start')}</label>
              <input id={ids.start} type="month" value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={ids.schedule}>{t('pledge.schedule')}</label>
              <select id={ids.schedule} value={draft.schedule} onChange={(e) => setDraft({ ...draft, schedule: e.target.value as PledgeDraft['schedule'] })}>
                {(['monthly', 'quarterly', 'half_yearly', 'yearly'] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`pledge.schedule.${k}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.pkg}>{t('pledge.package')}</label>
              <select id={ids.pkg} value={draft.package} onChange={(e) => setDraft({ ...draft, package: e.target.value as PledgeDraft['package'] })}>
                <option value="JKK_JKM">JKK + JKM</option>
                <option value="JKK_JKM_JHT">JKK + JKM + JHT</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.income}>{t('pledge.income')}</label>
              <input id={ids.income} type="number" min={1_000_000} step={1000} inputMode="numeric" value={draft.declaredIncome} onChange={(e) => setDraft({ ...draft, declaredIncome: Number(e.target.value) })} />
            </div>
          </div>
          <div className="checkbox-field">
            <input id={ids.ring} type="checkbox" checked={draft.ring1First} onChange={(e) => setDraft({ ...draft, ring1First: e.target.checked })} />
            <label htmlFor={ids.ring}>{t('pledge.ring1First')}</label>
          </div>
          {occupations.data && (
            <fieldset className="choice occupations">
              <legend>{t('pledge.occupations')}</legend>
              {occupations.data.items.map((o) => (
                <label key={o.code}>
                  <input type="checkbox" checked={draft.occupations.includes(o.code)} onChange={() => toggleOccupation(o.code)} /> {lang === 'en' ? o.nameEn : o.nameId}
                </label>
              ))}
            </fieldset>
          )}
          {quote.data && (
            <>
              <QuoteTable months={quote.data.quote} caption={t('pledge.quote')} />
              {draft.kind === 'budget' && <p>{t('pledge.budgetCovers', { workers: quote.data.workers })}</p>}
              <p className="pledge-total">{t('pledge.total', { total: rupiah(quote.data.total, num) })}</p>
            </>
          )}
          {quote.isError && <ErrorNotice error={quote.error} />}
          {create.isError && <ErrorNotice error={create.error} />}
          <button type="submit" className="button" disabled={create.isPending}>
            {t('pledge.save')}
          </button>
        </form>
      )}
      {pledges.isError && <ErrorNotice error={pledges.error} />}
      <ul className="pledge-list">
        {(pledges.data?.items ?? []).map((p) => (
          <PledgeRow key={p.id} sponsorId={sponsorId} pledge={p} placements={placements} />
        ))}
      </ul>
      {pledges.data?.items.length === 0 && <p>{t('pledge.none')}</p>}
    </section>
  );
}

function nextMonth(): string {
  const d = new Date();
  const m = d.getMonth() + 2;
  return m > 12 ? `${d.getFullYear() + 1}-01` : `${d.getFullYear()}-${String(m).padStart(2, '0')}`;
}
