// SQL of the personal-data keys: which key the database's hashes and ciphertexts are made with,
// and the batches key rotation reads and rewrites (workers, and staged rows of imports not
// committed yet). The only other writer of worker rows besides the registry and import repositories.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface KeyState {
  key_id: string;
  key_check: string;
}

export async function readKeyState(db: Kysely<DB>): Promise<KeyState | undefined> {
  return db.selectFrom('personal_data_key').select(['key_id', 'key_check']).executeTakeFirst();
}

/** The key row, locked until the transaction ends: rotations and import merges wait on each other. */
export async function lockKeyState(db: Kysely<DB>, mode: 'update' | 'share'): Promise<KeyState | undefined> {
  const q = db.selectFrom('personal_data_key').select(['key_id', 'key_check']);
  return (mode === 'update' ? q.forUpdate() : q.forShare()).executeTakeFirst();
}

export async function writeKeyState(db: Kysely<DB>, state: KeyState): Promise<void> {
  await sql`insert into personal_data_key (key_id, key_check) values (${state.key_id}, ${state.key_check})
    on conflict (singleton) do update set key_id = excluded.key_id, key_check = excluded.key_check, changed_at = now()`.execute(db);
}

export interface SealedIdentity {
  /** Worker id, or a staged row's row number. */
  key: number;
  nik_enc: string;
  phone_enc: string | null;
}

export interface ResealedIdentity {
  keys: number[];
  nikHash: string[];
  nikEnc: string[];
  phoneHash: (string | null)[];
  phoneEnc: (string | null)[];
}

/** Up to `limit` workers after `afterId`, in id order: their sealed NIK and phone. */
export async function workerIdentities(db: Kysely<DB>, afterId: number, limit: number): Promise<SealedIdentity[]> {
  // Anonymised records hold no NIK or phone any more: nothing to re-key.
  const r = await sql<SealedIdentity>`select id as key, nik_enc, phone_enc from workers
    where id > ${afterId} and anonymised_at is null order by id limit ${limit}`.execute(db);
  return r.rows.map((w) => ({ ...w, key: Number(w.key) }));
}

export async function updateWorkerIdentities(db: Kysely<DB>, v: ResealedIdentity): Promise<void> {
  await sql`update workers w set nik_hash = v.nik_hash, nik_enc = v.nik_enc, phone_hash = v.phone_hash, phone_enc = v.phone_enc
    from unnest(${v.keys}::bigint[], ${v.nikHash}::text[], ${v.nikEnc}::text[], ${v.phoneHash}::text[], ${v.phoneEnc}::text[])
      as v(id, nik_hash, nik_enc, phone_hash, phone_enc)
    where w.id = v.id`.execute(db);
}

/** Staging tables of imports (import_rows_<id>): they hold sealed NIKs and phones too. */
export async function stagingTables(db: Kysely<DB>): Promise<string[]> {
  const r = await sql<{ t: string }>`select tablename as t from pg_tables
    where schemaname = current_schema() and tablename ~ '^import_rows_[0-9]+$' order by tablename`.execute(db);
  return r.rows.map((x) => x.t);
}

/** Up to `limit` staged rows after a row number (row numbers are unique in a staging table). */
export async function stagedIdentities(db: Kysely<DB>, table: string, afterRow: number, limit: number): Promise<SealedIdentity[]> {
  const r = await sql<SealedIdentity>`select row_no as key, nik_enc, phone_enc from ${sql.id(table)}
    where row_no > ${afterRow} order by row_no limit ${limit}`.execute(db);
  return r.rows;
}

export async function updateStagedIdentities(db: Kysely<DB>, table: string, v: ResealedIdentity): Promise<void> {
  await sql`update ${sql.id(table)} s set nik_hash = v.nik_hash, nik_enc = v.nik_enc, phone_hash = v.phone_hash, phone_enc = v.phone_enc
    from unnest(${v.keys}::int[], ${v.nikHash}::text[], ${v.nikEnc}::text[], ${v.phoneHash}::text[], ${v.phoneEnc}::text[])
      as v(row_no, nik_hash, nik_enc, phone_hash, phone_enc)
    where s.row_no = v.row_no`.execute(db);
}
