// The programme dashboard, the public summary and the target simulator. They read the running
// totals in indicator_cells (kept by triggers), the entered figures and targets, and the region
// names: a handful of small indexed reads, never the registry. The server caches each result
// until the programme's figures change (indicator-cache.ts).
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError, parseInput } from '../../domain-error.ts';
import { todayJakarta } from '../../lib/dates.ts';
import type { Actor } from '../access/actor.ts';
import { authorize } from '../access/policies.ts';
import { requireProgramById } from '../programs/programs.service.ts';
import { listRegionsUnder } from '../regions/regions.repository.ts';
import { MIN_DECLARED_INCOME, monthIndex, monthText, priceMonth, type Package } from '../rates/rates.ts';
import { listRateRules } from '../rates/rates.repository.ts';
import { listTargets, type TargetRow } from './figures.service.ts';
import { kampungStatus, percentOf, progress, rollUp, simulate, suppress, type Figure, type Progress, type Simulation, type Target } from './indicators.ts';

export const MONEY_METRICS = ['pledged', 'invoiced', 'paid', 'benefits'] as const;
export const COUNT_METRICS = ['covered', 'places', 'renewals', 'lapsed', 'claims'] as const;
type Metric = (typeof MONEY_METRICS)[number] | (typeof COUNT_METRICS)[number];

export interface TrendRow extends Record<Metric, number> {
  month: string;
}

export interface RegionRow {
  code: string;
  name: string;
  /** 3: kecamatan, 4: kelurahan */
  level: 3 | 4;
  parentCode: string;
  workforce: Figure | null;
  participants: Figure | null;
  /** living workers in the registry */
  registered: number;
  /** workers covered through the programme in the as-of month */
  covered: number;
  /** all participants / workforce x 100 */
  ucjPercent: number | null;
  /**
   * Informal workers covered / informal universe x 100. Universe: the informal workforce when
   * entered, else the registry. Covered: against the workforce, BPJS TK's BPU participants when
   * imported for the region; otherwise the programme's covered workers.
   */
  informalPercent: number | null;
  informalBasis: { covered: 'insurer' | 'programme'; universe: 'workforce' | 'registry' };
  /** Kampung Sadar Jamsostek (kelurahan only) */
  kampung: 'reached' | 'not_yet' | null;
}

export interface Headline {
  workforce: (Figure & { period: string; source: string }) | null;
  participants: (Figure & { period: string; source: string }) | null;
  ucj: Progress & { targetYear: number | null };
  bpu: Progress & { targetYear: number | null };
  kampungTargetPercent: number | null;
  kampungReached: number;
  kelurahan: number;
}

export interface ProgramDashboard {
  program: { id: number; name: string; regionCode: string; regionName: string };
  year: number;
  /** the month the "now" figures are for: this month, or December of a past year */
  asOf: string;
  headline: Headline;
  programme: {
    coveredNow: number;
    registered: number;
    /** covered worker-months of the year up to the as-of month */
    workerMonths: number;
    sponsors: number;
  } & Record<Exclude<Metric, 'covered'>, number>;
  trend: TrendRow[];
  regions: RegionRow[];
  hasBoundaries: boolean;
  generatedAt: string;
}

const currentMonth = () => todayJakarta().slice(0, 7);

async function programOf(db: Kysely<DB>, programId: number) {
  const p = await requireProgramById(db, programId);
  return { id: p.id, name: p.name, regionCode: p.regionCode, regionName: p.regionName };
}

interface FigureSet {
  period: string;
  source: string;
  rows: Map<string, Figure>;
}

/** The latest period at or before `upTo` of one kind of figure, with its rows by region. */
async function latestFigures(db: Kysely<DB>, programId: number, kind: 'workforce' | 'participants', upTo: string): Promise<FigureSet | null> {
  const latest = await db
    .selectFrom('region_figures')
    .select((eb) => eb.fn.max('period').as('period'))
    .where('program_id', '=', programId)
    .where('kind', '=', kind)
    .where('period', '<=', upTo)
    .executeTakeFirst();
  if (!latest?.period) return null;
  const rows = await db.selectFrom('region_figures').selectAll().where('program_id', '=', programId).where('kind', '=', kind).where('period', '=', latest.period).execute();
  const sources = [...new Set(rows.map((r) => r.source))];
  return {
    period: latest.period,
    source: sources.join('; '),
    rows: new Map(rows.map((r) => [r.region_code, { total: Number(r.total), formal: r.formal === null ? null : Number(r.formal), informal: r.informal === null ? null : Number(r.informal) }])),
  };
}

/** The target of the year for an indicator and region, else the latest earlier one. */
function targetFor(targets: TargetRow[], indicator: TargetRow['indicator'], year: number, regionCode = ''): Target | null {
  const t = targets.filter((x) => x.indicator === indicator && x.regionCode === regionCode && x.year <= year).sort((a, b) => b.year - a.year)[0];
  return t ? { year: t.year, percent: t.percent, participants: t.participants } : null;
}

