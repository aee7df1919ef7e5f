import { useId, useState, type ReactNode } from 'react';
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { formatMonth, formatMonthShort, formatNumber, formatPercent, formatRupiah } from '../../../lib/format.ts';
import { useT } from '../../../lib/i18n.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { dashboardCsvUrl, useBoundaries, useDashboard, type Dashboard, type Progress, type RegionRow, type TrendRow } from '../api/indicators.ts';
import { ChartBlock, CoverageValue, Stat } from './chart-block.tsx';
import { GeoMap, TileMap, type MapMeasure } from './region-map.tsx';
import { Simulator } from './simulator.tsx';
import { UcjBars } from './ucj-bars.tsx';

/** Coverage against a target: the bar to the current share, a mark at the target. */
function TargetBar({ label, progress }: { label: string; progress: Progress }) {
  const { t } = useT();
  const now = Math.min(100, progress.percent ?? 0);
  const target = progress.targetPercent;
  return (
    <div className="target-bar">
      <div
        className="target-track"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Number(now.toFixed(1))}
        aria-valuetext={target === null ? formatPercent(progress.percent) : t('dashboard.ofTarget', { now: formatPercent(progress.percent), target: formatPercent(target, 0) })}
      >
        <div className="target-fill" style={{ width: `${now}%` }} />
        {target !== null && <div className="target-mark" style={{ left: `${Math.min(100, target)}%` }} />}
      </div>
    </div>
  );
}

function Headline({ d }: { d: Dashboard }) {
  const { t, lang } = useT();
  const h = d.headline;
  const ucjSub: ReactNode = h.participants && h.workforce ? t('dashboard.ucj.sub', { participants: formatNumber(h.participants.total), workforce: formatNumber(h.workforce.total), month: formatMonth(h.participants.period, lang), year: h.workforce.period }) : t('dashboard.ucj.noFigures');
  return (
    <section className="card" aria-label={t('dashboard.headline')}>
      <div className="stat-grid">
        <Stat
          testId="ucj"
          label={t('dashboard.ucj')}
          value={<CoverageValue percent={h.ucj.percent} targetPercent={h.ucj.targetPercent} targetYear={h.ucj.targetYear} />}
          sub={ucjSub}
        />
        <Stat
          testId="missing"
          label={t('dashboard.missing')}
          value={h.ucj.missing === null ? '–' : formatNumber(h.ucj.missing)}
          sub={h.ucj.targetParticipants === null ? t('dashboard.noTarget') : t('dashboard.missing.sub', { target: formatNumber(h.ucj.targetParticipants) })}
        />
        <Stat testId="bpu" label={t('dashboard.bpu')} value={formatPercent(h.bpu.percent)} sub={h.bpu.targetPercent === null ? t('dashboard.bpu.sub') : t('dashboard.vsTarget', { target: formatPercent(h.bpu.targetPercent, 0), year: String(h.bpu.targetYear ?? '') })} />
        <Stat testId="covered-now" label={t('dashboard.coveredNow')} value={formatNumber(d.programme.coveredNow)} sub={t('dashboard.coveredNow.sub', { month: formatMonth(d.asOf, lang), registered: formatNumber(d.programme.registered) })} />
        <Stat testId="sponsors" label={t('dashboard.sponsors')} value={formatNumber(d.programme.sponsors)} sub={t('dashboard.sponsors.sub', { places: formatNumber(d.programme.places) })} />
        <Stat testId="paid" label={t('dashboard.paid', { year: String(d.year) })} value={formatRupiah(d.programme.paid)} sub={t('dashboard.paid.sub', { invoiced: formatRupiah(d.programme.invoiced), pledged: formatRupiah(d.programme.pledged) })} />
        <Stat testId="claims" label={t('dashboard.benefits', { year: String(d.year) })} value={formatRupiah(d.programme.benefits)} sub={t('dashboard.benefits.sub', { claims: formatNumber(d.programme.claims), renewals: formatNumber(d.programme.renewals), lapsed: formatNumber(d.programme.lapsed) })} />
        <Stat
          testId="kampung"
          label={t('dashboard.kampung')}
          value={`${formatNumber(h.kampungReached)} / ${formatNumber(h.kelurahan)}`}
          sub={h.kampungTargetPercent === null ? t('dashboard.noTarget') : t('dashboard.kampung.sub', { target: formatPercent(h.kampungTargetPercent, 0) })}
        />
      </div>
      <TargetBar label={t('dashboard.ucj')} progress={h.ucj} />
    </section>
  );
}

