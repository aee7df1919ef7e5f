// Allocation runs and their review. A run reads the programme's open pledges and waiting workers,
// lets allocate.ts choose, and writes the proposals as placements, all in one transaction under a
// per-programme lock, so two admins allocating at once run one after the other. The exclusion
// constraint on placements (migration 0007) is the guarantee underneath: whatever writes a
// placement, a worker is never funded twice for the same month.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DB, PlacementStatus } from '../../db/schema.ts';
import { DomainError, parseInput } from '../../domain-error.ts';
import { unseal } from '../../crypto/field-crypto.ts';
import { actorLabel, type Actor } from '../access/actor.ts';
import { authorize, can } from '../access/policies.ts';
import { todayJakarta } from '../../lib/dates.ts';
import { appendAudit, recordAudit } from '../audit/audit.ts';
import { maskName, maskNik } from '../registry/masks.ts';
import { monthIndex, monthText } from '../rates/rates.ts';
import { allocate, CRITERIA, DEFAULT_CRITERIA, type Candidate, type Criterion, type OpenPledge, type PlacementReason } from './allocate.ts';

/** Placements that hold their months: a second one over the same months is refused. */
export const LIVE_STATUSES: PlacementStatus[] = ['proposed', 'approved', 'enrolled'];
/** A worker whose last covered month is this close to the run's month keeps continuity priority. */
const CONTINUITY_BEFORE = 2;
const CONTINUITY_AFTER = 1;
/** Any two numbers: the advisory lock's class for allocation runs. */
const ALLOCATION_LOCK = 5_170_001;

const AllocationSettings = z.object({
  criteria: z
    .array(z.enum(CRITERIA))
    .max(CRITERIA.length)
    .refine((c) => new Set(c).size === c.length, { message: 'each criterion at most once' })
    .default(DEFAULT_CRITERIA),
});

/** The programme's criteria order (programs.settings.allocation), or the default one. */
export function criteriaOf(settings: Record<string, unknown>): Criterion[] {
  const parsed = AllocationSettings.safeParse(settings['allocation'] ?? {});
  return parsed.success ? [...new Set(parsed.data.criteria)] : DEFAULT_CRITERIA;
}

/** The programme's priority order, for its admins and insurer officers to see. */
export async function getAllocationCriteria(ctx: AppContext, actor: Actor, programId: number): Promise<Criterion[]> {
  authorize(actor, 'placement.read', { programId });
  const p = await ctx.database.db.selectFrom('programs').select('settings').where('id', '=', programId).executeTakeFirst();
  if (!p) throw new DomainError('PROGRAM_NOT_FOUND', { code: String(programId) });
  return criteriaOf(p.settings);
}

/** Sets the programme's priority order (criteria left out do not count); audited. */
export async function setAllocationCriteria(ctx: AppContext, actor: Actor, programId: number, input: unknown): Promise<Criterion[]> {
  authorize(actor, 'allocation.run', { programId });
  const { criteria } = parseInput(AllocationSettings, input, 'criteria');
  const p = await ctx.database.db.selectFrom('programs').select('settings').where('id', '=', programId).executeTakeFirst();
  if (!p) throw new DomainError('PROGRAM_NOT_FOUND', { code: String(programId) });
  const before = criteriaOf(p.settings);
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx.updateTable('programs').set({ settings: JSON.stringify({ ...p.settings, allocation: { criteria } }) }).where('id', '=', programId).execute();
    await recordAudit(trx, ctx.keyring, actor, { action: 'allocation.criteria', entity: 'program', entityId: programId, programId, before: { criteria: before }, after: { criteria } });
  });
  return criteria;
}

export interface RunSummary {
  runId: number;
  criteria: Criterion[];
  candidates: number;
  proposed: number;
  pledges: { pledgeId: number; sponsorId: number; slots: number; proposed: number }[];
}

export interface RunOptions {
  /** Only these pledges; default every committed pledge with a free slot. */
  pledgeIds?: number[];
  /** 'YYYY-MM': the month continuity is judged from; default the current month. */
  asOf?: string;
}

