// The allocator against an independent brute force: on small random cases, every possible
// assignment of workers to pledges is listed, the stable ones are kept (no pledge and worker who
// would both rather be together), and the allocator's answer must be the one stable assignment.
// The brute force computes eligibility and priority from the rules as written in docs/ALLOCATION.md,
// without the allocator's helpers.
import { describe, expect, it } from 'vitest';
import { allocate, CRITERIA, type Candidate, type Criterion, type OpenPledge } from './allocate.ts';

/** A small deterministic generator, so a failing case can be replayed from its seed. */
function random(seed: number) {
  let s = Math.imul(seed, 2654435761) >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  return {
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

const KEL = ['A', 'B', 'C', 'D'];
const OCC = ['nelayan', 'ojek', 'pedagang'];

function makeCase(seed: number) {
  const r = random(seed);
  const workers: Candidate[] = Array.from({ length: r.int(1, 7) }, (_, i) => ({
    id: i + 1,
    desil: r.chance(0.2) ? null : r.int(1, 3),
    kelurahan: r.chance(0.1) ? null : r.pick(KEL),
    occupation: r.chance(0.1) ? null : r.pick(OCC),
    continuity: r.chance(0.3),
    waitingSince: r.int(0, 2) * 1000,
    turns65: r.chance(0.1) ? null : r.chance(0.2) ? r.int(24_310, 24_320) : 30_000,
    covered: r.chance(0.2) ? [[24_310 + r.int(0, 6), 24_320]] : [],
    rejectedFor: [],
  }));
  const pledges: OpenPledge[] = Array.from({ length: r.int(1, 3) }, (_, i) => {
    const subset = (xs: string[], p: number) => xs.filter(() => r.chance(p));
    return {
      id: 10 + i,
      rank: r.int(1, 3),
      slots: r.int(1, 3),
      start: 24_312 + r.int(0, 6),
      months: r.int(1, 6),
      ring1: subset(KEL, 0.3),
      ring2: subset(KEL, 0.3),
      preferredKelurahan: r.chance(0.3) ? subset(KEL, 0.4) : [],
      preferredOccupations: r.chance(0.3) ? subset(OCC, 0.4) : [],
      named: r.chance(0.15) ? workers.filter(() => r.chance(0.5)).map((w) => w.id) : [],
    };
  });
  for (const w of workers) if (r.chance(0.1)) w.rejectedFor.push(r.pick(pledges).id);
  const order = CRITERIA.filter(() => r.chance(0.8));
  for (let i = order.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return { workers, pledges, order: order as Criterion[] };
}

// --- the rules, written out again for the check ---------------------------------------------

function canPair(p: OpenPledge, w: Candidate): boolean {
  const ageOk = w.turns65 !== null && p.start < w.turns65;
  const free = w.covered.every(([from, to]) => to <= p.start || p.start + p.months <= from);
  const named = p.named.length === 0 || p.named.includes(w.id);
  const occupation = p.preferredOccupations.length === 0 || (w.occupation !== null && p.preferredOccupations.includes(w.occupation));
  return ageOk && free && named && occupation && !w.rejectedFor.includes(p.id);
}

function key(order: Criterion[], p: OpenPledge, w: Candidate): number[] {
  const k = [p.named.length > 0 ? 0 : 1];
  for (const c of order) {
    if (c === 'continuity') k.push(w.continuity ? 0 : 1);
    if (c === 'desil') k.push(w.desil === null ? 99 : w.desil);
    if (c === 'proximity') {
      const kel = w.kelurahan ?? '';
      k.push(p.ring1.includes(kel) ? 0 : p.ring2.includes(kel) ? 1 : 2);
    }
    if (c === 'preference') {
      const none = p.preferredKelurahan.length === 0;
      k.push(none || p.preferredKelurahan.includes(w.kelurahan ?? '') ? 0 : 1);
    }
  }
  return [...k, w.waitingSince, w.id, p.rank, p.id];
}

const before = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
};

/** Every assignment (worker -> pledge index or -1) within capacities and eligibility that is stable. */
function stableAssignments(pledges: OpenPledge[], workers: Candidate[], order: Criterion[]): Map<number, number>[] {
  const out: Map<number, number>[] = [];
  const choice = new Array<number>(workers.length).fill(-1);
  const visit = (i: number) => {
    if (i === workers.length) {
      const m = new Map<number, number>();
      choice.forEach((c, wi) => c >= 0 && m.set(workers[wi]!.id, pledges[c]!.id));
      if (isStable(m)) out.push(m);
      return;
    }
    for (let c = -1; c < pledges.length; c++) {
      if (c >= 0) {
        const p = pledges[c]!;
        if (!canPair(p, workers[i]!) || choice.filter((x) => x === c).length >= p.slots) continue;
      }
      choice[i] = c;
      visit(i + 1);
      choice[i] = -1;
    }
  };
  const isStable = (m: Map<number, number>) => {
    for (const p of pledges) {
      const mine = workers.filter((w) => m.get(w.id) === p.id);
      const worst = mine.map((w) => key(order, p, w)).sort((a, b) => (before(a, b) ? 1 : -1))[0];
      for (const w of workers) {
        if (m.get(w.id) === p.id || !canPair(p, w)) continue;
        const k = key(order, p, w);
        const current = m.get(w.id);
        const workerWants = current === undefined || before(k, key(order, pledges.find((q) => q.id === current)!, w));
        const pledgeWants = mine.length < p.slots || before(k, worst!);
        if (workerWants && pledgeWants) return false;
      }
    }
    return true;
  };
  visit(0);
  return out;
}

describe('allocate', () => {
  it('is the one stable assignment on 600 random small cases', () => {
    let placed = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const { workers, pledges, order } = makeCase(seed);
      const proposals = allocate(pledges, workers, order);
      const got = new Map(proposals.map((p) => [p.workerId, p.pledgeId]));
      expect(got.size, `seed ${seed}: a worker proposed twice`).toBe(proposals.length);
      const stable = stableAssignments(pledges, workers, order);
      expect(stable.length, `seed ${seed}: stable assignments`).toBe(1);
      expect([...got].sort(), `seed ${seed}`).toEqual([...stable[0]!].sort());
      // Pairs are taken best first: the proposals' keys ascend.
      const keys = proposals.map((p) => key(order, pledges.find((q) => q.id === p.pledgeId)!, workers.find((w) => w.id === p.workerId)!));
      for (let i = 1; i < keys.length; i++) expect(before(keys[i - 1]!, keys[i]!), `seed ${seed}: proposal ${i + 1} out of order`).toBe(true);
      placed += proposals.length;
    }
    expect(placed).toBeGreaterThan(1000);
  });

  const worker = (id: number, over: Partial<Candidate> = {}): Candidate => ({
    id, desil: 1, kelurahan: 'A', occupation: 'ojek', continuity: false, waitingSince: 0, turns65: 30_000, covered: [], rejectedFor: [], ...over,
  });
  const pledge = (id: number, over: Partial<OpenPledge> = {}): OpenPledge => ({
    id, rank: id, slots: 1, start: 24_318, months: 6, ring1: [], ring2: [], preferredKelurahan: [], preferredOccupations: [], named: [], ...over,
  });

  it('takes the lowest desil first, then the sponsor ring, and says why', () => {
    const workers = [worker(1, { desil: 3, kelurahan: 'A' }), worker(2, { desil: 1, kelurahan: 'B' }), worker(3, { desil: 1, kelurahan: 'A' })];
    const [first, second] = allocate([pledge(1, { slots: 2, ring1: ['A'] })], workers);
    expect([first!.workerId, second!.workerId]).toEqual([3, 2]);
    expect(first!.reason).toMatchObject({ desil: 1, proximity: 'ring1', continuity: false, named: false });
    expect(second!.reason.proximity).toBe('area');
    // Proximity before desil: the ring-1 worker with desil 3 now beats desil 1 elsewhere.
    const byRing = allocate([pledge(1, { slots: 2, ring1: ['A'] })], workers, ['proximity', 'desil']);
    expect(byRing.map((p) => p.workerId)).toEqual([3, 1]);
  });

  it('keeps a worker whose cover is ending covered before anyone else', () => {
    const got = allocate([pledge(1)], [worker(1, { desil: 1 }), worker(2, { desil: 9, continuity: true })]);
    expect(got.map((p) => p.workerId)).toEqual([2]);
  });

  it('never proposes someone 65 or older, already covered, or rejected for that pledge', () => {
    const p = pledge(1, { slots: 5, start: 24_318, months: 6 });
    const got = allocate([p], [
      worker(1, { turns65: 24_318 }),
      worker(2, { covered: [[24_323, 24_330]] }),
      worker(3, { rejectedFor: [1] }),
      worker(4, { turns65: null }),
      worker(5, { covered: [[24_300, 24_318]] }),
    ]);
    expect(got.map((x) => x.workerId)).toEqual([5]);
  });

  it("gives an individual sponsor the worker they named, even when another pledge ranks first", () => {
    const got = allocate([pledge(1), pledge(2, { named: [7] })], [worker(7, { desil: 1 }), worker(8, { desil: 2 })]);
    expect(got).toEqual([
      expect.objectContaining({ pledgeId: 2, workerId: 7, rank: 1 }),
      expect.objectContaining({ pledgeId: 1, workerId: 8, rank: 2 }),
    ]);
  });
});