/** The year a dashboard opens on: this year, or the latest earlier year with targets or figures. */
async function defaultYear(db: Kysely<DB>, programId: number): Promise<number> {
  const now = Number(currentMonth().slice(0, 4));
  const r = await sql<{ year: number | null }>`
    SELECT max(y) AS year FROM (
      SELECT year AS y FROM program_targets WHERE program_id = ${programId} AND year <= ${now}
      UNION ALL SELECT substr(period, 1, 4)::integer FROM region_figures WHERE program_id = ${programId} AND substr(period, 1, 4)::integer <= ${now}
      UNION ALL SELECT substr(month, 1, 4)::integer FROM indicator_cells WHERE program_id = ${programId} AND metric = 'covered' AND month <> '' AND month <= ${currentMonth()}
    ) t`.execute(db);
  return r.rows[0]?.year ?? now;
}

/**
 * The dashboard of a year, its "now" figures as of `month` (default: this month, or December of a
 * past year). Reports call it for the month they cover; they authorize first.
 */
export async function computeDashboard(db: Kysely<DB>, programId: number, year: number, month?: string): Promise<ProgramDashboard> {
  const program = await programOf(db, programId);
  const now = month ?? currentMonth();
  const asOf = `${year}-12` < now ? `${year}-12` : now < `${year}-01` ? `${year}-01` : now;
  const [workforce, participants, targets, regions, cells, byRegion, sponsors, boundaries] = await Promise.all([
    latestFigures(db, programId, 'workforce', String(year)),
    latestFigures(db, programId, 'participants', asOf),
    listTargets(db, programId),
    listRegionsUnder(db, program.regionCode),
    db
      .selectFrom('indicator_cells')
      .select(['metric', 'month', (eb) => eb.fn.sum<number>('value').as('value')])
      .where('program_id', '=', programId)
      .where('month', '>=', `${year}-01`)
      .where('month', '<=', `${year}-12`)
      .groupBy(['metric', 'month'])
      .execute(),
    db
      .selectFrom('indicator_cells')
      .select(['metric', 'kelurahan_code', 'value'])
      .where('program_id', '=', programId)
      .where((eb) => eb.or([eb.and([eb('metric', '=', 'covered'), eb('month', '=', asOf)]), eb.and([eb('metric', '=', 'registered'), eb('month', '=', '')])]))
      .execute(),
    sql<{ n: number }>`
      SELECT count(DISTINCT sponsor_id) AS n FROM pledges
      WHERE program_id = ${programId} AND status = 'committed'
        AND sekitar_month_index(start_month) <= ${monthIndex(`${year}-12`)} AND sekitar_month_index(start_month) + months > ${monthIndex(`${year}-01`)}`.execute(db),
    db.selectFrom('region_boundaries').select(['features']).where('program_id', '=', programId).executeTakeFirst(),
  ]);

  // Trend: every month of the year, zeros where nothing happened.
  const trend: TrendRow[] = Array.from({ length: 12 }, (_, i) => {
    const row = { month: monthText(monthIndex(`${year}-01`) + i) } as TrendRow;
    for (const m of [...MONEY_METRICS, ...COUNT_METRICS]) row[m] = 0;
    return row;
  });
  for (const c of cells) {
    const row = trend[monthIndex(c.month) - monthIndex(`${year}-01`)];
    if (row && c.metric in row) row[c.metric as Metric] = Number(c.value);
  }

  // Regions: kelurahan counts, kecamatan sums; figures rolled up the tree.
  const covered = new Map<string, number>();
  const registered = new Map<string, number>();
  for (const c of byRegion) (c.metric === 'covered' ? covered : registered).set(c.kelurahan_code, Number(c.value));
  const codes = [program.regionCode, ...regions.map((r) => r.code)];
  const wf = rollUp(workforce?.rows ?? new Map(), codes);
  const pa = rollUp(participants?.rows ?? new Map(), codes);
  const kampungDefault = targetFor(targets, 'kampung', year);
  const sumUnder = (m: Map<string, number>, code: string) => [...m].reduce((s, [k, v]) => (k === code || k.startsWith(`${code}.`) ? s + v : s), 0);
  const regionRows: RegionRow[] = regions
    .filter((r) => r.level === 3 || r.level === 4)
    .map((r) => {
      const reg = sumUnder(registered, r.code);
      const cov = sumUnder(covered, r.code);
      const w = wf.get(r.code) ?? null;
      const p = pa.get(r.code) ?? null;
      // Against the informal workforce, BPJS TK's BPU count when there is one; against the
      // registry (the universe when no workforce is entered), the programme's own cover.
      const universe = w?.informal ?? null;
      const coveredInformal = universe === null ? null : (p?.informal ?? null);
      const informalPercent = percentOf(coveredInformal ?? cov, universe ?? reg);
      const kampungTarget = r.level === 4 ? (targetFor(targets, 'kampung', year, r.code) ?? kampungDefault) : null;
      return {
        code: r.code,
        name: r.name,
        level: r.level as 3 | 4,
        parentCode: r.parentCode ?? program.regionCode,
        workforce: w,
        participants: p,
        registered: reg,
        covered: cov,
        ucjPercent: percentOf(p?.total, w?.total),
        informalPercent,
        informalBasis: { covered: coveredInformal === null ? 'programme' : 'insurer', universe: universe === null ? 'registry' : 'workforce' },
        kampung: r.level === 4 ? kampungStatus(informalPercent, kampungTarget?.percent ?? null) : null,
      };
    });

  const wfTotal = wf.get(program.regionCode) ?? null;
  const paTotal = pa.get(program.regionCode) ?? null;
  const ucjTarget = targetFor(targets, 'ucj', year);
  const bpuTarget = targetFor(targets, 'bpu', year);
  const kelurahan = regionRows.filter((r) => r.level === 4);
  const sum = (m: Metric, upTo?: string) => trend.reduce((s, t) => (upTo === undefined || t.month <= upTo ? s + t[m] : s), 0);
  return {
    program,
    year,
    asOf,
    headline: {
      workforce: wfTotal && workforce ? { ...wfTotal, period: workforce.period, source: workforce.source } : null,
      participants: paTotal && participants ? { ...paTotal, period: participants.period, source: participants.source } : null,
      ucj: { ...progress(paTotal?.total ?? null, wfTotal?.total ?? null, ucjTarget), targetYear: ucjTarget?.year ?? null },
      bpu: { ...progress(paTotal?.informal ?? null, wfTotal?.informal ?? null, bpuTarget), targetYear: bpuTarget?.year ?? null },
      kampungTargetPercent: kampungDefault?.percent ?? null,
      kampungReached: kelurahan.filter((r) => r.kampung === 'reached').length,
      kelurahan: kelurahan.length,
    },
    programme: {
      coveredNow: sumUnder(covered, program.regionCode) + (covered.get('') ?? 0),
      registered: sumUnder(registered, program.regionCode) + (registered.get('') ?? 0),
      workerMonths: sum('covered', asOf),
      sponsors: Number(sponsors.rows[0]?.n ?? 0),
      pledged: sum('pledged'),
      places: sum('places'),
      invoiced: sum('invoiced'),
      paid: sum('paid'),
      renewals: sum('renewals'),
      lapsed: sum('lapsed'),
      claims: sum('claims'),
      benefits: sum('benefits'),
    },
    trend,
    regions: regionRows,
    hasBoundaries: boundaries !== undefined,
    generatedAt: new Date().toISOString(),
  };
}

