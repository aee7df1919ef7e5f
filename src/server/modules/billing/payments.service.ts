// Payments and the sponsor's account. A payment is recorded once per idempotency key (a double
// click, a retried request or a re-imported bank file is the same payment); it pays the sponsor's
// open invoices oldest first, and whatever is left is credit that pays the next invoices.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError, parseInput } from '../../domain-error.ts';
import { actorLabel, type Actor } from '../access/actor.ts';
import { authorize } from '../access/policies.ts';
import { recordAudit } from '../audit/audit.ts';
import { calendarDate } from '../registry/nik.ts';
import { sponsorProgramId } from '../sponsors/sponsors.service.ts';

/**
 * Spreads the sponsor's unallocated payments over its unpaid invoices, oldest payment to oldest
 * invoice. Call inside a transaction: it locks the sponsor's row until that transaction ends.
 */
export async function settleSponsor(db: Kysely<DB>, sponsorId: number): Promise<void> {
  // Two settlements of one sponsor at once would both spend the same payment: they queue here.
  await db.selectFrom('sponsors').select('id').where('id', '=', sponsorId).forUpdate().executeTakeFirst();
  const payments = await sql<{ id: number; left: number }>`
    SELECT p.id, p.amount - coalesce((SELECT sum(a.amount) FROM payment_allocations a WHERE a.payment_id = p.id), 0) AS left
    FROM payments p WHERE p.sponsor_id = ${sponsorId} ORDER BY p.paid_on, p.id`.execute(db);
  const open = await db.selectFrom('invoices').select(['id', 'total', 'paid']).where('sponsor_id', '=', sponsorId).whereRef('paid', '<', 'total').orderBy('period').orderBy('id').execute();
  let i = 0;
  for (const p of payments.rows) {
    let left = Number(p.left);
    while (left > 0 && i < open.length) {
      const inv = open[i]!;
      const take = Math.min(left, Number(inv.total) - Number(inv.paid));
      await sql`
        INSERT INTO payment_allocations (payment_id, invoice_id, amount) VALUES (${p.id}, ${inv.id}, ${take})
        ON CONFLICT (payment_id, invoice_id) DO UPDATE SET amount = payment_allocations.amount + excluded.amount`.execute(db);
      await db.updateTable('invoices').set({ paid: sql`paid + ${take}` }).where('id', '=', inv.id).execute();
      inv.paid = Number(inv.paid) + take;
      left -= take;
      if (Number(inv.paid) >= Number(inv.total)) i++;
    }
    if (i >= open.length) break;
  }
}

export const PaymentInput = z.object({
  amount: z.number().int().positive().max(1_000_000_000_000),
  paidOn: calendarDate,
  method: z.enum(['transfer', 'virtual_account', 'cash', 'other']).default('transfer'),
  reference: z.string().trim().max(120).optional(),
  /** The same key twice is the same payment. */
  idempotencyKey: z.string().trim().min(1).max(120),
});
export type PaymentInput = z.input<typeof PaymentInput>;

export interface AccountView {
  sponsorId: number;
  invoiced: number;
  paid: number;
  outstanding: number;
  /** Paid but not yet owed: pays the next invoices. */
  credit: number;
  invoices: InvoiceView[];
  payments: { id: number; amount: number; paidOn: string; method: string; reference: string | null; createdBy: string }[];
}

export interface InvoiceView {
  id: number;
  number: string;
  period: string;
  total: number;
  paid: number;
  /** void: every line was voided (a membership ended before its months). */
  status: 'paid' | 'partial' | 'open' | 'void';
  dueDate: string;
  months: { month: string; amount: number }[];
}

/**
 * Records a payment by a sponsor and settles its invoices. The same idempotency key with the same
 * amount, date and sponsor returns the payment already recorded; with anything different it is
 * refused (two payments may not share a key).
 */
export async function recordPayment(ctx: AppContext, actor: Actor, sponsorId: number, input: PaymentInput): Promise<{ paymentId: number; duplicate: boolean; account: AccountView }> {
  const recorded = await storePayment(ctx, actor, sponsorId, input);
  return { ...recorded, account: await sponsorAccount(ctx, actor, sponsorId) };
}