function Trend({ d, regionCode }: { d: Dashboard; regionCode: string }) {
  const { t, lang } = useT();
  return (
    <ChartBlock<TrendRow>
      title={t('dashboard.trend', { year: String(d.year) })}
      note={t('dashboard.trend.note')}
      csvHref={dashboardCsvUrl(regionCode, 'trend', d.year)}
      rows={d.trend}
      rowKey={(r) => r.month}
      columns={[
        { label: t('dashboard.col.month'), value: (r) => formatMonth(r.month, lang) },
        { label: t('dashboard.col.covered'), value: (r) => formatNumber(r.covered), numeric: true },
        { label: t('dashboard.col.places'), value: (r) => formatNumber(r.places), numeric: true },
        { label: t('dashboard.col.pledged'), value: (r) => formatRupiah(r.pledged), numeric: true },
        { label: t('dashboard.col.invoiced'), value: (r) => formatRupiah(r.invoiced), numeric: true },
        { label: t('dashboard.col.paid'), value: (r) => formatRupiah(r.paid), numeric: true },
        { label: t('dashboard.col.renewals'), value: (r) => formatNumber(r.renewals), numeric: true },
        { label: t('dashboard.col.lapsed'), value: (r) => formatNumber(r.lapsed), numeric: true },
        { label: t('dashboard.col.claims'), value: (r) => formatNumber(r.claims), numeric: true },
      ]}
      chart={
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart data={d.trend} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" tickFormatter={(m: string) => formatMonthShort(m, lang)} />
            <YAxis yAxisId="workers" tickFormatter={(n: number) => formatNumber(n)} width={56} />
            <YAxis yAxisId="money" orientation="right" tickFormatter={(n: number) => formatNumber(Math.round(n / 1_000_000))} width={56} />
            <Tooltip formatter={(v, name) => (name === t('dashboard.col.covered') ? formatNumber(Number(v)) : formatRupiah(Number(v)))} labelFormatter={(m) => formatMonth(String(m), lang)} />
            <Bar yAxisId="workers" dataKey="covered" name={t('dashboard.col.covered')} className="series-covered" fill="currentColor" isAnimationActive={false} />
            <Line yAxisId="money" dataKey="paid" name={t('dashboard.col.paid')} className="series-paid" stroke="currentColor" dot={false} isAnimationActive={false} />
            <Line yAxisId="money" dataKey="invoiced" name={t('dashboard.col.invoiced')} className="series-invoiced" stroke="currentColor" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      }
    />
  );
}

function Ranking({ d, regionCode }: { d: Dashboard; regionCode: string }) {
  const { t } = useT();
  const ranked = d.regions.filter((r) => r.level === 3).sort((a, b) => (b.ucjPercent ?? b.informalPercent ?? -1) - (a.ucjPercent ?? a.informalPercent ?? -1));
  return (
    <ChartBlock<RegionRow>
      title={t('dashboard.ranking')}
      csvHref={dashboardCsvUrl(regionCode, 'regions', d.year)}
      rows={ranked}
      rowKey={(r) => r.code}
      columns={[
        { label: t('dashboard.col.kecamatan'), value: (r) => r.name },
        { label: t('dashboard.col.workforce'), value: (r) => (r.workforce ? formatNumber(r.workforce.total) : '–'), numeric: true },
        { label: t('dashboard.col.participants'), value: (r) => (r.participants ? formatNumber(r.participants.total) : '–'), numeric: true },
        { label: t('dashboard.col.ucj'), value: (r) => formatPercent(r.ucjPercent), numeric: true },
        { label: t('dashboard.col.informal'), value: (r) => formatPercent(r.informalPercent), numeric: true },
        { label: t('dashboard.col.registered'), value: (r) => formatNumber(r.registered), numeric: true },
        { label: t('dashboard.col.coveredNow'), value: (r) => formatNumber(r.covered), numeric: true },
      ]}
      tableOpen
      chart={<UcjBars regions={ranked} />}
    />
  );
}

