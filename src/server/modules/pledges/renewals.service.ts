// Renewals. From 30 days before a pledge's last month ends, its sponsor (and the programme's
// admins) see a prompt with the price of continuing the same workers for the same length. Renewing
// drafts a pledge that names those workers from the month after, so allocation gives them back to
// the same sponsor first; the sponsor commits it like any pledge. A pledge that is not renewed lets
// its workers go back to the pool, where continuity puts them first for other pledges.
import type { AppContext } from '../../context.ts';
import { DomainError } from '../../domain-error.ts';
import type { Actor } from '../access/actor.ts';
import { authorize } from '../access/policies.ts';
import { todayJakarta } from '../../lib/dates.ts';
import { addMonths } from '../rates/rates.ts';
import { daysInMonth } from '../registry/nik.ts';
import { createPledge, previewPledge, type PledgeInput, type PledgeView } from './pledges.service.ts';

/** The prompt shows from this many days before a pledge ends. */
export const RENEWAL_NOTICE_DAYS = 30;

export interface RenewalDue {
  pledgeId: number;
  sponsorId: number;
  sponsorName: string;
  /** The last month funded, and the day cover ends (its last day). */
  endMonth: string;
  endsOn: string;
  daysLeft: number;
  /** The renewal: the same workers, from the month after, for as many months. */
  workers: number;
  start: string;
  months: number;
  total: number;
  quote: PledgeView['quote'];
}

const lastDay = (month: string) => `${month}-${String(daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)))).padStart(2, '0')}`;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

async function renewalInput(ctx: AppContext, p: { id: number; workers: number; months: number; start_month: string; package: PledgeInput['package']; declared_income: number; schedule: PledgeInput['schedule']; preferences: unknown }) {
  const enrolled = await ctx.database.db.selectFrom('placements').select('worker_id').where('pledge_id', '=', p.id).where('status', '=', 'enrolled').orderBy('worker_id').execute();
  const workerIds = enrolled.map((e) => Number(e.worker_id));
  const prefs = (p.preferences ?? {}) as NonNullable<PledgeInput['preferences']>;
  const input: PledgeInput = {
    kind: 'workers',
    // The workers still enrolled go on; a pledge whose workers all left is renewed at its size.
    workers: workerIds.length > 0 ? workerIds.length : p.workers,
    months: p.months,
    start: addMonths(p.start_month, p.months),
    package: p.package,
    declaredIncome: Number(p.declared_income),
    schedule: p.schedule,
    preferences: { ...prefs, workerIds },
  };
  return input;
}

/**
 * Committed pledges ending within the notice period and not renewed yet, with the renewal's
 * price: one sponsor's (for its users) or the programme's (for its staff).
 */
export async function renewalsDue(ctx: AppContext, actor: Actor, scope: { programId: number; sponsorId?: number }, today = todayJakarta()): Promise<RenewalDue[]> {
  authorize(actor, 'pledge.read', scope.sponsorId === undefined ? { programId: scope.programId } : { programId: scope.programId, sponsorId: scope.sponsorId });
  let q = ctx.database.db
    .selectFrom('pledges as p')
    .innerJoin('sponsors as s', 's.id', 'p.sponsor_id')
    .selectAll('p')
    .select('s.name as sponsor_name')
    .where('p.program_id', '=', scope.programId)
    .where('p.status', '=', 'committed')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('pledges as r').select('r.id').whereRef('r.renews_pledge_id', '=', 'p.id').where('r.status', '<>', 'cancelled'))));
  if (scope.sponsorId !== undefined) q = q.where('p.sponsor_id', '=', scope.sponsorId);
  const due: RenewalDue[] = [];
  for (const p of await q.orderBy('p.id').execute()) {
    const endMonth = addMonths(p.start_month, p.months - 1);
    const endsOn = lastDay(endMonth);
    const daysLeft = daysBetween(today, endsOn);
    if (daysLeft < 0 || daysLeft > RENEWAL_NOTICE_DAYS) continue;
    const input = await renewalInput(ctx, { ...p, id: Number(p.id) });
    const preview = await previewPledge(ctx, Number(p.sponsor_id), input);
    due.push({
      pledgeId: Number(p.id),
      sponsorId: Number(p.sponsor_id),
      sponsorName: p.sponsor_name,
      endMonth,
      endsOn,
      daysLeft,
      workers: preview.workers,
      start: input.start,
      months: input.months,
      total: preview.total,
      quote: preview.quote,
    });
  }
  return due;
}

/** Drafts the renewal of a committed pledge: its enrolled workers, named, from the month after it ends. */
export async function renewPledge(ctx: AppContext, actor: Actor, pledgeId: number): Promise<PledgeView> {
  const p = await ctx.database.db.selectFrom('pledges').selectAll().where('id', '=', pledgeId).executeTakeFirst();
  if (!p) throw new DomainError('PLEDGE_NOT_FOUND', { id: pledgeId });
  authorize(actor, 'pledge.create', { programId: Number(p.program_id), sponsorId: Number(p.sponsor_id) });
  if (p.status !== 'committed') throw new DomainError('PLEDGE_NOT_COMMITTED', { id: pledgeId });
  const renewed = await ctx.database.db.selectFrom('pledges').select('id').where('renews_pledge_id', '=', pledgeId).where('status', '<>', 'cancelled').executeTakeFirst();
  if (renewed) throw new DomainError('PLEDGE_ALREADY_RENEWED', { id: pledgeId, renewal: Number(renewed.id) });
  return createPledge(ctx, actor, Number(p.sponsor_id), await renewalInput(ctx, { ...p, id: Number(p.id) }), { renews: pledgeId });
}