const cached = <T>(ctx: AppContext, programId: number, key: string, compute: () => Promise<T>): Promise<T> =>
  ctx.indicatorCache ? ctx.indicatorCache.get(programId, `${key}|${currentMonth()}`, compute) : compute();

export async function programDashboard(ctx: AppContext, actor: Actor, programId: number, year?: number): Promise<ProgramDashboard> {
  authorize(actor, 'indicators.read', { programId });
  const db = ctx.database.db;
  return cached(ctx, programId, `dashboard|${year ?? 'default'}`, async () => computeDashboard(db, programId, year ?? (await defaultYear(db, programId))));
}

/** What anyone may see: no personal data, and no count under 5 (withheld as null). */
export interface PublicSummary {
  program: { name: string; regionCode: string; regionName: string };
  year: number;
  asOf: string;
  ucj: { percent: number | null; targetPercent: number | null; targetYear: number | null; participantsPeriod: string | null; workforcePeriod: string | null };
  coveredNow: number | null;
  workerMonths: number | null;
  sponsors: number | null;
  namedSponsors: string[];
  kecamatan: { code: string; name: string; covered: number | null; registered: number | null; ucjPercent: number | null; informalPercent: number | null }[];
  kampungReached: number;
}

export async function publicSummary(ctx: AppContext, regionCode: string): Promise<PublicSummary> {
  const db = ctx.database.db;
  const program = await db.selectFrom('programs').select(['id']).where('region_code', '=', regionCode).executeTakeFirst();
  if (!program) throw new DomainError('PROGRAM_NOT_FOUND', { code: regionCode });
  const programId = Number(program.id);
  return cached(ctx, programId, 'public', async () => {
    const d = await computeDashboard(db, programId, await defaultYear(db, programId));
    const named = await db
      .selectFrom('sponsors as s')
      .select(['s.name'])
      .where('s.program_id', '=', programId)
      .where('s.named_publicly', '=', true)
      .where((eb) => eb.exists(eb.selectFrom('pledges as p').select('p.id').whereRef('p.sponsor_id', '=', 's.id').where('p.status', '=', 'committed')))
      .orderBy('s.name')
      .execute();
    // A percentage of a suppressed count would give the count away: it goes with it.
    const safePercent = (count: number, percent: number | null) => (suppress(count) === null ? null : percent);
    return {
      program: { name: d.program.name, regionCode: d.program.regionCode, regionName: d.program.regionName },
      year: d.year,
      asOf: d.asOf,
      ucj: { percent: d.headline.ucj.percent, targetPercent: d.headline.ucj.targetPercent, targetYear: d.headline.ucj.targetYear, participantsPeriod: d.headline.participants?.period ?? null, workforcePeriod: d.headline.workforce?.period ?? null },
      coveredNow: suppress(d.programme.coveredNow),
      workerMonths: suppress(d.programme.workerMonths),
      sponsors: suppress(d.programme.sponsors),
      namedSponsors: named.map((n) => n.name),
      kecamatan: d.regions
        .filter((r) => r.level === 3)
        .map((r) => ({
          code: r.code,
          name: r.name,
          covered: suppress(r.covered),
          registered: suppress(r.registered),
          ucjPercent: r.ucjPercent,
          informalPercent: r.informalBasis.covered === 'programme' ? safePercent(r.covered, r.informalPercent) : r.informalPercent,
        })),
      kampungReached: d.headline.kampungReached,
    };
  });
}

