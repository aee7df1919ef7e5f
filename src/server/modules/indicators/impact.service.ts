// A sponsor's dashboard: what its pledges promised and what came of them. Workers covered, months
// funded, money invoiced and paid, and claims BPJS TK paid to the workers (or their families) it
// sponsored. It reads the sponsor's own rows through their sponsor indexes: a few thousand rows at
// most, never the registry. No worker is named.
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { DomainError } from '../../domain-error.ts';
import { todayJakarta } from '../../lib/dates.ts';
import type { Actor } from '../access/actor.ts';
import { authorize } from '../access/policies.ts';
import { recordAudit } from '../audit/audit.ts';
import { notifyIndicators } from './figures.service.ts';

export interface SponsorImpact {
  sponsor: { id: number; name: string; namedPublicly: boolean };
  asOf: string;
  pledged: { pledges: number; places: number; workerMonths: number; amount: number };
  workers: { enrolled: number; coveredNow: number };
  workerMonths: { funded: number; scheduled: number };
  money: { invoiced: number; paid: number };
  claims: { count: number; benefits: number; jkk: number; jkm: number };
  trend: { month: string; covered: number; invoiced: number; paid: number }[];
  pledges: { id: number; startMonth: string; months: number; places: number; enrolled: number; amount: number; invoiced: number }[];
}

export async function sponsorImpact(ctx: AppContext, actor: Actor, sponsorId: number, asOf = todayJakarta().slice(0, 7)): Promise<SponsorImpact> {
  const db = ctx.database.db;
  const sponsor = await db.selectFrom('sponsors').select(['id', 'name', 'program_id', 'named_publicly']).where('id', '=', sponsorId).executeTakeFirst();
  if (!sponsor) throw new DomainError('SPONSOR_NOT_FOUND', { id: sponsorId });
  authorize(actor, 'impact.read', { programId: Number(sponsor.program_id), sponsorId });

  const [pledges, covered, invoiced, paid, claims] = await Promise.all([
    sql<{ id: number; start_month: string; months: number; workers: number; quoted_total: number; enrolled: number; invoiced: number }>`
      SELECT pl.id, pl.start_month, pl.months, pl.workers, pl.quoted_total,
             (SELECT count(DISTINCT p.worker_id) FROM placements p WHERE p.pledge_id = pl.id AND p.status IN ('enrolled', 'lapsed')) AS enrolled,
             (SELECT coalesce(sum(c.amount), 0) FROM contribution_lines c JOIN placements p ON p.id = c.placement_id WHERE p.pledge_id = pl.id) AS invoiced
      FROM pledges pl WHERE pl.sponsor_id = ${sponsorId} AND pl.status = 'committed' ORDER BY pl.start_month, pl.id`.execute(db),
    // covered months per month, counted as the indicator cells count them (from the TMT, up to a lapse)
    sql<{ month: string; workers: number }>`
      SELECT sekitar_month_text(mi) AS month, count(*) AS workers
      FROM placements p
      CROSS JOIN LATERAL (SELECT sekitar_cover_months(p.period, p.enrolled_from, p.status, p.lapsed_from) AS c) AS cover
      CROSS JOIN LATERAL generate_series(lower(cover.c), upper(cover.c) - 1) AS mi
      WHERE p.sponsor_id = ${sponsorId} AND p.status IN ('enrolled', 'lapsed')
      GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ month: string; amount: number }>`
      SELECT c.month, sum(c.amount) AS amount FROM invoices i JOIN contribution_lines c ON c.invoice_id = i.id
      WHERE i.sponsor_id = ${sponsorId} GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ month: string; amount: number }>`
      SELECT to_char(paid_on, 'YYYY-MM') AS month, sum(amount) AS amount FROM payments WHERE sponsor_id = ${sponsorId} GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ type: 'JKK' | 'JKM'; n: number; amount: number }>`
      SELECT type, count(*) AS n, coalesce(sum(amount_paid), 0) AS amount FROM claims WHERE sponsor_id = ${sponsorId} GROUP BY type`.execute(db),
  ]);
  const enrolled = await sql<{ n: number }>`SELECT count(DISTINCT worker_id) AS n FROM placements WHERE sponsor_id = ${sponsorId} AND status IN ('enrolled', 'lapsed')`.execute(db);

  const months = new Map<string, { month: string; covered: number; invoiced: number; paid: number }>();
  const at = (m: string) => months.get(m) ?? months.set(m, { month: m, covered: 0, invoiced: 0, paid: 0 }).get(m)!;
  for (const r of covered.rows) at(r.month).covered = Number(r.workers);
  for (const r of invoiced.rows) at(r.month).invoiced = Number(r.amount);
  for (const r of paid.rows) at(r.month).paid = Number(r.amount);
  const trend = [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
  const claim = (t: 'JKK' | 'JKM') => claims.rows.find((r) => r.type === t);
  return {
    sponsor: { id: Number(sponsor.id), name: sponsor.name, namedPublicly: sponsor.named_publicly },
    asOf,
    pledged: {
      pledges: pledges.rows.length,
      places: pledges.rows.reduce((s, p) => s + p.workers, 0),
      workerMonths: pledges.rows.reduce((s, p) => s + p.workers * p.months, 0),
      amount: pledges.rows.reduce((s, p) => s + Number(p.quoted_total), 0),
    },
    workers: { enrolled: Number(enrolled.rows[0]?.n ?? 0), coveredNow: trend.find((t) => t.month === asOf)?.covered ?? 0 },
    workerMonths: { funded: trend.reduce((s, t) => (t.month <= asOf ? s + t.covered : s), 0), scheduled: trend.reduce((s, t) => s + t.covered, 0) },
    money: { invoiced: trend.reduce((s, t) => s + t.invoiced, 0), paid: trend.reduce((s, t) => s + t.paid, 0) },
    claims: { count: claims.rows.reduce((s, r) => s + Number(r.n), 0), benefits: claims.rows.reduce((s, r) => s + Number(r.amount), 0), jkk: Number(claim('JKK')?.n ?? 0), jkm: Number(claim('JKM')?.n ?? 0) },
    trend,
    pledges: pledges.rows.map((p) => ({ id: Number(p.id), startMonth: p.start_month, months: p.months, places: p.workers, enrolled: Number(p.enrolled), amount: Number(p.quoted_total), invoiced: Number(p.invoiced) })),
  };
}

/** Whether the public page names the sponsor (the sponsor's own choice). */
export async function setPublicity(ctx: AppContext, actor: Actor, sponsorId: number, namedPublicly: boolean): Promise<void> {
  const db = ctx.database.db;
  const sponsor = await db.selectFrom('sponsors').select(['program_id', 'named_publicly']).where('id', '=', sponsorId).executeTakeFirst();
  if (!sponsor) throw new DomainError('SPONSOR_NOT_FOUND', { id: sponsorId });
  const programId = Number(sponsor.program_id);
  authorize(actor, 'sponsor.publicity', { programId, sponsorId });
  if (sponsor.named_publicly === namedPublicly) return;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('sponsors').set({ named_publicly: namedPublicly }).where('id', '=', sponsorId).execute();
    await recordAudit(trx, ctx.keyring, actor, { action: 'sponsor.publicity', entity: 'sponsor', entityId: sponsorId, programId, before: { namedPublicly: sponsor.named_publicly }, after: { namedPublicly } });
    await notifyIndicators(trx, programId);
  });
}
