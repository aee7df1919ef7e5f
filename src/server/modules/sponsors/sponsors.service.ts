// Sponsors: the companies, foundations, formal workers and government budgets that pay for cover.
// This holds what access control needs (a sponsor belongs to a program; sponsor users see only
// their own); pledges, rings and money come with the sponsorship lifecycle.
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
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

/** Who pays decides the rates (PP 50/2025 excludes APBN/APBD) and BPJS TK's participation-type code. */
export const DEFAULT_FUNDING: Record<SponsorKind, SponsorFunding> = { company: 'csr', foundation: 'foundation', individual: 'individual', government: 'apbd' };
export const SPONSOR_FUNDINGS = ['csr', 'foundation', 'individual', 'apbd', 'apbdes', 'apbn'] as const;
export type SponsorFunding = (typeof SPONSOR_FUNDINGS)[number];
// SC: CSR / company; SG: government; SD: village budget (domain.md §2). Foundations and individuals
// have no code of their own in what is public: SC until BPJS TK says otherwise.
const PARTICIPATION_CODE: Record<SponsorFunding, string> = { csr: 'SC', foundation: 'SC', individual: 'SC', apbd: 'SG', apbn: 'SG', apbdes: 'SD' };

export interface NewSponsor {
  programId: number;
  kind: SponsorKind;
  name: string;
  funding?: SponsorFunding | undefined;
  nib?: string | undefined;
  sector?: string | undefined;
  address?: string | undefined;
  /** Where the sponsor is: ring 1 of its operational area defaults to this kelurahan. */
  addressKelurahan?: string | undefined;
  ring1?: string[] | undefined;
  ring2?: string[] | undefined;
  contactName?: string | undefined;
  contactEmail?: string | undefined;
}

export async function createSponsor(ctx: AppContext, actor: Actor, input: NewSponsor): Promise<SponsorView> {
  authorize(actor, 'sponsor.manage', { programId: input.programId });
  const name = input.name.trim();
  if (!name) throw new DomainError('NAME_REQUIRED');
  const db = ctx.database.db;
  const program = await db.selectFrom('programs').select('region_code').where('id', '=', input.programId).executeTakeFirstOrThrow();
  const ring1 = input.ring1 ?? (input.addressKelurahan ? [input.addressKelurahan] : []);
  const ring2 = input.ring2 ?? [];
  const codes = [...new Set([...ring1, ...ring2, ...(input.addressKelurahan ? [input.addressKelurahan] : [])])];
  if (codes.length > 0) {
    const known = new Set((await db.selectFrom('regions').select('code').where('code', 'in', codes).where('level', '=', 4).execute()).map((r) => r.code));
    const bad = codes.find((c) => !known.has(c) || !c.startsWith(`${program.region_code}.`));
    if (bad) throw new DomainError('KELURAHAN_NOT_IN_PROGRAM', { code: bad });
  }
  const funding = input.funding ?? DEFAULT_FUNDING[input.kind];
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('sponsors')
      .values({
        program_id: input.programId,
        kind: input.kind,
        name,
        funding,
        participation_code: PARTICIPATION_CODE[funding],
        nib: input.nib?.trim() || null,
        sector: input.sector?.trim() || null,
        address: input.address?.trim() || null,
        address_kelurahan: input.addressKelurahan ?? null,
        ring1,
        ring2,
        contact_name: input.contactName?.trim() || null,
        contact_email: input.contactEmail?.trim() || null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
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

/** The programme a sponsor belongs to (SPONSOR_NOT_FOUND when there is no such sponsor): what an authorization check needs. */
export async function sponsorProgramId(db: Kysely<DB>, sponsorId: number): Promise<number> {
  const s = await db.selectFrom('sponsors').select('program_id').where('id', '=', sponsorId).executeTakeFirst();
  if (!s) throw new DomainError('SPONSOR_NOT_FOUND', { id: sponsorId });
  return Number(s.program_id);
}

export async function getSponsor(ctx: AppContext, actor: Actor, id: number): Promise<SponsorView> {
  const row = await ctx.database.db.selectFrom('sponsors').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('SPONSOR_NOT_FOUND', { id });
  authorize(actor, 'sponsor.read', { programId: Number(row.program_id), sponsorId: Number(row.id) });
  return view(row);
}