const SimulationInput = z.object({
  /** the month by which the target is to be reached */
  by: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  targetParticipants: z.number().int().positive().optional(),
  targetPercent: z.number().gt(0).max(100).optional(),
  package: z.enum(['JKK_JKM', 'JKK_JKM_JHT']).default('JKK_JKM'),
  declaredIncome: z.number().int().min(MIN_DECLARED_INCOME).default(MIN_DECLARED_INCOME),
});

export interface SimulationResult extends Simulation {
  current: number;
  currentPeriod: string;
  target: number;
  targetBasis: 'participants' | 'percent';
  months: number;
  priceMonth: string;
  basePerWorker: number;
  payablePerWorker: number;
}

/**
 * How many more workers, and how many rupiah a month at the rates in force this month, the
 * programme needs to reach a target by a chosen month. The target is the one given, else the
 * year's UCJ target (its absolute number when it has one); the current figure is BPJS TK's latest.
 */
export async function simulateTarget(ctx: AppContext, actor: Actor, programId: number, input: unknown): Promise<SimulationResult> {
  authorize(actor, 'indicators.read', { programId });
  const s = parseInput(SimulationInput, input, 'simulation');
  const db = ctx.database.db;
  const now = currentMonth();
  if (s.by < now) throw new DomainError('FIELD_INVALID', { field: 'by', alasan: 'bulan target sudah lewat', reason: 'the target month has passed' });
  const year = Number(s.by.slice(0, 4));
  const [participants, workforce, targets] = await Promise.all([latestFigures(db, programId, 'participants', now), latestFigures(db, programId, 'workforce', String(year)), listTargets(db, programId)]);
  const { regionCode } = await programOf(db, programId);
  const current = participants ? rollUp(participants.rows, [regionCode]).get(regionCode)?.total : undefined;
  if (current === undefined || !participants) throw new DomainError('FIGURES_MISSING', { kind: 'participants' });
  const wf = workforce ? (rollUp(workforce.rows, [regionCode]).get(regionCode)?.total ?? null) : null;
  const yearTarget = targetFor(targets, 'ucj', year);
  const given: Target | null =
    s.targetParticipants !== undefined ? { year, percent: null, participants: s.targetParticipants } : s.targetPercent !== undefined ? { year, percent: s.targetPercent, participants: null } : yearTarget;
  if (!given) throw new DomainError('TARGET_MISSING', { year });
  const target = progress(current, wf, given).targetParticipants;
  if (target === null) throw new DomainError('FIGURES_MISSING', { kind: 'workforce' });
  const price = priceMonth(await listRateRules(db), { month: now, declaredIncome: s.declaredIncome, pkg: s.package as Package, sector: 'other', funding: 'csr' });
  const basePerWorker = price.lines.reduce((t, l) => t + l.base, 0);
  const months = monthIndex(s.by) - monthIndex(now) + 1;
  return {
    ...simulate({ current, target, basePerWorker, payablePerWorker: price.total, months }),
    current,
    currentPeriod: participants.period,
    target,
    targetBasis: given.participants !== null ? 'participants' : 'percent',
    months,
    priceMonth: now,
    basePerWorker,
    payablePerWorker: price.total,
  };
}
