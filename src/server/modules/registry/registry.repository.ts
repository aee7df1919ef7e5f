// The worker registry's queries. Worker rows are written here, by the import repository (in bulk),
// by key rotation (keys.repository.ts) and by the field-work service (one record at a time).
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { OCCUPATION_SEED } from './occupations.ts';

export interface Occupation {
  code: string;
  nameId: string;
  nameEn: string;
  sector: string;
  aliases: string[];
}

export async function seedOccupations(db: Kysely<DB>): Promise<void> {
  await db
    .insertInto('occupations')
    .values(
      OCCUPATION_SEED.map((o) => ({ code: o.code, name_id: o.nameId, name_en: o.nameEn, sector: o.sector, aliases: o.aliases })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function listOccupations(db: Kysely<DB>): Promise<Occupation[]> {
  const rows = await db.selectFrom('occupations').selectAll().orderBy('name_id').execute();
  return rows.map((r) => ({ code: r.code, nameId: r.name_id, nameEn: r.name_en, sector: r.sector, aliases: r.aliases }));
}

export interface WorkerFilter {
  programId: number;
  /** A fragment of the name. */
  q?: string | undefined;
  /** The keyed hash of a whole NIK: exact match (the NIK itself is not stored in plaintext). */
  nikHash?: string | undefined;
  kelurahan?: string | undefined;
  kecamatan?: string | undefined;
  /** Only these kelurahan (a field agent's reach). */
  kelurahanIn?: string[] | undefined;
  desil?: number[] | undefined;
  occupation?: string | undefined;
  coverage?: string | undefined;
  /** Whether a live (not withdrawn) consent is on record. */
  consent?: 'given' | 'missing' | undefined;
  /** Keyset: only workers with a larger id. */
  afterId?: number | undefined;
  limit: number;
}

export interface WorkerListRow {
  id: number;
  /** The sealed NIK ('<key id>:<base64>'): the service shows it masked. */
  nikEnc: string;
  name: string;
  birthDate: string | null;
  sex: string | null;
  kelurahanCode: string | null;
  kelurahanName: string | null;
  kecamatanName: string | null;
  occupationCode: string | null;
  desil: number | null;
  coverageStatus: string;
  warnings: string[];
  hasConsent: boolean;
  lifeStatus: string;
}

function filtered(db: Kysely<DB>, f: Omit<WorkerFilter, 'limit' | 'afterId'>) {
  // Anonymised records only count in statistics; they are not listed.
  let q = db.selectFrom('workers as w').where('w.program_id', '=', f.programId).where('w.anonymised_at', 'is', null);
  const term = f.q?.trim();
  if (f.nikHash) q = q.where('w.nik_hash', '=', f.nikHash);
  else if (term) q = q.where('w.name', 'ilike', `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.kelurahan) q = q.where('w.kelurahan_code', '=', f.kelurahan);
  else if (f.kecamatan) q = q.where('w.kelurahan_code', 'like', `${f.kecamatan}.%`);
  if (f.kelurahanIn) q = q.where('w.kelurahan_code', 'in', f.kelurahanIn.length ? f.kelurahanIn : ['']);
  if (f.desil?.length) q = q.where('w.desil', 'in', f.desil);
  if (f.occupation) q = q.where('w.occupation_code', '=', f.occupation);
  if (f.coverage) q = q.where('w.coverage_status', '=', f.coverage);
  if (f.consent) {
    const live = (eb: ExpressionBuilder<DB & { w: DB['workers'] }, 'w'>) =>
      eb.exists(eb.selectFrom('consents as c').select('c.id').whereRef('c.worker_id', '=', 'w.id').where('c.withdrawn_at', 'is', null));
    q = q.where((eb) => (f.consent === 'given' ? live(eb) : eb.not(live(eb))));
  }
  return q;
}

export async function searchWorkers(db: Kysely<DB>, f: WorkerFilter): Promise<WorkerListRow[]> {
  let q = filtered(db, f)
    .leftJoin('regions as kel', 'kel.code', 'w.kelurahan_code')
    .leftJoin('regions as kec', 'kec.code', 'kel.parent_code')
    .select([
      'w.id',
      'w.nik_enc',
      'w.name',
      'w.birth_date',
      'w.sex',
      'w.kelurahan_code',
      'kel.name as kelurahan_name',
      'kec.name as kecamatan_name',
      'w.occupation_code',
      'w.desil',
      'w.coverage_status',
      'w.warnings',
      'w.life_status',
      (eb) => eb.exists(eb.selectFrom('consents as c').select('c.id').whereRef('c.worker_id', '=', 'w.id').where('c.withdrawn_at', 'is', null)).as('has_consent'),
    ])
    .orderBy('w.id')
    .limit(f.limit);
  if (f.afterId !== undefined) q = q.where('w.id', '>', f.afterId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    nikEnc: r.nik_enc,
    name: r.name,
    birthDate: r.birth_date,
    sex: r.sex,
    kelurahanCode: r.kelurahan_code,
    kelurahanName: r.kelurahan_name,
    kecamatanName: r.kecamatan_name,
    occupationCode: r.occupation_code,
    desil: r.desil,
    coverageStatus: r.coverage_status,
    warnings: r.warnings,
    hasConsent: Boolean(r.has_consent),
    lifeStatus: r.life_status,
  }));
}

/** Counts up to cap + 1 rows, so a count over a million workers stays cheap; above cap is "more than". */
export async function countWorkers(db: Kysely<DB>, f: Omit<WorkerFilter, 'limit' | 'afterId'>, cap: number): Promise<number> {
  const inner = filtered(db, f).select('w.id').limit(cap + 1);
  const r = await db
    .selectFrom(inner.as('x'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findWorker(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('workers as w')
    .leftJoin('regions as kel', 'kel.code', 'w.kelurahan_code')
    .leftJoin('regions as kec', 'kec.code', 'kel.parent_code')
    .leftJoin('occupations as o', 'o.code', 'w.occupation_code')
    .selectAll('w')
    .select(['kel.name as kelurahan_name', 'kec.name as kecamatan_name', 'o.name_id as occupation_name_id', 'o.name_en as occupation_name_en'])
    .where('w.id', '=', id)
    .executeTakeFirst();
}

export async function findChangesets(db: Kysely<DB>, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('changesets as c')
    .leftJoin('imports as i', 'i.id', 'c.import_id')
    .select(['c.id', 'c.kind', 'c.source', 'c.import_id', 'c.actor', 'c.created_at', 'i.file_name'])
    .where('c.id', 'in', ids)
    .execute();
}

export async function findHistory(db: Kysely<DB>, workerId: number) {
  return db
    .selectFrom('worker_history as h')
    .innerJoin('changesets as c', 'c.id', 'h.changeset_id')
    .leftJoin('imports as i', 'i.id', 'c.import_id')
    .select(['h.id', 'h.field', 'h.old_value', 'h.new_value', 'c.id as changeset_id', 'c.source', 'c.kind', 'c.actor', 'c.created_at', 'c.import_id', 'i.file_name'])
    .where('h.worker_id', '=', workerId)
    .orderBy('h.id', 'desc')
    .limit(500)
    .execute();
}

/** A worker's sealed NIK and phone number. */
export async function findWorkerIdentity(db: Kysely<DB>, id: number) {
  return db.selectFrom('workers').select(['id', 'program_id', 'nik_enc', 'phone_enc']).where('id', '=', id).executeTakeFirst();
}

export async function findConsents(db: Kysely<DB>, workerId: number) {
  return db.selectFrom('consents').selectAll().where('worker_id', '=', workerId).orderBy('id', 'desc').execute();
}

/** All workers of a program in id order, in batches: for exports of any size. */
export async function* streamWorkers(db: Kysely<DB>, programId: number, batch = 5000) {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('workers as w')
      .leftJoin('regions as kel', 'kel.code', 'w.kelurahan_code')
      .leftJoin('regions as kec', 'kec.code', 'kel.parent_code')
      .select([
        'w.id', 'w.nik_enc', 'w.name', 'w.birth_date', 'w.sex', 'w.kelurahan_code', 'kel.name as kelurahan_name',
        'kec.name as kecamatan_name', 'w.rt', 'w.rw', 'w.street', 'w.occupation_code', 'w.occupation_text', 'w.phone_enc', 'w.phone_mask',
        'w.desil', 'w.kk_number', 'w.kpj_number', 'w.bpjs_status', 'w.coverage_status', 'w.warnings',
      ])
      .where('w.program_id', '=', programId)
      .where('w.anonymised_at', 'is', null)
      .where('w.id', '>', after)
      .orderBy('w.id')
      .limit(batch)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}
