// The monthly billing run: one set-based job for a whole programme. It finds the months to bill
// (every enrolled placement, up to the end of the payment block that contains the run's month:
// one month for a monthly schedule, 3/6/12 for payment in advance), prices each distinct
// (month, income, package, sector, funding) once with the rate rules (rates.ts), writes every
// contribution line with the rules it used in one INSERT ... SELECT, issues one invoice per sponsor
// whose total is the sum of its lines (checked before the transaction commits), applies credit
// carried forward, and ends memberships with more than 3 consecutive unpaid months.
// Safe to run twice: a month already billed for a placement is never billed again, so a second run
// writes nothing; a run that fails leaves nothing, and running it again completes it.
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError } from '../../domain-error.ts';
import { actorLabel, type Actor } from '../access/actor.ts';
import { authorize } from '../access/policies.ts';
import { todayJakarta } from '../../lib/dates.ts';
import { appendAudit } from '../audit/audit.ts';
import { monthIndex, monthText, priceMonth, type Funding, type Package } from '../rates/rates.ts';
import { listRateRules } from '../rates/rates.repository.ts';
import { settleSponsor } from './payments.service.ts';

const BILLING_LOCK = 5_170_002;
/** Contributions for a billing month are due on this day of the month. */
export const DUE_DAY = 15;
/** More than this many consecutive unpaid months end a membership (domain.md §2). */
export const MAX_UNPAID_MONTHS = 3;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Ends memberships from a month on (more than 3 unpaid months, or a death): the placements become
 * `lapsed`, their months from then are free for another sponsor, and the contribution lines billed
 * for those months and not paid at all are voided, their invoices lowered by as much. (An invoice's
 * payments pay its lines in month order, so a line not paid at all is never followed by a paid
 * one; a line partly paid stays owed.)
 */
export async function endPlacements(db: Kysely<DB>, ends: { placementId: number; fromMonth: string; note?: string }[]): Promise<{ voidedLines: number; voidedAmount: number }> {
  if (ends.length === 0) return { voidedLines: 0, voidedAmount: 0 };
  const ids = ends.map((e) => e.placementId);
  const from = ends.map((e) => e.fromMonth);
  const notes = ends.map((e) => e.note ?? null);
  await sql`
    UPDATE placements p SET status = 'lapsed', lapsed_from = e.from_month, bpjs_note = coalesce(e.note, p.bpjs_note)
    FROM unnest(${ids}::bigint[], ${from}::text[], ${notes}::text[]) AS e (placement_id, from_month, note)
    WHERE p.id = e.placement_id AND p.status = 'enrolled'`.execute(db);
  const voided = await sql<{ lines: number; amount: number }>`
    WITH ends AS (SELECT * FROM unnest(${ids}::bigint[], ${from}::text[]) AS e (placement_id, from_month)),
    line AS (
      SELECT c.id, c.placement_id, c.month, c.amount, i.paid,
             sum(c.amount) OVER (PARTITION BY c.invoice_id ORDER BY c.month, c.id) - c.amount AS paid_before
      FROM contribution_lines c JOIN invoices i ON i.id = c.invoice_id
      WHERE c.invoice_id IN (SELECT invoice_id FROM contribution_lines WHERE placement_id IN (SELECT placement_id FROM ends))
    ),
    gone AS (
      DELETE FROM contribution_lines d USING line l, ends e
      WHERE d.id = l.id AND l.placement_id = e.placement_id AND l.month >= e.from_month AND l.paid_before >= l.paid
      RETURNING d.invoice_id, d.amount
    ),
    lowered AS (
      UPDATE invoices i SET total = i.total - g.sum
      FROM (SELECT invoice_id, sum(amount) AS sum FROM gone GROUP BY invoice_id) g
      WHERE i.id = g.invoice_id
      RETURNING i.id
    )
    SELECT (SELECT count(*) FROM gone) AS lines, (SELECT coalesce(sum(amount), 0) FROM gone) AS amount, (SELECT count(*) FROM lowered) AS invoices`.execute(db);
  const row = voided.rows[0]!;
  return { voidedLines: Number(row.lines), voidedAmount: Number(row.amount) };
}

