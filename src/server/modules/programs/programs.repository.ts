import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface Program {
  id: number;
  regionCode: string;
  regionName: string;
  name: string;
  legalBasis: string;
  settings: Record<string, unknown>;
}

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('programs as p')
    .innerJoin('regions as r', 'r.code', 'p.region_code')
    .select(['p.id', 'p.region_code', 'r.name as region_name', 'p.name', 'p.legal_basis', 'p.settings']);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;
const toProgram = (r: Row): Program => ({
  id: r.id,
  regionCode: r.region_code,
  regionName: r.region_name,
  name: r.name,
  legalBasis: r.legal_basis,
  settings: r.settings,
});

export async function listPrograms(db: Kysely<DB>): Promise<Program[]> {
  return (await baseQuery(db).orderBy('p.name').execute()).map(toProgram);
}

export async function findProgram(db: Kysely<DB>, id: number): Promise<Program | undefined> {
  const r = await baseQuery(db).where('p.id', '=', id).executeTakeFirst();
  return r && toProgram(r);
}

export async function findProgramByRegion(db: Kysely<DB>, regionCode: string): Promise<Program | undefined> {
  const r = await baseQuery(db).where('p.region_code', '=', regionCode).executeTakeFirst();
  return r && toProgram(r);
}

export async function insertProgram(
  db: Kysely<DB>,
  p: { regionCode: string; name: string; legalBasis: string },
): Promise<number> {
  const r = await db
    .insertInto('programs')
    .values({ region_code: p.regionCode, name: p.name, legal_basis: p.legalBasis })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