const currentMonth = () => todayJakarta().slice(0, 7);

/** Month index of the first month at whose first day someone born on `birthDate` is 65. */
function turns65(birthDate: string | null): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  return (y + 65) * 12 + m - 1 + (d === 1 ? 0 : 1);
}

/**
 * Committed pledges with free places. A pledge already running offers only its months from the
 * run's month on (nobody is placed, or billed, for months gone by); one that has ended offers none.
 */
async function openPledges(db: Kysely<DB>, programId: number, pledgeIds: number[] | undefined, asOf: number) {
  let q = db
    .selectFrom('pledges as p')
    .innerJoin('sponsors as s', 's.id', 'p.sponsor_id')
    .select((eb) => [
      'p.id', 'p.sponsor_id', 'p.workers', 'p.start_month', 'p.months', 'p.preferences', 'p.committed_at',
      's.ring1', 's.ring2', 's.address_kelurahan',
      eb.selectFrom('placements as x').select((e) => e.fn.countAll<number>().as('n')).whereRef('x.pledge_id', '=', 'p.id').where('x.status', 'in', LIVE_STATUSES).as('placed'),
    ])
    .where('p.program_id', '=', programId)
    .where('p.status', '=', 'committed')
    .orderBy('p.committed_at')
    .orderBy('p.id');
  if (pledgeIds) q = q.where('p.id', 'in', pledgeIds.length > 0 ? pledgeIds : [0]);
  const rows = await q.execute();
  return rows
    .map((r, i) => {
      const prefs = (r.preferences ?? {}) as { ring1First?: boolean; kelurahan?: string[]; occupations?: string[]; workerIds?: number[] };
      const useRings = prefs.ring1First !== false;
      const ring1 = r.ring1.length > 0 ? r.ring1 : r.address_kelurahan ? [r.address_kelurahan] : [];
      const start = Math.max(monthIndex(r.start_month), asOf);
      const pledge: OpenPledge = {
        id: Number(r.id),
        rank: i + 1,
        slots: r.workers - Number(r.placed ?? 0),
        start,
        months: monthIndex(r.start_month) + r.months - start,
        ring1: useRings ? ring1 : [],
        ring2: useRings ? r.ring2 : [],
        preferredKelurahan: prefs.kelurahan ?? [],
        preferredOccupations: prefs.occupations ?? [],
        named: prefs.workerIds ?? [],
      };
      return { pledge, sponsorId: Number(r.sponsor_id), startMonth: monthText(start) };
    })
    .filter((x) => x.pledge.slots > 0 && x.pledge.months > 0);
}

/**
 * The workers who could be placed in at least one of the months from `minStart`: in the
 * programme's kab/kota, alive and still there, not anonymised, under 65 at the earliest start, not
 * refusing consent (a consent withdrawn after the last one given), not known to BPJS TK as already
 * active. Finer checks (each pledge's months and start) are allocate.ts's.
 */
