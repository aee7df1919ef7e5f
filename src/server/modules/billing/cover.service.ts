// A worker's cover month by month, from what was billed and paid. An invoice's payments pay its
// lines in month order, so a partly paid invoice covers its earliest months first. A month is
// paid when every line of it is; due while its invoice is not yet past due; in arrears after.
// JKM's full benefit needs 3 consecutive paid months, BPJS TK counts a worker towards its targets
// after 6 paid months, and more than 3 consecutive unpaid months end the membership (domain.md §2-3).
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError } from '../../domain-error.ts';
import type { Actor } from '../access/actor.ts';
import { authorize } from '../access/policies.ts';
import { todayJakarta } from '../../lib/dates.ts';
import { addMonths } from '../rates/rates.ts';
import { MAX_UNPAID_MONTHS } from './billing.service.ts';

export type MonthStatus = 'paid' | 'due' | 'arrears' | 'scheduled';

export interface CoverMonth {
  month: string;
  status: MonthStatus;
  amount: number;
  placementId: number;
  sponsorName: string;
}

export interface CoverSummary {
  months: CoverMonth[];
  paidMonths: number;
  /** The longest run of consecutive paid months. */
  longestPaidRun: number;
  /** 3 consecutive paid months: the full JKM benefit (Rp42,000,000) instead of funeral cost only. */
  jkmFullBenefit: boolean;
  /** At least 6 paid months: BPJS TK counts the worker towards its coverage targets. */
  countedForTargets: boolean;
  /** The most consecutive months in arrears; more than 3 ends the membership. */
  arrearsRun: number;
  membershipEnded: boolean;
}

interface LineMonth {
  placement_id: number;
  month: string;
  amount: number;
  paid: boolean;
  due_date: string;
  sponsor_name: string;
}

/** Billed months of some placements with their paid flag (the invoice's payments in month order). */
async function billedMonths(db: Kysely<DB>, where: { workerId?: number; programId?: number }): Promise<LineMonth[]> {
  const scope = where.workerId !== undefined ? sql`c.worker_id = ${where.workerId}` : sql`c.program_id = ${where.programId!}`;
  const r = await sql<LineMonth>`
    WITH mine AS (SELECT DISTINCT invoice_id FROM contribution_lines c WHERE ${scope}),
    lines AS (
      SELECT c.placement_id, c.worker_id, c.month, c.amount, i.due_date, i.paid,
             sum(c.amount) OVER (PARTITION BY c.invoice_id ORDER BY c.month, c.id) AS paid_through
      FROM contribution_lines c JOIN invoices i ON i.id = c.invoice_id
      WHERE c.invoice_id IN (SELECT invoice_id FROM mine)
    )
    SELECT l.placement_id, l.month, sum(l.amount) AS amount, bool_and(l.paid_through <= l.paid) AS paid, min(l.due_date) AS due_date, s.name AS sponsor_name
    FROM lines l JOIN placements p ON p.id = l.placement_id JOIN sponsors s ON s.id = p.sponsor_id
    WHERE ${where.workerId !== undefined ? sql`l.worker_id = ${where.workerId}` : sql`true`}
    GROUP BY l.placement_id, l.month, s.name
    ORDER BY l.month, l.placement_id`.execute(db);
  return r.rows.map((x) => ({ ...x, placement_id: Number(x.placement_id), amount: Number(x.amount) }));
}

function longestRun(months: string[]): number {
  let best = 0;
  let run = 0;
  let prev: string | null = null;
  for (const m of [...months].sort()) {
    run = prev !== null && addMonths(prev, 1) === m ? run + 1 : 1;
    best = Math.max(best, run);
    prev = m;
  }
  return best;
}

export function summarise(months: CoverMonth[]): CoverSummary {
  const paid = months.filter((m) => m.status === 'paid').map((m) => m.month);
  const arrears = months.filter((m) => m.status === 'arrears').map((m) => m.month);
  const longestPaidRun = longestRun(paid);
  const arrearsRun = longestRun(arrears);
  return {
    months,
    paidMonths: new Set(paid).size,
    longestPaidRun,
    jkmFullBenefit: longestPaidRun >= 3,
    countedForTargets: new Set(paid).size >= 6,
    arrearsRun,
    membershipEnded: arrearsRun > MAX_UNPAID_MONTHS,
  };
}

