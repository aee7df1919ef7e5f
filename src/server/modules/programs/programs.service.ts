// Programs: one per kab/kota, found by its Kemendagri code ('36.72').
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { DomainError } from '../../domain-error.ts';
import { findRegion } from '../regions/regions.repository.ts';
import { findProgramByRegion, insertProgram, listPrograms, type Program } from './programs.repository.ts';

export const REGENCY_CODE = /^\d{2}\.\d{2}$/;

export async function createProgram(
  db: Kysely<DB>,
  input: { regionCode: string; name: string; legalBasis?: string },
): Promise<Program> {
  const regionCode = input.regionCode.trim();
  const name = input.name.trim();
  if (!REGENCY_CODE.test(regionCode)) throw new DomainError('REGION_CODE_FORMAT', { code: regionCode });
  if (!name) throw new DomainError('PROGRAM_NAME_REQUIRED');
  return db.transaction().execute(async (trx) => {
    const region = await findRegion(trx, regionCode);
    if (!region || region.level !== 2) throw new DomainError('REGION_NOT_FOUND', { code: regionCode });
    if (await findProgramByRegion(trx, regionCode)) throw new DomainError('PROGRAM_EXISTS', { code: regionCode });
    await insertProgram(trx, { regionCode, name, legalBasis: input.legalBasis?.trim() ?? '' });
    const created = await findProgramByRegion(trx, regionCode);
    if (!created) throw new DomainError('PROGRAM_NOT_FOUND', { code: regionCode });
    return created;
  });
}

export async function requireProgram(db: Kysely<DB>, regionCode: string): Promise<Program> {
  const p = await findProgramByRegion(db, regionCode);
  if (!p) throw new DomainError('PROGRAM_NOT_FOUND', { code: regionCode });
  return p;
}

export { listPrograms };