function RegionsMap({ d, regionCode }: { d: Dashboard; regionCode: string }) {
  const { t } = useT();
  const [measure, setMeasure] = useState<MapMeasure>('ucj');
  const boundaries = useBoundaries(regionCode, d.hasBoundaries);
  const measureId = useId();
  const kelurahan = d.regions.filter((r) => r.level === 4);
  return (
    <ChartBlock<RegionRow>
      title={t('dashboard.map')}
      note={
        <>
          <label htmlFor={measureId}>{t('map.measure')} </label>
          <select id={measureId} value={measure} onChange={(e) => setMeasure(e.target.value as MapMeasure)}>
            <option value="ucj">{t('map.measure.ucj')}</option>
            <option value="informal">{t('map.measure.informal')}</option>
          </select>{' '}
          {d.hasBoundaries ? t('map.geo') : t('map.tiles')}
        </>
      }
      csvHref={dashboardCsvUrl(regionCode, 'regions', d.year)}
      rows={kelurahan}
      rowKey={(r) => r.code}
      columns={[
        { label: t('dashboard.col.kelurahan'), value: (r) => r.name },
        { label: t('dashboard.col.ucj'), value: (r) => formatPercent(r.ucjPercent), numeric: true },
        { label: t('dashboard.col.informal'), value: (r) => formatPercent(r.informalPercent), numeric: true },
        { label: t('dashboard.col.basis'), value: (r) => t(r.informalBasis.universe === 'workforce' ? 'map.basis.workforce' : 'map.basis.registry') },
        { label: t('dashboard.col.coveredNow'), value: (r) => formatNumber(r.covered), numeric: true },
        { label: t('dashboard.col.kampung'), value: (r) => (r.kampung === 'reached' ? t('map.kampung.reached') : r.kampung === 'not_yet' ? t('map.kampung.notYet') : '–') },
      ]}
      chart={d.hasBoundaries && boundaries.data ? <GeoMap geojson={boundaries.data} regions={d.regions} measure={measure} /> : <TileMap regions={d.regions} measure={measure} />}
    />
  );
}

/** The programme dashboard: coverage against targets, trend, ranking, map, simulator. */
export function DashboardPage({ regionCode, admin }: { regionCode: string; admin?: ReactNode }) {
  const { t, lang, dateTime } = useT();
  useDocumentTitle(t('dashboard.title'));
  const [year, setYear] = useState<number | undefined>(undefined);
  const dashboard = useDashboard(regionCode, year);
  const yearId = useId();
  const d = dashboard.data;
  const thisYear = new Date().getFullYear();
  return (
    <>
      <header className="page-header">
        <h1>{t('dashboard.title')}</h1>
        <p className="page-sub">{t('dashboard.intro')}</p>
        <div className="field field-inline">
          <label htmlFor={yearId}>{t('dashboard.year')}</label>
          <select id={yearId} value={d?.year ?? ''} onChange={(e) => setYear(Number(e.target.value))}>
            {Array.from({ length: 6 }, (_, i) => thisYear + 1 - i).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        {d && <p className="hint">{t('dashboard.asOf', { month: formatMonth(d.asOf, lang), at: dateTime(d.generatedAt) })}</p>}
      </header>
      {dashboard.isPending && <Loading />}
      {dashboard.error && <ErrorNotice error={dashboard.error} onRetry={() => void dashboard.refetch()} />}
      {d && (
        <>
          <Headline d={d} />
          <Trend d={d} regionCode={regionCode} />
          <Ranking d={d} regionCode={regionCode} />
          <RegionsMap d={d} regionCode={regionCode} />
          <Simulator regionCode={regionCode} />
        </>
      )}
      {admin}
    </>
  );
}