/** One worker's cover, month by month, as of `today` ('YYYY-MM-DD'). */
export async function workerCover(ctx: AppContext, actor: Actor, workerId: number, today = todayJakarta()): Promise<CoverSummary> {
  const db = ctx.database.db;
  const w = await db.selectFrom('workers').select(['program_id']).where('id', '=', workerId).executeTakeFirst();
  if (!w) throw new DomainError('WORKER_NOT_FOUND', { id: workerId });
  authorize(actor, 'cover.read', { programId: Number(w.program_id) });
  const billed = await billedMonths(db, { workerId });
  const months: CoverMonth[] = billed.map((b) => ({
    month: b.month,
    // A month paid in advance is not in arrears before it begins.
    status: b.paid ? 'paid' : b.due_date < today && b.month <= today.slice(0, 7) ? 'arrears' : 'due',
    amount: b.amount,
    placementId: b.placement_id,
    sponsorName: b.sponsor_name,
  }));
  // Months of enrolled placements not billed yet.
  const placements = await db
    .selectFrom('placements as p')
    .innerJoin('sponsors as s', 's.id', 'p.sponsor_id')
    .select(['p.id', 'p.start_month', 'p.months', 's.name'])
    .where('p.worker_id', '=', workerId)
    .where('p.status', '=', 'enrolled')
    .execute();
  const seen = new Set(months.map((m) => `${m.placementId}:${m.month}`));
  for (const p of placements) {
    for (let i = 0; i < p.months; i++) {
      const month = addMonths(p.start_month, i);
      if (!seen.has(`${Number(p.id)}:${month}`)) months.push({ month, status: 'scheduled', amount: 0, placementId: Number(p.id), sponsorName: p.name });
    }
  }
  months.sort((a, b) => (a.month === b.month ? a.placementId - b.placementId : a.month < b.month ? -1 : 1));
  return summarise(months);
}

export interface ArrearsRow {
  placementId: number;
  workerId: number;
  workerName: string;
  sponsorId: number;
  sponsorName: string;
  unpaidMonths: string[];
  amount: number;
}

/** Enrolled placements with months past due and unpaid, most months first. */
export async function arrearsList(ctx: AppContext, actor: Actor, programId: number, today = todayJakarta()): Promise<ArrearsRow[]> {
  authorize(actor, 'cover.read', { programId });
  const db = ctx.database.db;
  const billed = (await billedMonths(db, { programId })).filter((b) => !b.paid && b.due_date < today && b.month <= today.slice(0, 7));
  if (billed.length === 0) return [];
  const byPlacement = new Map<number, LineMonth[]>();
  for (const b of billed) byPlacement.set(b.placement_id, [...(byPlacement.get(b.placement_id) ?? []), b]);
  const rows = await db
    .selectFrom('placements as p')
    .innerJoin('workers as w', 'w.id', 'p.worker_id')
    .innerJoin('sponsors as s', 's.id', 'p.sponsor_id')
    .select(['p.id', 'p.worker_id', 'w.name', 'p.sponsor_id', 's.name as sponsor_name'])
    .where('p.id', 'in', [...byPlacement.keys()])
    .execute();
  return rows
    .map((r) => {
      const months = byPlacement.get(Number(r.id))!;
      return {
        placementId: Number(r.id),
        workerId: Number(r.worker_id),
        workerName: r.name,
        sponsorId: Number(r.sponsor_id),
        sponsorName: r.sponsor_name,
        unpaidMonths: months.map((m) => m.month),
        amount: months.reduce((s, m) => s + m.amount, 0),
      };
    })
    .sort((a, b) => b.unpaidMonths.length - a.unpaidMonths.length || a.placementId - b.placementId);
}

export interface Continuity {
  /** Workers the programme has covered. */
  workers: number;
  /** Their months from each one's first covered month to their last. */
  workerMonths: number;
  coveredMonths: number;
  /** coveredMonths / workerMonths: 1 when nobody had a gap between sponsorships. */
  share: number;
  workersWithGap: number;
}

/**
 * How well cover continued from one sponsorship to the next: of the months between each worker's
 * first and last covered month, the share that were covered. A membership that lapsed counts up
 * to the month it lapsed from.
 */
export async function continuity(ctx: AppContext, actor: Actor, programId: number): Promise<Continuity> {
  authorize(actor, 'cover.read', { programId });
  const r = await sql<{ workers: number; worker_months: number; covered_months: number; with_gap: number }>`
    WITH covered AS (
      SELECT DISTINCT p.worker_id, mi
      FROM placements p
      CROSS JOIN LATERAL generate_series(lower(p.period),
        (CASE WHEN p.status = 'lapsed' THEN sekitar_month_index(p.lapsed_from) ELSE upper(p.period) END) - 1) AS mi
      WHERE p.program_id = ${programId} AND p.status IN ('enrolled', 'lapsed')
    ), per_worker AS (
      SELECT worker_id, max(mi) - min(mi) + 1 AS span, count(*) AS covered FROM covered GROUP BY worker_id
    )
    SELECT count(*) AS workers, coalesce(sum(span), 0) AS worker_months, coalesce(sum(covered), 0) AS covered_months,
           count(*) FILTER (WHERE covered < span) AS with_gap
    FROM per_worker`.execute(ctx.database.db);
  const row = r.rows[0]!;
  const workerMonths = Number(row.worker_months);
  const coveredMonths = Number(row.covered_months);
  return {
    workers: Number(row.workers),
    workerMonths,
    coveredMonths,
    share: workerMonths === 0 ? 1 : coveredMonths / workerMonths,
    workersWithGap: Number(row.with_gap),
  };
}
