// Sponsors: the companies, foundations, formal workers and government budgets that pay for cover.
// This holds what access control needs (a sponsor belongs to a program; sponsor users see only
// their own); pledges, rings and money come with the sponsorship lifecycle.
import type { AppContext } from '../../context.ts';
import { DomainError } from '../../domain-error.ts';
import type { Actor } from '../access/actor.ts';
import { authorize, listReach } from '../access/policies.ts';
import { recordAudit } from '../audit/audit.ts';

export const SPONSOR_KINDS = ['company', 'foundation', 'individual', 'government'] as const;
export type SponsorKind = (typeof SPONSOR_KINDS)[number];

export interface SponsorView {
  id: number;
  programId: number;
  kind: SponsorKind;
  name: string;
  createdAt: string;
}

const view = (r: { id: number; program_id: number; kind: SponsorKind; name: string; created_at: Date }): SponsorView => ({
  id: Number(r.id),
  programId: Number(r.program_id),
  kind: r.kind,
  name: r.name,
  createdAt: new Date(r.created_at).toISOString(),
});

export async function createSponsor(ctx: AppContext, actor: Actor, input: { programId: number; kind: SponsorKind; name: string }): Promise<SponsorView> {
  authorize(actor, 'sponsor.manage', { programId: input.programId });
  const name = input.name.trim();
  if (!name) throw new DomainError('NAME_REQUIRED');
  return ctx.database.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('sponsors').values({ program_id: input.programId, kind: input.kind, name }).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.keyring, actor, { action: 'sponsor.create', entity: 'sponsor', entityId: row.id, programId: input.programId, after: { kind: input.kind, name } });
    return view(row);
  });
}

export async function listSponsors(ctx: AppContext, actor: Actor, programId: number): Promise<SponsorView[]> {
  const reach = listReach(actor, 'sponsor.list', programId);
  let q = ctx.database.db.selectFrom('sponsors').selectAll().where('program_id', '=', programId).orderBy('name').orderBy('id');
  if (!reach.all) q = q.where('id', 'in', reach.sponsorIds.length ? reach.sponsorIds : [-1]);
  return (await q.execute()).map(view);
}

export async function getSponsor(ctx: AppContext, actor: Actor, id: number): Promise<SponsorView> {
  const row = await ctx.database.db.selectFrom('sponsors').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('SPONSOR_NOT_FOUND', { id });
  authorize(actor, 'sponsor.read', { programId: Number(row.program_id), sponsorId: Number(row.id) });
  return view(row);
}