/** recordPayment without the account read back: for many payments in a row (a bank statement). */
export async function storePayment(ctx: AppContext, actor: Actor, sponsorId: number, input: PaymentInput): Promise<{ paymentId: number; duplicate: boolean }> {
  const programId = await sponsorProgramId(ctx.database.db, sponsorId);
  authorize(actor, 'payment.record', { programId, sponsorId });
  const p = parseInput(PaymentInput, input, 'payment');
  return ctx.database.db.transaction().execute(async (trx) => {
    // One payment per sponsor at a time (settleSponsor locks the same row).
    await trx.selectFrom('sponsors').select('id').where('id', '=', sponsorId).forUpdate().executeTakeFirst();
    const inserted = await sql<{ id: number }>`
      INSERT INTO payments (program_id, sponsor_id, amount, paid_on, method, reference, idempotency_key, created_by)
      VALUES (${programId}, ${sponsorId}, ${p.amount}, ${p.paidOn}, ${p.method}, ${p.reference ?? null}, ${p.idempotencyKey}, ${actorLabel(actor)})
      ON CONFLICT (program_id, idempotency_key) DO NOTHING
      RETURNING id`.execute(trx);
    if (inserted.rows.length === 0) {
      const existing = await trx.selectFrom('payments').selectAll().where('program_id', '=', programId).where('idempotency_key', '=', p.idempotencyKey).executeTakeFirstOrThrow();
      const same = Number(existing.sponsor_id) === sponsorId && Number(existing.amount) === p.amount && existing.paid_on === p.paidOn;
      if (!same) throw new DomainError('PAYMENT_KEY_REUSED', { key: p.idempotencyKey });
      return { paymentId: Number(existing.id), duplicate: true };
    }
    const id = Number(inserted.rows[0]!.id);
    await settleSponsor(trx, sponsorId);
    await recordAudit(trx, ctx.keyring, actor, { action: 'payment.record', entity: 'payment', entityId: id, programId, after: { sponsorId, amount: p.amount, paidOn: p.paidOn, method: p.method, reference: p.reference ?? null } });
    return { paymentId: id, duplicate: false };
  });
}

/** A sponsor's invoices (with the months each bills), payments, and balance. */
export async function sponsorAccount(ctx: AppContext, actor: Actor, sponsorId: number): Promise<AccountView> {
  const programId = await sponsorProgramId(ctx.database.db, sponsorId);
  authorize(actor, 'invoice.read', { programId, sponsorId });
  const db = ctx.database.db;
  const invoices = await db.selectFrom('invoices').selectAll().where('sponsor_id', '=', sponsorId).orderBy('period', 'desc').orderBy('id', 'desc').execute();
  const months = await db
    .selectFrom('contribution_lines')
    .select(['invoice_id', 'month', (eb) => eb.fn.sum<number>('amount').as('amount')])
    .where('sponsor_id', '=', sponsorId)
    .groupBy(['invoice_id', 'month'])
    .orderBy('month')
    .execute();
  const payments = await db.selectFrom('payments').selectAll().where('sponsor_id', '=', sponsorId).orderBy('paid_on', 'desc').orderBy('id', 'desc').execute();
  const invoiced = invoices.reduce((s, i) => s + Number(i.total), 0);
  const settled = invoices.reduce((s, i) => s + Number(i.paid), 0);
  const received = payments.reduce((s, p) => s + Number(p.amount), 0);
  return {
    sponsorId,
    invoiced,
    paid: settled,
    outstanding: invoiced - settled,
    credit: received - settled,
    invoices: invoices.map((i) => ({
      id: Number(i.id),
      number: i.number,
      period: i.period,
      total: Number(i.total),
      paid: Number(i.paid),
      status: Number(i.total) === 0 ? 'void' : Number(i.paid) >= Number(i.total) ? 'paid' : Number(i.paid) > 0 ? 'partial' : 'open',
      dueDate: i.due_date,
      months: months.filter((m) => Number(m.invoice_id) === Number(i.id)).map((m) => ({ month: m.month, amount: Number(m.amount) })),
    })),
    payments: payments.map((p) => ({ id: Number(p.id), amount: Number(p.amount), paidOn: p.paid_on, method: p.method, reference: p.reference, createdBy: p.created_by })),
  };
}
