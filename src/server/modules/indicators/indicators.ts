// Indicator rules, no I/O: figures rolled up the region tree, coverage against targets, the target
// simulator, Kampung Sadar Jamsostek status and the small-count suppression of open data.

/** Workforce or participants of one region: total, and formal/informal when known. */
export interface Figure {
  total: number;
  formal: number | null;
  informal: number | null;
}

/** The parent of a Kemendagri code: '36.72.01.1001' -> '36.72.01' -> '36.72'. */
export const parentCode = (code: string): string => code.slice(0, code.lastIndexOf('.'));

const addFigure = (a: Figure | undefined, b: Figure): Figure => ({
  total: (a?.total ?? 0) + b.total,
  formal: a && a.formal === null ? null : b.formal === null ? null : (a?.formal ?? 0) + b.formal,
  informal: a && a.informal === null ? null : b.informal === null ? null : (a?.informal ?? 0) + b.informal,
});

/**
 * A region's figure is its own row when one was entered, else the sum of its children's figures
 * (a kecamatan from its kelurahan, the kab/kota from its kecamatan). `codes` are the regions wanted
 * beyond those with rows and their ancestors. A breakdown (formal/informal)
 * summed from children is known only when every child knows it.
 */
export function rollUp(rows: ReadonlyMap<string, Figure>, codes: readonly string[]): Map<string, Figure> {
  const out = new Map<string, Figure>();
  const all = new Set(codes);
  for (let code of rows.keys()) {
    all.add(code);
    while (code.includes('.')) all.add((code = parentCode(code)));
  }
  // Deepest codes first, so each parent sees its children's results.
  const ordered = [...all].sort((a, b) => b.split('.').length - a.split('.').length || a.localeCompare(b));
  const summed = new Map<string, Figure>();
  for (const code of ordered) {
    const own = rows.get(code);
    const figure = own ?? summed.get(code);
    if (!figure) continue;
    out.set(code, figure);
    if (code.includes('.')) {
      const parent = parentCode(code);
      summed.set(parent, addFigure(summed.get(parent), figure));
    }
  }
  return out;
}

/** part / whole x 100, or null when the whole is unknown or zero. */
export const percentOf = (part: number | null | undefined, whole: number | null | undefined): number | null =>
  part === null || part === undefined || !whole ? null : (part / whole) * 100;

export interface Target {
  year: number;
  /** e.g. 55 (per cent) */
  percent: number | null;
  /** an absolute number of participants, e.g. 103,439 */
  participants: number | null;
}

/**
 * The participants a target asks for: its absolute number when it has one (the city's own
 * figure, which may rest on a projected workforce), else its percentage of the workforce,
 * rounded up (55% of 174,897 is 96,193.35: 96,194 people).
 */
export function targetParticipants(target: Target, workforce: number | null): number | null {
  if (target.participants !== null) return target.participants;
  if (target.percent === null || workforce === null) return null;
  // percent has two decimals: work in hundredths of a per cent to stay in integers
  return Math.ceil((Math.round(target.percent * 100) * workforce) / 10_000);
}

export interface Progress {
  /** current / workforce x 100 */
  percent: number | null;
  targetPercent: number | null;
  targetParticipants: number | null;
  /** participants still missing (0 when reached) */
  missing: number | null;
  reached: boolean | null;
}

export function progress(current: number | null, workforce: number | null, target: Target | null): Progress {
  const percent = percentOf(current, workforce);
  const needed = target ? targetParticipants(target, workforce) : null;
  const targetPercent = target ? (target.percent ?? percentOf(target.participants, workforce)) : null;
  const missing = needed === null || current === null ? null : Math.max(0, needed - current);
  return { percent, targetPercent, targetParticipants: needed, missing, reached: missing === null ? null : missing === 0 };
}

export interface SimulationInput {
  current: number;
  target: number;
  /** the price of one worker-month before discounts, at today's rules (Rp16,800 for JKK + JKM) */
  basePerWorker: number;
  /** what a sponsor pays for it this month, after any discount in force */
  payablePerWorker: number;
  /** months from now to the chosen month, inclusive of both */
  months: number;
}

export interface Simulation {
  /** workers still to enrol */
  workers: number;
  /** rupiah a month for them all once enrolled, before discounts and as payable today */
  monthlyBase: number;
  monthlyPayable: number;
  /** enrolling evenly: workers to add each month, and what the ramp costs up to the chosen month */
  perMonth: number;
  rampBase: number;
  rampPayable: number;
}

/**
 * How many more workers, and how many rupiah a month, to reach the target by a chosen month.
 * Enrolling evenly, month k (1-based) has min(k x perMonth, workers) workers covered.
 */
export function simulate(s: SimulationInput): Simulation {
  const workers = Math.max(0, s.target - s.current);
  const months = Math.max(1, s.months);
  const perMonth = Math.ceil(workers / months);
  let workerMonths = 0;
  for (let k = 1; k <= months; k++) workerMonths += Math.min(k * perMonth, workers);
  return {
    workers,
    monthlyBase: workers * s.basePerWorker,
    monthlyPayable: workers * s.payablePerWorker,
    perMonth,
    rampBase: workerMonths * s.basePerWorker,
    rampPayable: workerMonths * s.payablePerWorker,
  };
}

/** Open data never shows a count small enough to point at a person: below 5 it is withheld. */
export const SUPPRESS_BELOW = 5;
export const suppress = (n: number): number | null => (n > 0 && n < SUPPRESS_BELOW ? null : n);

/**
 * Kampung Sadar Jamsostek: a kelurahan whose informal workers are covered at or above the target
 * share (80% in Cilegon's pilots). Unknown when the kelurahan's informal universe is unknown.
 */
export function kampungStatus(informalCoverage: number | null, targetPercent: number | null): 'reached' | 'not_yet' | null {
  if (informalCoverage === null || targetPercent === null) return null;
  return informalCoverage >= targetPercent ? 'reached' : 'not_yet';
}
