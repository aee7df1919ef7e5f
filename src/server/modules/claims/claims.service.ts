// Claims: what BPJS TK paid for a covered worker's work accident (JKK) or death (JKM), recorded by
// the insurer officer for impact reports. A claim belongs to the placement that covered the month
// of the event; a JKM claim also records the worker's death (allocation never proposes them again)
// and ends the membership after that month (nothing more is billed).
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { DomainError, parseInput } from '../../domain-error.ts';
import { actorLabel, type Actor } from '../access/actor.ts';
import { authorize } from '../access/policies.ts';
import { todayJakarta } from '../../lib/dates.ts';
import { recordAudit } from '../audit/audit.ts';
import { endPlacements } from '../billing/billing.service.ts';
import { addMonths, monthIndex } from '../rates/rates.ts';
import { calendarDate } from '../registry/nik.ts';

const Day = calendarDate;
export const ClaimInput = z
  .object({
    kpj: z.string().trim().regex(/^\d{8,13}$/).optional(),
    workerId: z.number().int().positive().optional(),
    type: z.enum(['JKK', 'JKM']),
    eventDate: Day,
    paidOn: Day.optional(),
    amountPaid: z.number().int().min(0).max(10_000_000_000),
    note: z.string().trim().max(500).optional(),
  })
  .refine((c) => (c.kpj === undefined) !== (c.workerId === undefined), { message: 'give the KPJ number or the worker, one of them', path: ['kpj'] });
export type ClaimInput = z.input<typeof ClaimInput>;

export interface ClaimView {
  id: number;
  workerId: number;
  workerName: string;
  kpj: string | null;
  sponsorId: number;
  sponsorName: string;
  type: 'JKK' | 'JKM';
  eventDate: string;
  paidOn: string | null;
  amountPaid: number;
  note: string | null;
  createdBy: string;
}

export async function recordClaim(ctx: AppContext, actor: Actor, programId: number, input: ClaimInput, today = todayJakarta()): Promise<ClaimView> {
  authorize(actor, 'claim.record', { programId });
  const c = parseInput(ClaimInput, input, 'claim');
  if (c.eventDate > today || (c.paidOn !== undefined && c.paidOn > today)) {
    throw new DomainError('FIELD_INVALID', { field: 'eventDate', alasan: 'tanggal di masa depan', reason: 'a date in the future' });
  }
  const db = ctx.database.db;
  let q = db
    .selectFrom('placements')
    .select(['id', 'worker_id', 'sponsor_id', 'start_month', 'months', 'status', 'lapsed_from'])
    .where('program_id', '=', programId)
    .where('status', 'in', ['enrolled', 'lapsed']);
  q = c.kpj !== undefined ? q.where('kpj_number', '=', c.kpj) : q.where('worker_id', '=', c.workerId!);
  const month = monthIndex(c.eventDate.slice(0, 7));
  const covering = (await q.execute()).find((p) => {
    const from = monthIndex(p.start_month);
    const to = p.status === 'lapsed' && p.lapsed_from ? monthIndex(p.lapsed_from) : from + p.months;
    return month >= from && month < to;
  });
  if (!covering) throw new DomainError('CLAIM_NOT_COVERED', { date: c.eventDate });
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('claims')
      .values({
        program_id: programId,
        worker_id: covering.worker_id,
        placement_id: covering.id,
        sponsor_id: covering.sponsor_id,
        type: c.type,
        event_date: c.eventDate,
        paid_on: c.paidOn ?? null,
        amount_paid: c.amountPaid,
        note: c.note ?? null,
        created_by: actorLabel(actor),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (c.type === 'JKM') {
      await trx
        .updateTable('workers')
        .set({ life_status: 'deceased', life_status_date: c.eventDate, life_status_note: 'klaim JKM / JKM claim', coverage_status: 'lapsed', updated_at: new Date() })
        .where('id', '=', covering.worker_id)
        .where('life_status', '<>', 'deceased')
        .execute();
      // Cover ends with the month of death: nothing is billed, or owed, after it.
      await endPlacements(trx, [{ placementId: Number(covering.id), fromMonth: addMonths(c.eventDate.slice(0, 7), 1), note: 'meninggal dunia / deceased' }]);
    }
    await recordAudit(trx, ctx.keyring, actor, {
      action: 'claim.record',
      entity: 'claim',
      entityId: row.id,
      programId,
      after: { workerId: Number(covering.worker_id), placementId: Number(covering.id), type: c.type, eventDate: c.eventDate, amountPaid: c.amountPaid },
    });
    return Number(row.id);
  });
  return (await listClaims(ctx, actor, programId, { id })).at(0)!;
}

export async function listClaims(ctx: AppContext, actor: Actor, programId: number, filter: { id?: number } = {}): Promise<ClaimView[]> {
  authorize(actor, 'claim.read', { programId });
  let q = ctx.database.db
    .selectFrom('claims as c')
    .innerJoin('workers as w', 'w.id', 'c.worker_id')
    .innerJoin('sponsors as s', 's.id', 'c.sponsor_id')
    .innerJoin('placements as p', 'p.id', 'c.placement_id')
    .select(['c.id', 'c.worker_id', 'w.name', 'p.kpj_number', 'c.sponsor_id', 's.name as sponsor_name', 'c.type', 'c.event_date', 'c.paid_on', 'c.amount_paid', 'c.note', 'c.created_by'])
    .where('c.program_id', '=', programId);
  if (filter.id !== undefined) q = q.where('c.id', '=', filter.id);
  const rows = await q.orderBy('c.event_date', 'desc').orderBy('c.id', 'desc').limit(500).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    workerId: Number(r.worker_id),
    workerName: r.name,
    kpj: r.kpj_number,
    sponsorId: Number(r.sponsor_id),
    sponsorName: r.sponsor_name,
    type: r.type,
    eventDate: r.event_date,
    paidOn: r.paid_on,
    amountPaid: Number(r.amount_paid),
    note: r.note,
    createdBy: r.created_by,
  }));
}
