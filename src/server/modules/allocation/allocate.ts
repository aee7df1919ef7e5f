// Allocation: which open pledge funds which waiting worker. Pure: the candidates and pledges come
// from the database (allocation.service.ts), the placements go back to it.
//
// The rules (docs/ALLOCATION.md):
// - A pair (pledge, worker) is possible when the worker is eligible for that pledge: under 65 at
//   the pledge's first month, not covered in any of its months, not rejected for that pledge
//   before, of one of the pledge's occupations when it lists any, and named by the pledge when the
//   pledge names workers (an individual sponsor's own helper or driver).
// - Every possible pair has a priority key. First come workers named by a pledge; then the
//   programme's criteria in its configured order:
//     continuity  - the worker's cover is ending (or just ended): they are kept covered first;
//     desil       - lowest desil first (unknown desil last);
//     proximity   - ring 1 of the sponsor, then ring 2, then the rest of the kab/kota;
//     preference  - the worker lives in one of the pledge's preferred kelurahan;
//   then the longest wait, then the lower worker id, then the earlier pledge. The key is a strict
//   total order: no two pairs tie.
// - The result is the greedy matching over pairs in key order: the best pair whose pledge still
//   has a slot and whose worker is still free is taken, again and again. With a strict order that
//   both sides share, this is the one stable matching: no pledge and worker would both rather be
//   together than with what they got (no worker passed over for one the rules rank lower, no slot
//   left empty while a possible worker waits). allocate.test.ts checks that against a brute force.
//
// The greedy is computed without listing every pair (1M workers x 2,000 pledges would be 2
// billion): the criteria split pairs into a few tiers (2 continuity x 11 desil x 3 proximity x 2
// preference at most); inside a tier pairs are ordered by the worker, so each tier is one pass over
// the workers of its continuity/desil bucket, each looking up its best open pledge through
// per-kelurahan indexes.

export const CRITERIA = ['continuity', 'desil', 'proximity', 'preference'] as const;
export type Criterion = (typeof CRITERIA)[number];
export const DEFAULT_CRITERIA: Criterion[] = ['continuity', 'desil', 'proximity', 'preference'];

export type Proximity = 'ring1' | 'ring2' | 'area';
const PROXIMITY_LEVEL: Record<Proximity, number> = { ring1: 0, ring2: 1, area: 2 };
const PROXIMITY_BY_LEVEL: Proximity[] = ['ring1', 'ring2', 'area'];
/** Desil 1..10; unknown ranks after 10. */
const UNKNOWN_DESIL = 11;

export interface Candidate {
  id: number;
  desil: number | null;
  kelurahan: string | null;
  occupation: string | null;
  /** The worker's cover is ending or just ended: keep them covered. */
  continuity: boolean;
  /** Milliseconds since epoch the worker has been waiting (registered). */
  waitingSince: number;
  /** Month index (year*12 + month-1) of the first month the worker is 65 or older; null: unknown. */
  turns65: number | null;
  /** Month-index ranges [from, to) already covered (another placement, self-payment, APBD). */
  covered: [number, number][];
  /** Pledges this worker was rejected for: never proposed to them again. */
  rejectedFor: number[];
}

export interface OpenPledge {
  id: number;
  /** Smaller is earlier (commit order). */
  rank: number;
  slots: number;
  /** Month index of the first month and the number of months. */
  start: number;
  months: number;
  /** Empty when the pledge ignores proximity. */
  ring1: string[];
  ring2: string[];
  preferredKelurahan: string[];
  preferredOccupations: string[];
  /** Non-empty: the pledge funds only these workers. */
  named: number[];
}

export interface PlacementReason {
  named: boolean;
  continuity: boolean;
  desil: number | null;
  proximity: Proximity;
  /** Null when the pledge states no preferences. */
  preference: boolean | null;
  waitingSince: string;
}

export interface Proposal {
  pledgeId: number;
  workerId: number;
  /** Position in the order pairs were taken (1 = first). */
  rank: number;
  reason: PlacementReason;
}

export function eligible(p: OpenPledge, w: Candidate): boolean {
  if (w.turns65 === null || w.turns65 <= p.start) return false;
  const end = p.start + p.months;
  if (w.covered.some(([from, to]) => from < end && p.start < to)) return false;
  if (w.rejectedFor.includes(p.id)) return false;
  // Occupations are a condition, not a wish: the pledge was priced for them (the transport sector's
  // discount runs longer), so a worker of another occupation would cost more than was committed.
  if (p.preferredOccupations.length > 0 && (w.occupation === null || !p.preferredOccupations.includes(w.occupation))) return false;
  return p.named.length === 0 || p.named.includes(w.id);
}

