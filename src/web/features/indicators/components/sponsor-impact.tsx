import { useId } from 'react';
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { formatMonth, formatMonthShort, formatNumber, formatRupiah } from '../../../lib/format.ts';
import { useT } from '../../../lib/i18n.tsx';
import { useSetPublicity, useSponsorImpact, type SponsorImpact } from '../api/indicators.ts';
import { ChartBlock, Stat } from './chart-block.tsx';

type TrendRow = SponsorImpact['trend'][number];

/** A sponsor's impact: what its pledges promised and what came of them, and its public naming. */
export function SponsorImpactSection({ sponsorId, canChangePublicity }: { sponsorId: string; canChangePublicity: boolean }) {
  const { t, lang } = useT();
  const impact = useSponsorImpact(sponsorId);
  const publicity = useSetPublicity(sponsorId);
  const headingId = useId();
  const checkId = useId();
  if (impact.isPending) return <Loading />;
  if (impact.error) return <ErrorNotice error={impact.error} onRetry={() => void impact.refetch()} />;
  const d = impact.data;
  return (
    <>
      <section className="card" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('impact.title')}</h2>
        <div className="stat-grid">
          <Stat testId="impact-covered" label={t('impact.coveredNow')} value={formatNumber(d.workers.coveredNow)} sub={t('impact.coveredNow.sub', { enrolled: formatNumber(d.workers.enrolled), places: formatNumber(d.pledged.places) })} />
          <Stat testId="impact-months" label={t('impact.months')} value={formatNumber(d.workerMonths.funded)} sub={t('impact.months.sub', { scheduled: formatNumber(d.workerMonths.scheduled), pledged: formatNumber(d.pledged.workerMonths) })} />
          <Stat testId="impact-paid" label={t('impact.paid')} value={formatRupiah(d.money.paid)} sub={t('impact.paid.sub', { invoiced: formatRupiah(d.money.invoiced), pledged: formatRupiah(d.pledged.amount) })} />
          <Stat testId="impact-claims" label={t('impact.claims')} value={formatRupiah(d.claims.benefits)} sub={t('impact.claims.sub', { jkk: formatNumber(d.claims.jkk), jkm: formatNumber(d.claims.jkm) })} />
        </div>
        <div className="checkbox-field">
          <input
            id={checkId}
            type="checkbox"
            checked={d.sponsor.namedPublicly}
            disabled={!canChangePublicity || publicity.isPending}
            onChange={(e) => publicity.mutate(e.target.checked)}
          />
          <label htmlFor={checkId}>{t('impact.publicity')}</label>
          <p className="hint">{t('impact.publicity.hint')}</p>
        </div>
        {publicity.error && <ErrorNotice error={publicity.error} />}
      </section>
      {d.trend.length > 0 && (
        <ChartBlock<TrendRow>
          title={t('impact.trend')}
          rows={d.trend}
          rowKey={(r) => r.month}
          columns={[
            { label: t('dashboard.col.month'), value: (r) => formatMonth(r.month, lang) },
            { label: t('dashboard.col.covered'), value: (r) => formatNumber(r.covered), numeric: true },
            { label: t('dashboard.col.invoiced'), value: (r) => formatRupiah(r.invoiced), numeric: true },
            { label: t('dashboard.col.paid'), value: (r) => formatRupiah(r.paid), numeric: true },
          ]}
          csv={{
            name: `dampak-sponsor-${sponsorId}.csv`,
            rows: () => [['month', 'covered', 'invoiced', 'paid'], ...d.trend.map((r) => [r.month, r.covered, r.invoiced, r.paid])],
          }}
          chart={
            <ResponsiveContainer width="100%" height={220}>
              <ComposedChart data={d.trend} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="month" tickFormatter={(m: string) => formatMonthShort(m, lang)} />
                <YAxis yAxisId="workers" tickFormatter={(n: number) => formatNumber(n)} width={48} />
                <YAxis yAxisId="money" orientation="right" tickFormatter={(n: number) => formatNumber(Math.round(n / 1000))} width={56} />
                <Tooltip formatter={(v, name) => (name === t('dashboard.col.covered') ? formatNumber(Number(v)) : formatRupiah(Number(v)))} labelFormatter={(m) => formatMonth(String(m), lang)} />
                <Bar yAxisId="workers" dataKey="covered" name={t('dashboard.col.covered')} className="series-covered" fill="currentColor" isAnimationActive={false} />
                <Line yAxisId="money" dataKey="paid" name={t('dashboard.col.paid')} className="series-paid" stroke="currentColor" dot={false} isAnimationActive={false} />
              </ComposedChart>
            </ResponsiveContainer>
          }
        />
      )}
      {d.pledges.length > 0 && (
        <section className="card">
          <h2>{t('impact.pledges')}</h2>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('impact.pledge.start')}</th>
                  <th scope="col" className="num">
                    {t('impact.pledge.places')}
                  </th>
                  <th scope="col" className="num">
                    {t('impact.pledge.enrolled')}
                  </th>
                  <th scope="col" className="num">
                    {t('impact.pledge.amount')}
                  </th>
                  <th scope="col" className="num">
                    {t('impact.pledge.invoiced')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.pledges.map((p) => (
                  <tr key={p.id}>
                    <td>{t('impact.pledge.period', { start: formatMonth(p.startMonth, lang), months: p.months })}</td>
                    <td className="num">{formatNumber(p.places)}</td>
                    <td className="num">{formatNumber(p.enrolled)}</td>
                    <td className="num">{formatRupiah(p.amount)}</td>
                    <td className="num">{formatRupiah(p.invoiced)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
