import { useId } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorNotice } from '../../../components/error-notice.tsx';
import { Loading } from '../../../components/loading.tsx';
import { formatMonth, formatNumber, formatPercent } from '../../../lib/format.ts';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { usePublicPrograms } from '../../../lib/public-programs.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { publicCsvUrl, publicJsonUrl, usePublicSummary, type PublicSummary } from '../api/indicators.ts';
import { ChartBlock, CoverageValue, Stat } from './chart-block.tsx';
import { UcjBars } from './ucj-bars.tsx';

type Kecamatan = PublicSummary['kecamatan'][number];

/** A withheld count (under 5) is shown as "< 5", never as a number. */
const shown = (n: number | null) => (n === null ? '< 5' : formatNumber(n));

/**
 * The public page: coverage by kecamatan, progress against the target, how many sponsors and
 * workers, the sponsors who agreed to be named. Aggregates only; counts under 5 are withheld.
 */
export function PublicCoveragePage({ regionCode }: { regionCode: string }) {
  const { t, lang, setLang } = useT();
  const summary = usePublicSummary(regionCode);
  const programs = usePublicPrograms();
  const navigate = useNavigate();
  const programId = useId();
  const s = summary.data;
  useDocumentTitle(s ? t('public.title', { name: s.program.name }) : t('public.heading'));
  return (
    <div className="public-page">
      <header className="public-header">
        <p className="brand">{t('app.name')}</p>
        <div className="public-tools">
          {(programs.data?.items.length ?? 0) > 1 && (
            <>
              <label htmlFor={programId}>{t('public.program')}</label>
              <select id={programId} value={regionCode} onChange={(e) => navigate(paths.publicCoverage(e.target.value))}>
                {programs.data?.items.map((p) => (
                  <option key={p.regionCode} value={p.regionCode}>
                    {p.name} ({p.regionName})
                  </option>
                ))}
              </select>
            </>
          )}
          <button type="button" className="button button-ghost" onClick={() => setLang(lang === 'id' ? 'en' : 'id')}>
            {lang === 'id' ? 'English' : 'Bahasa Indonesia'}
          </button>
        </div>
      </header>
      <main className="app-main">
        {summary.isPending && <Loading />}
        {summary.error && <ErrorNotice error={summary.error} />}
        {s && (
          <>
            <header className="page-header">
              <h1>{t('public.title', { name: s.program.name })}</h1>
              <p className="page-sub">{t('public.intro', { region: s.program.regionName })}</p>
            </header>
            <section className="card" aria-label={t('dashboard.headline')}>
              <div className="stat-grid">
                <Stat
                  testId="public-ucj"
                  label={t('dashboard.ucj')}
                  value={<CoverageValue percent={s.ucj.percent} targetPercent={s.ucj.targetPercent} targetYear={s.ucj.targetYear} />}
                  sub={s.ucj.participantsPeriod ? t('public.ucj.sub', { month: formatMonth(s.ucj.participantsPeriod, lang) }) : undefined}
                />
                <Stat testId="public-covered" label={t('public.covered')} value={shown(s.coveredNow)} sub={t('public.covered.sub', { month: formatMonth(s.asOf, lang) })} />
                <Stat testId="public-sponsors" label={t('dashboard.sponsors')} value={shown(s.sponsors)} />
                <Stat testId="public-months" label={t('public.months')} value={shown(s.workerMonths)} sub={t('public.months.sub', { year: String(s.year) })} />
              </div>
            </section>
            <ChartBlock<Kecamatan>
              title={t('public.kecamatan')}
              note={t('public.suppressed')}
              csvHref={publicCsvUrl(regionCode)}
              rows={s.kecamatan}
              rowKey={(k) => k.code}
              tableOpen
              columns={[
                { label: t('dashboard.col.kecamatan'), value: (k) => k.name },
                { label: t('dashboard.col.ucj'), value: (k) => formatPercent(k.ucjPercent), numeric: true },
                { label: t('dashboard.col.informal'), value: (k) => formatPercent(k.informalPercent), numeric: true },
                { label: t('public.covered'), value: (k) => shown(k.covered), numeric: true },
                { label: t('dashboard.col.registered'), value: (k) => shown(k.registered), numeric: true },
              ]}
              chart={<UcjBars regions={s.kecamatan} />}
            />
            <section className="card">
              <h2>{t('public.namedSponsors')}</h2>
              {s.namedSponsors.length === 0 ? (
                <p className="hint">{t('public.namedSponsors.none')}</p>
              ) : (
                <ul className="sponsor-names">
                  {s.namedSponsors.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              )}
            </section>
            <p className="hint">
              {t('public.openData')} <a href={publicJsonUrl(regionCode)}>JSON</a> · <a href={publicCsvUrl(regionCode)}>CSV</a> · <Link to={paths.sponsorApplication()}>{t('public.becomeSponsor')}</Link>
            </p>
          </>
        )}
      </main>
    </div>
  );
}

/** /publik: the first programme's page (or the only one). */
export function PublicIndexPage() {
  const { t } = useT();
  const programs = usePublicPrograms();
  if (programs.isPending) return <Loading />;
  if (programs.error) return <ErrorNotice error={programs.error} />;
  const first = programs.data.items[0];
  if (!first) return <p className="notice notice-info">{t('public.none')}</p>;
  return <PublicCoveragePage regionCode={first.regionCode} />;
}