export function proximityOf(p: OpenPledge, w: Candidate): Proximity {
  if (w.kelurahan === null) return 'area';
  if (p.ring1.includes(w.kelurahan)) return 'ring1';
  if (p.ring2.includes(w.kelurahan)) return 'ring2';
  return 'area';
}

export function prefers(p: OpenPledge, w: Candidate): boolean {
  if (p.preferredKelurahan.length === 0) return true;
  return w.kelurahan !== null && p.preferredKelurahan.includes(w.kelurahan);
}

const desilOf = (w: Candidate) => w.desil ?? UNKNOWN_DESIL;

/** The values one criterion can take, best first, and its value for a pair. */
const DOMAIN: Record<Criterion, number[]> = {
  continuity: [0, 1],
  desil: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, UNKNOWN_DESIL],
  proximity: [0, 1, 2],
  preference: [0, 1],
};

function reasonOf(p: OpenPledge, w: Candidate): PlacementReason {
  return {
    named: p.named.length > 0,
    continuity: w.continuity,
    desil: w.desil,
    proximity: proximityOf(p, w),
    preference: p.preferredKelurahan.length === 0 ? null : prefers(p, w),
    waitingSince: new Date(w.waitingSince).toISOString(),
  };
}

/** Workers in the order ties are broken: longest waiting, then lower id. */
const byWait = (a: Candidate, b: Candidate) => a.waitingSince - b.waitingSince || a.id - b.id;

/**
 * Proposes workers for the pledges: the greedy matching over pairs in priority order, which is the
 * stable one. Each worker gets at most one proposal per run.
 */
export function allocate(pledges: OpenPledge[], candidates: Candidate[], criteria: Criterion[] = DEFAULT_CRITERIA): Proposal[] {
  const order = criteria.filter((c, i) => CRITERIA.includes(c) && criteria.indexOf(c) === i);
  const left = new Map(pledges.filter((p) => p.slots > 0).map((p) => [p.id, p.slots]));
  const taken = new Set<number>();
  const proposals: Proposal[] = [];
  const take = (p: OpenPledge, w: Candidate) => {
    proposals.push({ pledgeId: p.id, workerId: w.id, rank: proposals.length + 1, reason: reasonOf(p, w) });
    taken.add(w.id);
    const n = left.get(p.id)! - 1;
    if (n === 0) left.delete(p.id);
    else left.set(p.id, n);
  };
  const open = (p: OpenPledge) => left.has(p.id);
  const byRank = (a: OpenPledge, b: OpenPledge) => a.rank - b.rank || a.id - b.id;

  // 1. Named workers: pairs ordered by the criteria like any others, but before all of them.
  const named = pledges.filter((p) => p.named.length > 0 && open(p)).sort(byRank);
  if (named.length > 0) {
    const byId = new Map(candidates.map((w) => [w.id, w]));
    const pairs: { p: OpenPledge; w: Candidate; key: number[] }[] = [];
    for (const p of named) {
      for (const id of p.named) {
        const w = byId.get(id);
        if (w && eligible(p, w)) pairs.push({ p, w, key: pairKey(order, p, w) });
      }
    }
    pairs.sort((a, b) => compareKeys(a.key, b.key) || byWait(a.w, b.w) || byRank(a.p, b.p));
    for (const { p, w } of pairs) if (open(p) && !taken.has(w.id)) take(p, w);
  }

  // 2. Everyone else, tier by tier.
  const general = pledges.filter((p) => p.named.length === 0).sort(byRank);
  if (general.length === 0 || left.size === 0) return proposals;
  const index = new PledgeIndex(general);
  const workerCriteria = order.filter((c) => c === 'continuity' || c === 'desil');
  const buckets = new Map<string, Candidate[]>();
  for (const w of [...candidates].sort(byWait)) {
    if (taken.has(w.id)) continue;
    const k = workerCriteria.map((c) => (c === 'continuity' ? (w.continuity ? 0 : 1) : desilOf(w))).join(',');
    let list = buckets.get(k);
    if (!list) buckets.set(k, (list = []));
    list.push(w);
  }
  for (const tier of tiers(order)) {
    if (left.size === 0) break;
    const bucket = buckets.get(workerCriteria.map((c) => tier[c]).join(','));
    if (!bucket) continue;
    const proximity = tier.proximity === undefined ? undefined : PROXIMITY_BY_LEVEL[tier.proximity];
    const preference = tier.preference === undefined ? undefined : tier.preference === 0;
    for (const w of bucket) {
      if (taken.has(w.id)) continue;
      const p = index.best(w, proximity, preference, open);
      if (p) {
        take(p, w);
        if (!open(p)) index.close(p);
        if (left.size === 0) break;
      }
    }
  }
  return proposals;
}

