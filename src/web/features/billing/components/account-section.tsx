import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { useAccount, useRecordPayment, type PaymentDraft } from '../api/billing.ts';

const newKey = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Recording a payment. The form carries one idempotency key until a payment is recorded, so a
 * double click or a retry after a lost answer records it once.
 */
function PaymentForm({ sponsorId }: { sponsorId: string }) {
  const { t, num } = useT();
  const record = useRecordPayment(sponsorId);
  const [draft, setDraft] = useState<Omit<PaymentDraft, 'idempotencyKey'>>({ amount: 0, paidOn: today(), method: 'transfer', reference: '' });
  const [key, setKey] = useState(newKey);
  const ids = { amount: useId(), paidOn: useId(), method: useId(), reference: useId() };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate(
      { ...draft, ...(draft.reference ? {} : { reference: undefined }), idempotencyKey: key },
      {
        onSuccess: () => {
          setKey(newKey());
          setDraft({ ...draft, amount: 0, reference: '' });
        },
      },
    );
  };
  return (
    <form className="card form" onSubmit={submit} aria-label={t('billing.recordPayment')}>
      <h3>{t('billing.recordPayment')}</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.amount}>{t('billing.amount')}</label>
          <input id={ids.amount} type="number" min={1} inputMode="numeric" value={draft.amount || ''} onChange={(e) => setDraft({ ...draft, amount: Number(e.target.value) })} />
        </div>
        <div className="field">
          <label htmlFor={ids.paidOn}>{t('billing.paidOn')}</label>
          <input id={ids.paidOn} type="date" value={draft.paidOn} onChange={(e) => setDraft({ ...draft, paidOn: e.target.value })} />
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.method}>{t('billing.method')}</label>
          <select id={ids.method} value={draft.method} onChange={(e) => setDraft({ ...draft, method: e.target.value as PaymentDraft['method'] })}>
            {(['transfer', 'virtual_account', 'cash', 'other'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`billing.method.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.reference}>{t('billing.reference')}</label>
          <input id={ids.reference} value={draft.reference ?? ''} maxLength={120} onChange={(e) => setDraft({ ...draft, reference: e.target.value })} />
        </div>
      </div>
      <button type="submit" className="button" disabled={draft.amount <= 0 || record.isPending}>
        {t('billing.save', { amount: `Rp${num(draft.amount)}` })}
      </button>
      {record.isError && <ErrorNotice error={record.error} />}
      {record.data && (
        <p className="notice notice-success" role="status">
          {record.data.duplicate ? t('billing.duplicate') : t('billing.recorded')}
        </p>
      )}
    </form>
  );
}

/** A sponsor's invoices, payments and balance; programme admins record payments here. */
export function AccountSection({ sponsorId, canRecord }: { sponsorId: string; canRecord: boolean }) {
  const { t, num, date } = useT();
  const account = useAccount(sponsorId);
  const rp = (n: number) => `Rp${num(n)}`;
  return (
    <section className="section" aria-labelledby="account-title">
      <h2 id="account-title">{t('billing.title')}</h2>
      {account.isError && <ErrorNotice error={account.error} />}
      {account.data && (
        <>
          <dl className="figures">
            <div>
              <dt>{t('billing.invoiced')}</dt>
              <dd>{rp(account.data.invoiced)}</dd>
            </div>
            <div>
              <dt>{t('billing.paid')}</dt>
              <dd>{rp(account.data.paid)}</dd>
            </div>
            <div>
              <dt>{t('billing.outstanding')}</dt>
              <dd>{rp(account.data.outstanding)}</dd>
            </div>
            <div>
              <dt>{t('billing.credit')}</dt>
              <dd>{rp(account.data.credit)}</dd>
            </div>
          </dl>
          {account.data.invoices.length === 0 ? (
            <p>{t('billing.noInvoices')}</p>
          ) : (
            <div className="table-scroll" role="group" tabIndex={0} aria-label={t('billing.invoices')}>
              <table className="table">
                <caption className="visually-hidden">{t('billing.invoices')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('billing.number')}</th>
                    <th scope="col">{t('billing.months')}</th>
                    <th scope="col" className="num">
                      {t('billing.total')}
                    </th>
                    <th scope="col" className="num">
                      {t('billing.paid')}
                    </th>
                    <th scope="col">{t('billing.due')}</th>
                    <th scope="col">{t('billing.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {account.data.invoices.map((i) => (
                    <tr key={i.id}>
                      <td>{i.number}</td>
                      <td>{i.months.map((m) => m.month).join(', ')}</td>
                      <td className="num">{rp(i.total)}</td>
                      <td className="num">{rp(i.paid)}</td>
                      <td>{date(i.dueDate)}</td>
                      <td>
                        <span className={`badge badge-invoice-${i.status}`}>{t(`billing.status.${i.status}`)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {account.data.payments.length > 0 && (
            <>
              <h3>{t('billing.payments')}</h3>
              <ul className="payment-list">
                {account.data.payments.map((p) => (
                  <li key={p.id}>
                    {date(p.paidOn)} · {rp(p.amount)} · {t(`billing.method.${p.method as PaymentDraft['method']}`)}
                    {p.reference ? ` · ${p.reference}` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {canRecord && <PaymentForm sponsorId={sponsorId} />}
    </section>
  );
}
