// Pledges: N workers for M months, or a budget in rupiah, from a start month, with a package, a
// declared income, preferences and a payment schedule. Sekitar quotes the price month by month
// (rates.ts) before the sponsor commits; committing re-prices against the rules then in force and
// refuses if the price moved, so nobody commits to a figure they have not seen.
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { DomainError, parseInput } from '../../domain-error.ts';
import { actorLabel, type Actor } from '../access/actor.ts';
import { authorize } from '../access/policies.ts';
import { recordAudit } from '../audit/audit.ts';
import { MIN_DECLARED_INCOME, quote, type Funding, type Quote } from '../rates/rates.ts';
import { listRateRules } from '../rates/rates.repository.ts';
import { listOccupations } from '../registry/registry.repository.ts';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
export const PledgeInput = z
  .object({
    kind: z.enum(['workers', 'budget']),
    workers: z.number().int().min(1).max(100_000).optional(),
    budget: z.number().int().min(1).max(1_000_000_000_000).optional(),
    months: z.number().int().min(1).max(36),
    start: Month,
    package: z.enum(['JKK_JKM', 'JKK_JKM_JHT']).default('JKK_JKM'),
    declaredIncome: z.number().int().min(MIN_DECLARED_INCOME).default(MIN_DECLARED_INCOME),
    preferences: z
      .object({
        ring1First: z.boolean().default(true),
        kelurahan: z.array(z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/)).max(500).default([]),
        occupations: z.array(z.string().max(40)).max(20).default([]),
        // Named workers: an individual's own helper or driver, or the workers a renewal continues.
        workerIds: z.array(z.number().int().positive()).max(100_000).default([]),
      })
      .default({ ring1First: true, kelurahan: [], occupations: [], workerIds: [] }),
    schedule: z.enum(['monthly', 'quarterly', 'half_yearly', 'yearly']).default('monthly'),
  })
  .refine((p) => (p.kind === 'workers' ? p.workers !== undefined && p.budget === undefined : p.budget !== undefined && p.workers === undefined), {
    message: 'a workers pledge gives workers, a budget pledge gives budget',
    path: ['kind'],
  });
export type PledgeInput = z.input<typeof PledgeInput>;

export interface PledgeView {
  id: number;
  sponsorId: number;
  kind: 'workers' | 'budget';
  workers: number;
  months: number;
  budget: number | null;
  start: string;
  package: string;
  declaredIncome: number;
  schedule: string;
  status: string;
  preferences: unknown;
  quote: { month: string; perWorker: number; total: number; discounted: boolean }[];
  total: number;
  committedAt: string | null;
}

async function sponsorOf(ctx: AppContext, sponsorId: number) {
  const s = await ctx.database.db.selectFrom('sponsors').select(['id', 'program_id', 'funding', 'kind']).where('id', '=', sponsorId).executeTakeFirst();
  if (!s) throw new DomainError('SPONSOR_NOT_FOUND', { id: sponsorId });
  return { id: Number(s.id), programId: Number(s.program_id), funding: s.funding as Funding, kind: s.kind };
}

/** The sector the price assumes: transport only when every preferred occupation is transport. */
async function sectorOf(ctx: AppContext, occupations: string[]): Promise<string> {
  if (occupations.length === 0) return 'other';
  const catalogue = new Map((await listOccupations(ctx.database.db)).map((o) => [o.code, o.sector]));
  const unknown = occupations.find((o) => !catalogue.has(o));
  if (unknown) throw new DomainError('FIELD_INVALID', { field: 'preferences.occupations', alasan: `pekerjaan ${unknown} tidak ada di katalog`, reason: `occupation ${unknown} is not in the catalogue` });
  return occupations.every((o) => catalogue.get(o) === 'transport') ? 'transport' : 'other';
}

type Parsed = z.output<typeof PledgeInput>;

async function price(ctx: AppContext, p: Parsed, funding: Funding): Promise<{ workers: number; perWorker: Quote; total: number }> {
  const rules = await listRateRules(ctx.database.db);
  const perWorker = quote(rules, { start: p.start, months: p.months, declaredIncome: p.declaredIncome, pkg: p.package, sector: await sectorOf(ctx, p.preferences.occupations), funding });
  const workers = p.kind === 'workers' ? p.workers! : Math.floor(p.budget! / perWorker.total);
  if (workers < 1) throw new DomainError('PLEDGE_BUDGET_TOO_SMALL', { needed: perWorker.total });
  return { workers, perWorker, total: perWorker.total * workers };
}

const parsePledge = (input: PledgeInput): Parsed => parseInput(PledgeInput, input, 'pledge');

/**
 * The price a pledge would have, without saving anything: the sponsor's form and the renewal
 * prompt show it. The same rules as createPledge (the sponsor's funding, the sector its
 * preferences imply), so what is shown is what is committed.
 */