type Tier = Partial<Record<Criterion, number>>;

/** Every combination of the criteria's values, best first. */
function tiers(order: Criterion[]): Tier[] {
  let out: Tier[] = [{}];
  for (const c of order) out = out.flatMap((t) => DOMAIN[c].map((v) => ({ ...t, [c]: v })));
  return out;
}

/** The criteria part of a pair's key (the rest: waiting, worker id, pledge rank). */
export function pairKey(order: Criterion[], p: OpenPledge, w: Candidate): number[] {
  return order.map((c) => {
    switch (c) {
      case 'continuity':
        return w.continuity ? 0 : 1;
      case 'desil':
        return desilOf(w);
      case 'proximity':
        return PROXIMITY_LEVEL[proximityOf(p, w)];
      case 'preference':
        return prefers(p, w) ? 0 : 1;
    }
  });
}

export function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * The open general pledges, found by a worker's kelurahan. `best` returns the
 * earliest open pledge that gives the worker the tier's proximity and preference and for which
 * the worker is eligible.
 */
class PledgeIndex {
  private readonly ring1 = new Map<string, OpenPledge[]>();
  private readonly ring2 = new Map<string, OpenPledge[]>();
  private readonly preferredKelurahan = new Map<string, OpenPledge[]>();
  /** Pledges without preferences: every worker matches them. */
  private noPreference: OpenPledge[];
  /** Pledges with preferences, for workers who match none of them. */
  private withPreference: OpenPledge[];
  private all: OpenPledge[];

  constructor(pledges: OpenPledge[]) {
    const add = (m: Map<string, OpenPledge[]>, k: string, p: OpenPledge) => {
      const list = m.get(k);
      if (list) list.push(p);
      else m.set(k, [p]);
    };
    for (const p of pledges) {
      for (const k of new Set(p.ring1)) add(this.ring1, k, p);
      for (const k of new Set(p.ring2)) if (!p.ring1.includes(k)) add(this.ring2, k, p);
      for (const k of new Set(p.preferredKelurahan)) add(this.preferredKelurahan, k, p);
    }
    this.all = pledges;
    this.noPreference = pledges.filter((p) => p.preferredKelurahan.length === 0);
    this.withPreference = pledges.filter((p) => !this.noPreference.includes(p));
  }

  /** Drops a full pledge from the lists scanned in full, so they stay short. */
  close(p: OpenPledge): void {
    const drop = (list: OpenPledge[]) => list.filter((q) => q !== p);
    this.all = drop(this.all);
    this.noPreference = drop(this.noPreference);
    this.withPreference = drop(this.withPreference);
  }

  best(w: Candidate, proximity: Proximity | undefined, preference: boolean | undefined, open: (p: OpenPledge) => boolean): OpenPledge | undefined {
    const fits = (p: OpenPledge) =>
      open(p) &&
      (proximity === undefined || proximityOf(p, w) === proximity) &&
      (preference === undefined || prefers(p, w) === preference) &&
      eligible(p, w);
    // The lists to look in: the smallest ones that surely contain every pledge that fits.
    let lists: OpenPledge[][];
    if (proximity === 'ring1' || proximity === 'ring2') {
      lists = [(w.kelurahan !== null && (proximity === 'ring1' ? this.ring1 : this.ring2).get(w.kelurahan)) || []];
    } else if (preference === true) {
      lists = [this.noPreference, (w.kelurahan !== null && this.preferredKelurahan.get(w.kelurahan)) || []];
    } else if (preference === false) {
      lists = [this.withPreference];
    } else {
      lists = [this.all];
    }
    let best: OpenPledge | undefined;
    for (const list of lists) {
      // Each list is in rank order: its first fit is its best.
      for (const p of list) {
        if (best && (p.rank > best.rank || (p.rank === best.rank && p.id > best.id))) break;
        if (fits(p)) {
          best = p;
          break;
        }
      }
    }
    return best;
  }
}
