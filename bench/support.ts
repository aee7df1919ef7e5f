// What the benchmarks share: a throwaway PostgreSQL cluster tuned for bulk work, a migrated
// database with one programme, and how figures are printed.
import { Keyring } from '../src/server/crypto/keyring.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { prepareDatabase } from '../src/server/db/setup.ts';
import type { AppContext } from '../src/server/context.ts';
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