export async function previewPledge(ctx: AppContext, sponsorId: number, input: PledgeInput, actor?: Actor): Promise<{ workers: number; total: number; quote: PledgeView['quote'] }> {
  const sponsor = await sponsorOf(ctx, sponsorId);
  if (actor) authorize(actor, 'pledge.create', { programId: sponsor.programId, sponsorId });
  const priced = await price(ctx, parsePledge(input), sponsor.funding);
  return { workers: priced.workers, total: priced.total, quote: quoteRows(priced.perWorker, priced.workers) };
}

const quoteRows = (q: Quote, workers: number) => q.months.map((m) => ({ month: m.month, perWorker: m.total, total: m.total * workers, discounted: m.discounted }));

function view(r: {
  id: number; sponsor_id: number; kind: 'workers' | 'budget'; workers: number; months: number; budget: number | null; start_month: string; package: string;
  declared_income: number; schedule: string; status: string; preferences: unknown; quote: unknown; quoted_total: number; committed_at: Date | null;
}): PledgeView {
  return {
    id: Number(r.id),
    sponsorId: Number(r.sponsor_id),
    kind: r.kind,
    workers: r.workers,
    months: r.months,
    budget: r.budget === null ? null : Number(r.budget),
    start: r.start_month,
    package: r.package,
    declaredIncome: Number(r.declared_income),
    schedule: r.schedule,
    status: r.status,
    preferences: r.preferences,
    quote: r.quote as PledgeView['quote'],
    total: Number(r.quoted_total),
    committedAt: r.committed_at ? new Date(r.committed_at).toISOString() : null,
  };
}

/** How many workers an individual sponsor may name (their own helpers or drivers). */
export const MAX_NAMED_BY_INDIVIDUAL = 5;

/**
 * Named workers come before everyone in allocation, so naming is narrow: an individual sponsor
 * names their own few household helpers or drivers; a renewal names the workers it continues
 * (set by the server, never by the form). Every named worker must be in the programme.
 */
async function checkNamedWorkers(ctx: AppContext, sponsor: { programId: number; kind: string }, ids: number[], renewal: boolean): Promise<void> {
  if (ids.length === 0) return;
  if (!renewal) {
    if (sponsor.kind !== 'individual' || ids.length > MAX_NAMED_BY_INDIVIDUAL) {
      const why = `only an individual sponsor may name workers, at most ${MAX_NAMED_BY_INDIVIDUAL}`;
      throw new DomainError('FIELD_INVALID', { field: 'preferences.workerIds', alasan: `hanya sponsor perorangan yang boleh menunjuk pekerja, paling banyak ${MAX_NAMED_BY_INDIVIDUAL}`, reason: why });
    }
  }
  const found = await ctx.database.db.selectFrom('workers').select('id').where('id', 'in', ids).where('program_id', '=', sponsor.programId).execute();
  if (found.length !== new Set(ids).size) {
    throw new DomainError('FIELD_INVALID', { field: 'preferences.workerIds', alasan: 'pekerja yang ditunjuk tidak ada di program ini', reason: 'a named worker is not in this programme' });
  }
}

/** A draft pledge with its quote; nothing is owed until it is committed. */
export async function createPledge(ctx: AppContext, actor: Actor, sponsorId: number, input: PledgeInput, opts: { renews?: number } = {}): Promise<PledgeView> {
  const sponsor = await sponsorOf(ctx, sponsorId);
  authorize(actor, 'pledge.create', { programId: sponsor.programId, sponsorId });
  const p = parsePledge(input);
  await checkNamedWorkers(ctx, sponsor, p.preferences.workerIds, opts.renews !== undefined);
  const priced = await price(ctx, p, sponsor.funding);
  return ctx.database.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('pledges')
      .values({
        program_id: sponsor.programId,
        sponsor_id: sponsorId,
        kind: p.kind,
        workers: priced.workers,
        months: p.months,
        budget: p.budget ?? null,
        start_month: p.start,
        package: p.package,
        declared_income: p.declaredIncome,
        preferences: JSON.stringify(p.preferences),
        schedule: p.schedule,
        quote: JSON.stringify(quoteRows(priced.perWorker, priced.workers)),
        quoted_total: priced.total,
        created_by: actorLabel(actor),
        renews_pledge_id: opts.renews ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.keyring, actor, {
      action: opts.renews ? 'pledge.renew' : 'pledge.create',
      entity: 'pledge',
      entityId: row.id,
      programId: sponsor.programId,
      after: { sponsorId, ...p, preferences: { ...p.preferences, workerIds: p.preferences.workerIds.length }, workers: priced.workers, total: priced.total, renews: opts.renews ?? null },
    });
    return view(row);
  });
}

/**
 * Commits a draft at the price the sponsor saw. When the rules moved since (a new regulation), the
 * new quote is stored and PLEDGE_QUOTE_CHANGED asks the sponsor to look again.
 */