export interface BillingSummary {
  runId: number;
  month: string;
  lines: number;
  invoices: number;
  total: number;
  lapsed: number;
}

/** Invoices whose total is not the sum of their lines (empty when the books are right). */
export async function invoiceMismatches(db: Kysely<DB>, where: { billingRunId?: number } = {}): Promise<{ id: number; total: number; lines: number }[]> {
  const r = await sql<{ id: number; total: number; lines: number }>`
    SELECT i.id, i.total, coalesce(l.sum, 0) AS lines
    FROM invoices i
    LEFT JOIN (SELECT invoice_id, sum(amount) AS sum FROM contribution_lines GROUP BY invoice_id) l ON l.invoice_id = i.id
    WHERE i.total <> coalesce(l.sum, 0) ${where.billingRunId ? sql`AND i.billing_run_id = ${where.billingRunId}` : sql``}
    ORDER BY i.id`.execute(db);
  return r.rows.map((x) => ({ id: Number(x.id), total: Number(x.total), lines: Number(x.lines) }));
}

/**
 * Bills `month` ('YYYY-MM') for the programme. `today` ('YYYY-MM-DD', default the current date)
 * decides which unpaid months are past due when memberships are checked.
 */
export async function runBilling(ctx: AppContext, actor: Actor, programId: number, month: string, opts: { today?: string } = {}): Promise<BillingSummary> {
  authorize(actor, 'billing.run', { programId });
  if (!MONTH.test(month)) throw new DomainError('FIELD_INVALID', { field: 'month', alasan: 'format YYYY-MM', reason: 'format YYYY-MM' });
  const program = await ctx.database.db.selectFrom('programs').select(['id', 'region_code']).where('id', '=', programId).executeTakeFirst();
  if (!program) throw new DomainError('PROGRAM_NOT_FOUND', { code: String(programId) });
  const today = opts.today ?? todayJakarta();
  const m = monthIndex(month);
  const rules = await listRateRules(ctx.database.db);

  return ctx.database.bulk(async (session) => {
    const db = session.db;
    await sql`SELECT pg_advisory_xact_lock(${BILLING_LOCK}, ${programId}::integer)`.execute(db);
    // These statements run once over many rows: compiling them (JIT) costs more than it saves.
    await sql`SET LOCAL jit = off`.execute(db);
    const run = await db.insertInto('billing_runs').values({ program_id: programId, month, created_by: actorLabel(actor) }).returning('id').executeTakeFirstOrThrow();
    const runId = Number(run.id);

    // 1. The months to bill: each enrolled placement up to the end of the payment block holding
    //    the run's month, skipping months already billed (catching up at most four years back).
    //    Month names come from a small array, not formatted per row.
    const firstIndex = m - 48;
    const monthNames = Array.from({ length: 61 }, (_, i) => monthText(firstIndex + i));
    await sql`
      CREATE TEMP TABLE bill ON COMMIT DROP AS
      SELECT p.id AS placement_id, p.sponsor_id, p.worker_id, mi AS month_index, (${monthNames}::text[])[mi - ${firstIndex} + 1] AS month,
             pl.declared_income, pl.package, coalesce(o.sector, 'other') AS sector, s.funding
      FROM placements p
      JOIN pledges pl ON pl.id = p.pledge_id
      JOIN sponsors s ON s.id = p.sponsor_id
      JOIN workers w ON w.id = p.worker_id
      LEFT JOIN occupations o ON o.code = w.occupation_code
      CROSS JOIN LATERAL (SELECT CASE pl.schedule WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3 WHEN 'half_yearly' THEN 6 ELSE 12 END AS k) sched
      -- from the month cover began (the TMT BPJS TK gave), never before the placement's first month
      CROSS JOIN LATERAL (SELECT lower(sekitar_cover_months(p.period, p.enrolled_from, p.status, p.lapsed_from)) AS first) cover
      CROSS JOIN LATERAL generate_series(greatest(cover.first, ${firstIndex}), least(upper(p.period), lower(p.period) + sched.k * ((${m} - lower(p.period)) / sched.k + 1)) - 1) AS mi
      WHERE p.program_id = ${programId} AND p.status = 'enrolled' AND cover.first <= ${m}
        AND NOT EXISTS (SELECT 1 FROM contribution_lines c WHERE c.placement_id = p.id AND c.month = (${monthNames}::text[])[mi - ${firstIndex} + 1])`.execute(db);
    await sql`ANALYZE bill`.execute(db);

    // 2. One price per distinct combination, from the rules in force for that month.
    const keys = await sql<{ month_index: number; declared_income: number; package: Package; sector: string; funding: Funding }>`
      SELECT DISTINCT month_index, declared_income, package, sector, funding FROM bill`.execute(db);
    await sql`
      CREATE TEMP TABLE price (month_index integer, declared_income bigint, package text, sector text, funding text,
                               program text, base integer, discount integer, amount integer, rule_ids integer[]) ON COMMIT DROP`.execute(db);
    if (keys.rows.length > 0) {
      const copy = session.copy('price', ['month_index', 'declared_income', 'package', 'sector', 'funding', 'program', 'base', 'discount', 'amount', 'rule_ids']);
      for (const k of keys.rows) {
        const priced = priceMonth(rules, { month: monthText(Number(k.month_index)), declaredIncome: Number(k.declared_income), pkg: k.package, sector: k.sector, funding: k.funding });
        for (const l of priced.lines) {
          await copy.write([k.month_index, k.declared_income, k.package, k.sector, k.funding, l.program, l.base, l.discount, l.amount, `{${l.ruleIds.join(',')}}`]);
        }
      }
      await copy.end();
    }

    // 3. One invoice per sponsor, its total the sum of the lines it will hold.
    const region = program.region_code.replace(/\./g, '');
    const period = month.replace('-', '');
    const invoices = await sql<{ id: number; sponsor_id: number; total: number }>`
      INSERT INTO invoices (id, number, program_id, sponsor_id, period, billing_run_id, total, due_date)
      SELECT x.id, 'SKT-' || ${region} || '-' || ${period} || '-' || lpad(x.id::text, 6, '0'), ${programId}, x.sponsor_id, ${month}, ${runId}, x.total,
             make_date(${Math.floor(m / 12)}, ${(m % 12) + 1}, ${DUE_DAY})
      FROM (
        SELECT nextval(pg_get_serial_sequence('invoices', 'id')) AS id, t.sponsor_id, t.total
        FROM (SELECT b.sponsor_id, sum(pr.amount) AS total
              FROM bill b JOIN price pr USING (month_index, declared_income, package, sector, funding)
              GROUP BY b.sponsor_id ORDER BY b.sponsor_id) t
      ) x
      RETURNING id, sponsor_id, total`.execute(db);

    // 4. The lines, in one statement.
    const lines = await sql`
      INSERT INTO contribution_lines (program_id, placement_id, sponsor_id, worker_id, month, program, base, discount, amount, rule_ids, invoice_id, billing_run_id)
      SELECT ${programId}, b.placement_id, b.sponsor_id, b.worker_id, b.month, pr.program, pr.base, pr.discount, pr.amount, pr.rule_ids, i.id, ${runId}
      FROM bill b
      JOIN price pr USING (month_index, declared_income, package, sector, funding)
      JOIN invoices i ON i.billing_run_id = ${runId} AND i.sponsor_id = b.sponsor_id`.execute(db);
    const lineCount = Number(lines.numAffectedRows ?? 0);

    // An invoice always equals the sum of its lines: checked before anything is committed.
    const wrong = await invoiceMismatches(db, { billingRunId: runId });
    if (wrong.length > 0) throw new DomainError('INVOICE_TOTAL_MISMATCH', { invoices: wrong.map((w) => w.id).join(',') });

    // 5. Credit carried forward pays the new invoices.
    const withCredit = await sql<{ sponsor_id: number }>`
      SELECT s.id AS sponsor_id FROM sponsors s
      WHERE s.program_id = ${programId}
        AND (SELECT coalesce(sum(amount), 0) FROM payments WHERE sponsor_id = s.id)
          > (SELECT coalesce(sum(a.amount), 0) FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.sponsor_id = s.id)`.execute(db);
    for (const s of withCredit.rows) await settleSponsor(db, Number(s.sponsor_id));

    // 6. Memberships with more than 3 consecutive unpaid months past due end; their months are freed
    //    and what was billed for them and not paid is voided.
    const overdue = await db
      .selectFrom('invoices')
      .select('id')
      .where('program_id', '=', programId)
      .whereRef('paid', '<', 'total')
      .where('due_date', '<', today)
      .limit(1)
      .executeTakeFirst();
    const lapsed = !overdue
      ? { rows: [] as { placement_id: number; worker_id: number; first: number }[] }
      : await sql<{ placement_id: number; worker_id: number; first: number }>`
      WITH due AS (
        SELECT c.placement_id, c.month, c.invoice_id, sum(c.amount) OVER (PARTITION BY c.invoice_id ORDER BY c.month, c.id) AS paid_through, i.paid
        FROM contribution_lines c JOIN invoices i ON i.id = c.invoice_id
        WHERE i.program_id = ${programId} AND i.paid < i.total AND i.due_date < ${today}::date
          -- a month paid in advance is not in arrears before it begins
          AND c.month <= ${today.slice(0, 7)}
      ), unpaid AS (
        SELECT DISTINCT placement_id, sekitar_month_index(month) AS mi FROM due WHERE paid_through > paid
      ), islands AS (
        SELECT placement_id, mi, mi - row_number() OVER (PARTITION BY placement_id ORDER BY mi) AS grp FROM unpaid
      ), runs AS (
        SELECT placement_id, min(mi) AS first FROM islands GROUP BY placement_id, grp HAVING count(*) > ${MAX_UNPAID_MONTHS}
      )
      SELECT r.placement_id, p.worker_id, min(r.first) AS first
      FROM runs r JOIN placements p ON p.id = r.placement_id
      WHERE p.status = 'enrolled'
      GROUP BY r.placement_id, p.worker_id`.execute(db);
    const voided = await endPlacements(
      db,
      lapsed.rows.map((r) => ({ placementId: Number(r.placement_id), fromMonth: monthText(Number(r.first)), note: 'menunggak lebih dari 3 bulan / more than 3 months unpaid' })),
    );
    if (lapsed.rows.length > 0) {
      await db.updateTable('workers').set({ coverage_status: 'lapsed', updated_at: new Date() }).where('id', 'in', lapsed.rows.map((r) => Number(r.worker_id))).execute();
    }
    if (voided.voidedLines > 0 && (await invoiceMismatches(db)).length > 0) throw new DomainError('INVOICE_TOTAL_MISMATCH', { invoices: 'voided' });

    const total = invoices.rows.reduce((sum, i) => sum + Number(i.total), 0);
    await db.updateTable('billing_runs').set({ lines: lineCount, invoices: invoices.rows.length, finished_at: new Date() }).where('id', '=', runId).execute();
    await appendAudit(db, ctx.keyring, actor, {
      action: 'billing.run',
      entity: 'billing_run',
      entityId: runId,
      programId,
      after: { month, lines: lineCount, invoices: invoices.rows.length, total, lapsed: lapsed.rows.length, voidedLines: voided.voidedLines, voidedAmount: voided.voidedAmount },
    });
    return { runId, month, lines: lineCount, invoices: invoices.rows.length, total, lapsed: lapsed.rows.length };
  });
}