async function candidates(db: Kysely<DB>, programId: number, regionCode: string, minStart: number, asOf: number): Promise<Candidate[]> {
  const rows = await db
    .selectFrom('workers as w')
    .select(['w.id', 'w.desil', 'w.kelurahan_code', 'w.occupation_code', 'w.created_at', 'w.birth_date'])
    .where('w.program_id', '=', programId)
    .where('w.life_status', '=', 'active')
    .where('w.anonymised_at', 'is', null)
    .where('w.kelurahan_code', 'like', `${regionCode}.%`)
    .where('w.birth_date', 'is not', null)
    // Born after the first day of the earliest start month, 65 years back: under 65 then.
    .where(sql<boolean>`w.birth_date > make_date(${Math.floor(minStart / 12) - 65}, ${(minStart % 12) + 1}, 1)`)
    .where(sql<boolean>`coalesce(lower(trim(w.bpjs_status)), '') NOT IN ('aktif', 'active')`)
    // Refused: a consent withdrawn after the last one still given (or with none given since).
    .where(
      sql<boolean>`NOT EXISTS (
        SELECT 1 FROM consents c WHERE c.worker_id = w.id AND c.withdrawn_at IS NOT NULL
          AND c.withdrawn_at > coalesce((SELECT max(l.collected_at) FROM consents l WHERE l.worker_id = w.id AND l.withdrawn_at IS NULL), '-infinity'::timestamptz))`,
    )
    .execute();
  const byId = new Map<number, Candidate>();
  for (const r of rows) {
    byId.set(Number(r.id), {
      id: Number(r.id),
      desil: r.desil,
      kelurahan: r.kelurahan_code,
      occupation: r.occupation_code,
      continuity: false,
      waitingSince: new Date(r.created_at).getTime(),
      turns65: turns65(r.birth_date),
      covered: [],
      rejectedFor: [],
    });
  }
  // Months already held (by this programme or known from elsewhere), and past refusals.
  const placed = await db
    .selectFrom('placements')
    .select(['worker_id', 'pledge_id', 'status', sql<number>`lower(period)`.as('from'), sql<number>`upper(period)`.as('to')])
    .where('program_id', '=', programId)
    .where('status', 'in', [...LIVE_STATUSES, 'rejected', 'declined'])
    .execute();
  for (const p of placed) {
    const w = byId.get(Number(p.worker_id));
    if (!w) continue;
    if (p.status === 'rejected' || p.status === 'declined') w.rejectedFor.push(Number(p.pledge_id));
    else w.covered.push([Number(p.from), Number(p.to)]);
  }
  const elsewhere = await db
    .selectFrom('worker_covers as c')
    .innerJoin('workers as w', 'w.id', 'c.worker_id')
    .select(['c.worker_id', 'c.start_month', 'c.end_month'])
    .where('w.program_id', '=', programId)
    .execute();
  for (const c of elsewhere) {
    byId.get(Number(c.worker_id))?.covered.push([monthIndex(c.start_month), c.end_month ? monthIndex(c.end_month) + 1 : Number.MAX_SAFE_INTEGER]);
  }
  for (const w of byId.values()) {
    // Continuity: the last held month is near the run's month and nothing follows it.
    const lastEnd = Math.max(-1, ...w.covered.map(([, to]) => to));
    w.continuity = lastEnd - 1 >= asOf - CONTINUITY_BEFORE && lastEnd - 1 <= asOf + CONTINUITY_AFTER;
  }
  return [...byId.values()];
}

/**
 * Proposes workers for the programme's open pledges (or the ones given). The proposals wait for
 * an admin's review; nothing is sent to BPJS TK before that.
 */
