// What the benchmarks share: a throwaway PostgreSQL cluster tuned for bulk work, a migrated
// database with one programme, and how figures are printed.
import { sql, type Kysely } from 'kysely';
import { Keyring } from '../src/server/crypto/keyring.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { prepareDatabase } from '../src/server/db/setup.ts';
import type { AppContext } from '../src/server/context.ts';
import type { DB } from '../src/server/db/schema.ts';
import { systemActor } from '../src/server/modules/access/actor.ts';
import { createProgram } from '../src/server/modules/programs/programs.service.ts';
import { startPgCluster, type PgCluster } from '../test/pg-cluster.ts';

export const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
export const secs = (ms: number) => `${fmt(ms / 1000, 2)} s`;

export const BULK_TUNING = ['-c shared_buffers=1GB', '-c max_wal_size=4GB', '-c maintenance_work_mem=512MB', '-c work_mem=64MB'];

/** Runs `fn` with a migrated PostgreSQL database holding programme 36.72; stops the cluster after. */
export async function withBenchProgram(fn: (b: { cluster: PgCluster; url: string; ctx: AppContext; programId: number }) => Promise<void>): Promise<void> {
  const cluster = await startPgCluster({ tuning: BULK_TUNING });
  try {
    const url = cluster.url('postgres');
    const database = await openDatabase({ databaseUrl: url });
    const ctx = { database, keyring: Keyring.generate() };
    try {
      await prepareDatabase(database, ctx.keyring);
      const programId = (await createProgram(ctx, systemActor('bench'), { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
      await fn({ cluster, url, ctx, programId });
    } finally {
      await database.close();
    }
  } finally {
    cluster.stop();
  }
}

/**
 * `n` workers of programme `programId` under one import changeset, spread evenly over its
 * kelurahan, occupations and desil. NIK hash, ciphertext and name are placeholders: the benchmarks
 * that use them never open them.
 */
export async function insertPlaceholderWorkers(db: Kysely<DB>, programId: number, n: number): Promise<void> {
  await sql`INSERT INTO changesets (program_id, kind, source, actor) VALUES (${programId}, 'import', 'DTSEN', 'bench')`.execute(db);
  await sql`
    WITH kel AS (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE level = 4 AND code LIKE '36.72.%'),
         occ AS (SELECT array_agg(code ORDER BY code) AS codes FROM occupations)
    INSERT INTO workers (program_id, nik_hash, nik_enc, name, birth_date, kelurahan_code, occupation_code, desil, created_changeset_id, created_source)
    SELECT ${programId}, 'h' || i, 'k:' || i, 'Pekerja ' || i, date '1980-01-01' + (i % 9000)::integer,
           kel.codes[(1 + i % array_length(kel.codes, 1))::integer], occ.codes[(1 + i % array_length(occ.codes, 1))::integer], 1 + i % 10,
           (SELECT max(id) FROM changesets), 'DTSEN'
    FROM generate_series(1::bigint, ${n}::bigint) AS i, kel, occ`.execute(db);
}