export async function commitPledge(ctx: AppContext, actor: Actor, pledgeId: number, expectedTotal: number): Promise<PledgeView> {
  const db = ctx.database.db;
  const row = await db.selectFrom('pledges').selectAll().where('id', '=', pledgeId).executeTakeFirst();
  if (!row) throw new DomainError('PLEDGE_NOT_FOUND', { id: pledgeId });
  authorize(actor, 'pledge.create', { programId: Number(row.program_id), sponsorId: Number(row.sponsor_id) });
  if (row.status !== 'draft') throw new DomainError('PLEDGE_NOT_DRAFT', { id: pledgeId, status: row.status });
  const sponsor = await sponsorOf(ctx, Number(row.sponsor_id));
  const p = PledgeInput.parse({
    kind: row.kind,
    ...(row.kind === 'workers' ? { workers: row.workers } : { budget: Number(row.budget) }),
    months: row.months,
    start: row.start_month,
    package: row.package,
    declaredIncome: Number(row.declared_income),
    preferences: row.preferences,
    schedule: row.schedule,
  });
  const priced = await price(ctx, p, sponsor.funding);
  if (priced.total !== Number(row.quoted_total) || priced.total !== expectedTotal) {
    // The new quote is kept (outside any transaction that the refusal would roll back), so the
    // sponsor sees what they would now commit to.
    await db
      .updateTable('pledges')
      .set({ quote: JSON.stringify(quoteRows(priced.perWorker, priced.workers)), quoted_total: priced.total, workers: priced.workers })
      .where('id', '=', pledgeId)
      .where('status', '=', 'draft')
      .execute();
    throw new DomainError('PLEDGE_QUOTE_CHANGED', { id: pledgeId, total: priced.total });
  }
  return db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('pledges')
      .set({ status: 'committed', committed_at: new Date() })
      .where('id', '=', pledgeId)
      .where('status', '=', 'draft')
      .returningAll()
      .executeTakeFirst();
    if (!done) throw new DomainError('PLEDGE_NOT_DRAFT', { id: pledgeId, status: 'changed' });
    await recordAudit(trx, ctx.keyring, actor, { action: 'pledge.commit', entity: 'pledge', entityId: pledgeId, programId: Number(row.program_id), before: { status: 'draft' }, after: { status: 'committed', total: priced.total } });
    return view(done);
  });
}

export async function listPledges(ctx: AppContext, actor: Actor, sponsorId: number): Promise<PledgeView[]> {
  const sponsor = await sponsorOf(ctx, sponsorId);
  authorize(actor, 'pledge.read', { programId: sponsor.programId, sponsorId });
  const rows = await ctx.database.db.selectFrom('pledges').selectAll().where('sponsor_id', '=', sponsorId).orderBy('id', 'desc').execute();
  return rows.map(view);
}

export interface PledgeOverview {
  id: number;
  sponsorId: number;
  sponsorName: string;
  workers: number;
  months: number;
  start: string;
  status: string;
  total: number;
  /** Places holding a worker: proposed, approved or enrolled. */
  placed: number;
  enrolled: number;
  renewsPledgeId: number | null;
}

/** Every pledge of the programme with how far it is filled, newest first: the admin's overview. */
export async function programPledges(ctx: AppContext, actor: Actor, programId: number): Promise<PledgeOverview[]> {
  authorize(actor, 'pledge.read', { programId });
  const rows = await ctx.database.db
    .selectFrom('pledges as p')
    .innerJoin('sponsors as s', 's.id', 'p.sponsor_id')
    .select((eb) => [
      'p.id', 'p.sponsor_id', 's.name as sponsor_name', 'p.workers', 'p.months', 'p.start_month', 'p.status', 'p.quoted_total', 'p.renews_pledge_id',
      eb.selectFrom('placements as x').select((e) => e.fn.countAll<number>().as('n')).whereRef('x.pledge_id', '=', 'p.id').where('x.status', 'in', ['proposed', 'approved', 'enrolled']).as('placed'),
      eb.selectFrom('placements as x').select((e) => e.fn.countAll<number>().as('n')).whereRef('x.pledge_id', '=', 'p.id').where('x.status', '=', 'enrolled').as('enrolled'),
    ])
    .where('p.program_id', '=', programId)
    .where('p.status', '<>', 'cancelled')
    .orderBy('p.id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    sponsorId: Number(r.sponsor_id),
    sponsorName: r.sponsor_name,
    workers: r.workers,
    months: r.months,
    start: r.start_month,
    status: r.status,
    total: Number(r.quoted_total),
    placed: Number(r.placed ?? 0),
    enrolled: Number(r.enrolled ?? 0),
    renewsPledgeId: r.renews_pledge_id === null ? null : Number(r.renews_pledge_id),
  }));
}