export async function runAllocation(ctx: AppContext, actor: Actor, programId: number, opts: RunOptions = {}): Promise<RunSummary> {
  authorize(actor, 'allocation.run', { programId });
  const program = await ctx.database.db.selectFrom('programs').select(['id', 'region_code', 'settings']).where('id', '=', programId).executeTakeFirst();
  if (!program) throw new DomainError('PROGRAM_NOT_FOUND', { code: String(programId) });
  const criteria = criteriaOf(program.settings);
  const asOf = monthIndex(opts.asOf ?? currentMonth());
  try {
    return await ctx.database.bulk(async (session) => {
      const db = session.db;
      await sql`SELECT pg_advisory_xact_lock(${ALLOCATION_LOCK}, ${programId}::integer)`.execute(db);
      // One pass over many rows: compiling the query (JIT) costs more than it saves.
      await sql`SET LOCAL jit = off`.execute(db);
      const open = await openPledges(db, programId, opts.pledgeIds, asOf);
      const pool = open.length === 0 ? [] : await candidates(db, programId, program.region_code, Math.min(...open.map((o) => o.pledge.start)), asOf);
      const proposals = allocate(open.map((o) => o.pledge), pool, criteria);
      const counts = new Map<number, number>();
      for (const p of proposals) counts.set(p.pledgeId, (counts.get(p.pledgeId) ?? 0) + 1);
      const pledges = open.map((o) => ({ pledgeId: o.pledge.id, sponsorId: o.sponsorId, slots: o.pledge.slots, proposed: counts.get(o.pledge.id) ?? 0 }));
      const run = await db
        .insertInto('allocation_runs')
        .values({ program_id: programId, criteria, pledges: open.length, proposed: proposals.length, summary: JSON.stringify({ candidates: pool.length, pledges }), created_by: actorLabel(actor) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const runId = Number(run.id);
      const byPledge = new Map(open.map((o) => [o.pledge.id, o]));
      const copy = session.copy('placements', ['program_id', 'pledge_id', 'sponsor_id', 'worker_id', 'run_id', 'start_month', 'months', 'rank', 'reason']);
      for (const p of proposals) {
        const o = byPledge.get(p.pledgeId)!;
        await copy.write([programId, p.pledgeId, o.sponsorId, p.workerId, runId, o.startMonth, o.pledge.months, p.rank, JSON.stringify(p.reason)]);
      }
      await copy.end();
      await appendAudit(db, ctx.keyring, actor, {
        action: 'allocation.run',
        entity: 'allocation_run',
        entityId: runId,
        programId,
        after: { criteria, candidates: pool.length, proposed: proposals.length, pledges: pledges.map((p) => `${p.pledgeId}:${p.proposed}/${p.slots}`).join(' ') },
      });
      return { runId, criteria, candidates: pool.length, proposed: proposals.length, pledges };
    });
  } catch (e) {
    // Another writer took some of the same months between our read and our write (PostgreSQL says
    // so with an exclusion violation, or a deadlock when both wrote before either checked).
    const code = (e as { code?: string }).code;
    if (code === '23P01' || code === '40P01') throw new DomainError('PLACEMENT_CONFLICT');
    throw e;
  }
}

export interface PlacementView {
  id: number;
  pledgeId: number;
  sponsorId: number;
  sponsorName: string;
  workerId: number;
  /** Whole for programme staff, initials for a sponsor. */
  workerName: string;
  nik: string | null;
  kelurahanCode: string | null;
  kelurahanName: string | null;
  occupationCode: string | null;
  start: string;
  months: number;
  status: PlacementStatus;
  rank: number;
  /** desil is null for a sponsor: it is the worker's poverty data. */
  reason: PlacementReason;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface PlacementFilter {
  pledgeId?: number;
  status?: PlacementStatus;
  limit?: number;
  offset?: number;
}

/**
 * Placements of a programme (staff) or of one pledge (its sponsor too). Programme staff see names
 * and the desil behind each choice, with masked NIKs; a sponsor sees initials and no desil.
 */
export async function listPlacements(ctx: AppContext, actor: Actor, programId: number, filter: PlacementFilter = {}): Promise<{ items: PlacementView[]; total: number }> {
  const db = ctx.database.db;
  let sponsorId: number | null = null;
  if (filter.pledgeId !== undefined) {
    const pledge = await db.selectFrom('pledges').select(['program_id', 'sponsor_id']).where('id', '=', filter.pledgeId).executeTakeFirst();
    if (!pledge || Number(pledge.program_id) !== programId) throw new DomainError('PLEDGE_NOT_FOUND', { id: filter.pledgeId });
    sponsorId = Number(pledge.sponsor_id);
    authorize(actor, 'placement.read', { programId, sponsorId });
  } else {
    authorize(actor, 'placement.review', { programId });
  }
  const staff = can(actor, 'placement.review', { programId }) || can(actor, 'worker.read', { programId });
  let q = db
    .selectFrom('placements as p')
    .innerJoin('workers as w', 'w.id', 'p.worker_id')
    .innerJoin('sponsors as s', 's.id', 'p.sponsor_id')
    .leftJoin('regions as r', 'r.code', 'w.kelurahan_code')
    .where('p.program_id', '=', programId);
  if (filter.pledgeId !== undefined) q = q.where('p.pledge_id', '=', filter.pledgeId);
  if (filter.status) q = q.where('p.status', '=', filter.status);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      'p.id', 'p.pledge_id', 'p.sponsor_id', 's.name as sponsor_name', 'p.worker_id', 'w.name', 'w.nik_enc', 'w.kelurahan_code', 'r.name as kelurahan_name',
      'w.occupation_code', 'p.start_month', 'p.months', 'p.status', 'p.rank', 'p.reason', 'p.decided_by', 'p.decided_at', 'p.decision_note',
    ])
    .orderBy('p.pledge_id')
    .orderBy('p.rank')
    .limit(Math.min(filter.limit ?? 100, 1000))
    .offset(filter.offset ?? 0)
    .execute();
  const items = rows.map((r): PlacementView => {
    const reason = r.reason as PlacementReason;
    return {
      id: Number(r.id),
      pledgeId: Number(r.pledge_id),
      sponsorId: Number(r.sponsor_id),
      sponsorName: r.sponsor_name,
      workerId: Number(r.worker_id),
      workerName: staff ? r.name : maskName(r.name),
      nik: staff ? maskNik(unseal(ctx.keyring, 'nik', r.nik_enc)) : null,
      kelurahanCode: r.kelurahan_code,
      kelurahanName: r.kelurahan_name,
      occupationCode: r.occupation_code,
      start: r.start_month,
      months: r.months,
      status: r.status,
      rank: r.rank,
      reason: staff ? reason : { ...reason, desil: null },
      decidedBy: r.decided_by,
      decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
      decisionNote: r.decision_note,
    };
  });
  return { items, total: Number(total.n) };
}

/** The placements of one pledge, for its sponsor and for programme staff. */
export async function listPledgePlacements(ctx: AppContext, actor: Actor, pledgeId: number, filter: Omit<PlacementFilter, 'pledgeId'> = {}) {
  const pledge = await ctx.database.db.selectFrom('pledges').select('program_id').where('id', '=', pledgeId).executeTakeFirst();
  if (!pledge) throw new DomainError('PLEDGE_NOT_FOUND', { id: pledgeId });
  return listPlacements(ctx, actor, Number(pledge.program_id), { ...filter, pledgeId });
}

export interface Decision {
  ids: number[];
  decision: 'approve' | 'reject';
  /** Required when rejecting: shown with the worker when they return to the pool. */
  note?: string;
}

/**
 * An admin's review: approve proposals (they go to the next enrolment batch) or reject them (the
 * worker returns to the pool and is never proposed to that pledge again). Only proposals can be
 * decided; the answer says how many were.
 */
export async function decidePlacements(ctx: AppContext, actor: Actor, programId: number, d: Decision): Promise<{ decided: number; skipped: number }> {
  authorize(actor, 'placement.review', { programId });
  const note = d.note?.trim() ?? '';
  if (d.decision === 'reject' && note.length === 0) {
    throw new DomainError('FIELD_INVALID', { field: 'note', alasan: 'alasan penolakan wajib diisi', reason: 'a rejection needs a reason' });
  }
  const ids = [...new Set(d.ids)];
  return ctx.database.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('placements')
      .set({ status: d.decision === 'approve' ? 'approved' : 'rejected', decided_by: actorLabel(actor), decided_at: new Date(), decision_note: note || null })
      .where('program_id', '=', programId)
      .where('id', 'in', ids.length > 0 ? ids : [0])
      .where('status', '=', 'proposed')
      .returning('id')
      .execute();
    if (done.length > 0) {
      await recordAudit(trx, ctx.keyring, actor, {
        action: `placement.${d.decision}`,
        entity: 'placement',
        entityId: done.length === 1 ? done[0]!.id : null,
        programId,
        after: { ids: done.map((r) => Number(r.id)).join(','), note: note || null },
      });
    }
    return { decided: done.length, skipped: ids.length - done.length };
  });
}
