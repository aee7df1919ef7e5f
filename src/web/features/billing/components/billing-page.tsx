import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { RowProblems } from '../../../components/row-problems.tsx';
import { useArrears, useContinuity, useReconcile, useRunBilling } from '../api/billing.ts';

const thisMonth = () => new Date().toISOString().slice(0, 7);

/** A bank statement read as payments: refused whole, row by row, when any row is wrong. */
function ReconcileForm({ regionCode }: { regionCode: string }) {
  const { t, num } = useT();
  const reconcile = useReconcile(regionCode);
  const [file, setFile] = useState<File | null>(null);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) reconcile.mutate(file);
  };
  return (
    <form className="card form" onSubmit={submit} aria-label={t('reconcile.title')}>
      <h2>{t('reconcile.title')}</h2>
      <p className="muted">{t('reconcile.hint')}</p>
      <div className="field">
        <label htmlFor={id}>{t('reconcile.file')}</label>
        <input id={id} type="file" accept=".csv,.txt,.xlsx" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      <button type="submit" className="button" disabled={!file || reconcile.isPending}>
        {t('reconcile.upload')}
      </button>
      {reconcile.isError && <ErrorNotice error={reconcile.error} />}
      <RowProblems error={reconcile.error} label={t('reconcile.title')} />
      {reconcile.data && (
        <p className="notice notice-success" role="status">
          {t('reconcile.done', { recorded: num(reconcile.data.recorded), unchanged: num(reconcile.data.unchanged), amount: `Rp${num(reconcile.data.amount)}` })}
        </p>
      )}
    </form>
  );
}

/** The admin's billing desk: the monthly run, and the workers whose contributions are overdue. */
export function BillingPage({ regionCode }: { regionCode: string }) {
  const { t, num } = useT();
  useDocumentTitle(t('billingRun.title'));
  const [month, setMonth] = useState(thisMonth);
  const run = useRunBilling(regionCode);
  const arrears = useArrears(regionCode);
  const continuity = useContinuity(regionCode);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run.mutate(month);
  };
  return (
    <>
      <header className="page-header">
        <h1>{t('billingRun.title')}</h1>
        <p className="page-sub">{t('billingRun.intro')}</p>
      </header>
      <form className="card form" onSubmit={submit} aria-label={t('billingRun.run')}>
        <div className="field">
          <label htmlFor={id}>{t('billingRun.month')}</label>
          <input id={id} type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={run.isPending || !/^\d{4}-\d{2}$/.test(month)}>
          {t('billingRun.run')}
        </button>
        {run.isError && <ErrorNotice error={run.error} />}
        {run.data && (
          <p className="notice notice-success" role="status">
            {t('billingRun.done', { month: run.data.run.month, invoices: num(run.data.run.invoices), lines: num(run.data.run.lines), total: `Rp${num(run.data.run.total)}`, lapsed: num(run.data.run.lapsed) })}
          </p>
        )}
      </form>
      {continuity.data && continuity.data.workers > 0 && (
        <p className="notice notice-info" aria-live="polite">
          {t('billingRun.continuity', {
            share: `${num(Math.round(continuity.data.share * 1000) / 10)}%`,
            workers: num(continuity.data.workers),
            gaps: num(continuity.data.workersWithGap),
          })}
        </p>
      )}
      <ReconcileForm regionCode={regionCode} />
      <section className="section" aria-labelledby="arrears-title">
        <h2 id="arrears-title">{t('billingRun.arrears')}</h2>
        {arrears.isPending && <Loading label={t('common.loading')} />}
        {arrears.isError && <ErrorNotice error={arrears.error} />}
        {arrears.data?.items.length === 0 && <p>{t('billingRun.noArrears')}</p>}
        {arrears.data && arrears.data.items.length > 0 && (
          <div className="table-scroll" role="group" tabIndex={0} aria-label={t('billingRun.arrears')}>
            <table className="table">
              <caption className="visually-hidden">{t('billingRun.arrears')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('placement.worker')}</th>
                  <th scope="col">{t('placement.sponsor')}</th>
                  <th scope="col">{t('billingRun.unpaidMonths')}</th>
                  <th scope="col" className="num">
                    {t('billing.total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {arrears.data.items.map((a) => (
                  <tr key={a.placementId}>
                    <td>
                      <Link to={paths.worker(regionCode, a.workerId)}>{a.workerName}</Link>
                    </td>
                    <td>
                      <Link to={paths.sponsor(regionCode, a.sponsorId)}>{a.sponsorName}</Link>
                    </td>
                    <td>{a.unpaidMonths.join(', ')}</td>
                    <td className="num">Rp{num(a.amount)}</td>
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
