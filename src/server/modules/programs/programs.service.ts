// Programs: one per kab/kota, found by its Kemendagri code ('36.72').
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError } from '../../domain-error.ts';
import type { Actor } from '../access/actor.ts';
import { authorize, programsWith } from '../access/policies.ts';
import { recordAudit } from '../audit/audit.ts';
import { findRegion } from '../regions/regions.repository.ts';
import { findProgram, findProgramByRegion, insertProgram, listPrograms, type Program } from './programs.repository.ts';

export const REGENCY_CODE = /^\d{2}\.\d{2}$/;

export async function createProgram(
  ctx: AppContext,
  actor: Actor,
  input: { regionCode: string; name: string; legalBasis?: string },
): Promise<Program> {
  const db = ctx.database.db;
  const regionCode = input.regionCode.trim();
  const name = input.name.trim();
  if (!REGENCY_CODE.test(regionCode)) throw new DomainError('REGION_CODE_FORMAT', { code: regionCode });
  if (!name) throw new DomainError('PROGRAM_NAME_REQUIRED');
  // A new program is an installation-level act: no program role reaches it, only the operator.
  if (actor.kind !== 'system') throw new DomainError(actor.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  return db.transaction().execute(async (trx) => {
    const region = await findRegion(trx, regionCode);
    if (!region || region.level !== 2) throw new DomainError('REGION_NOT_FOUND', { code: regionCode });
    if (await findProgramByRegion(trx, regionCode)) throw new DomainError('PROGRAM_EXISTS', { code: regionCode });
    await insertProgram(trx, { regionCode, name, legalBasis: input.legalBasis?.trim() ?? '' });
    const created = await findProgramByRegion(trx, regionCode);
    if (!created) throw new DomainError('PROGRAM_NOT_FOUND', { code: regionCode });
    await recordAudit(trx, ctx.keyring, actor, { action: 'program.create', entity: 'program', entityId: created.id, programId: created.id, after: { regionCode, name, legalBasis: created.legalBasis } });
    return created;
  });
}

export async function requireProgram(db: Kysely<DB>, regionCode: string): Promise<Program> {
  const p = await findProgramByRegion(db, regionCode);
  if (!p) throw new DomainError('PROGRAM_NOT_FOUND', { code: regionCode });
  return p;
}

/** The program with this id (services that were handed an id; their callers checked access). */
export async function requireProgramById(db: Kysely<DB>, id: number): Promise<Program> {
  const p = await findProgram(db, id);
  if (!p) throw new DomainError('PROGRAM_NOT_FOUND', { code: String(id) });
  return p;
}

/** The program, if the actor may open it. */
export async function openProgram(db: Kysely<DB>, actor: Actor, regionCode: string): Promise<Program> {
  const p = await requireProgram(db, regionCode);
  authorize(actor, 'program.read', { programId: p.id });
  return p;
}

/** The programs the actor holds a role in (all of them for the operator). */
export async function listProgramsFor(db: Kysely<DB>, actor: Actor): Promise<Program[]> {
  const ids = programsWith(actor, 'program.read');
  const all = await listPrograms(db);
  return ids === undefined ? all : all.filter((p) => ids.includes(p.id));
}
