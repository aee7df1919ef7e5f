// npm run bench:import — the bulk import against PostgreSQL's own bulk load, in one run.
// (a) psql \copy of the same file into a bare table with a unique NIK index;
// (b) the full Sekitar import (parse, validate, dedupe, merge with provenance) into PostgreSQL;
// (c) the same import into the embedded database (PGlite);
// (d) psql \copy of the same file into a table indexed like the registry: what the registry's own
//     indexes cost before any checking, encryption or merging.
// Target: b/a <= 1.5 with peak RSS under 400 MB. BENCH_ROWS changes the size (default 1,000,000).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Keyring } from '../src/server/crypto/keyring.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { prepareDatabase } from '../src/server/db/setup.ts';
import { demoRegion } from '../src/server/modules/demo/demo.service.ts';
import { DEMO_HEADER, writeDemoCsv } from '../src/server/modules/demo/demo-data.ts';
import { startPgCluster } from '../test/pg-cluster.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SKIP_PGLITE = process.env.BENCH_SKIP_PGLITE === '1';
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sekitar-bench-'));
fs.chmodSync(dir, 0o755);
const cluster = await startPgCluster({ tuning: ['-c shared_buffers=1GB', '-c max_wal_size=4GB', '-c maintenance_work_mem=512MB', '-c work_mem=64MB'] });
try {
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_copy');
  await admin.query('CREATE DATABASE bench_sekitar');
  await admin.end();

  const file = path.join(dir, 'dtsen.csv');
  // One throwaway keyring for the run: the imports get it inline in SEKITAR_KEYS.
  const keyring = Keyring.generate();
  const region = await (async () => {
    const db = await openDatabase({ databaseUrl: cluster.url('bench_sekitar') });
    await prepareDatabase(db, keyring);
    const r = await demoRegion(db, '36.72');
    await db.close();
    return r;
  })();
  const g0 = performance.now();
  await writeDemoCsv(file, region, ROWS, 42);
  console.log(`file: ${fmt(ROWS)} rows, ${fmt(fs.statSync(file).size / 1e6, 1)} MB, generated in ${fmt((performance.now() - g0) / 1000, 1)} s`);

  // (a) the baseline: COPY into a bare table with a unique index on NIK.
  const copyDb = new pg.Client({ connectionString: cluster.url('bench_copy') });
  await copyDb.connect();
  await copyDb.query(`CREATE TABLE bare (${DEMO_HEADER.map((h) => `${h.toLowerCase()} text`).join(', ')})`);
  await copyDb.query('CREATE UNIQUE INDEX bare_nik ON bare (nik)');
  await copyDb.end();
  const a0 = performance.now();
  execFileSync('psql', [cluster.url('bench_copy'), '-q', '-c', `\\copy bare FROM '${file}' WITH (FORMAT csv, HEADER true)`], { stdio: 'inherit' });
  const aMs = performance.now() - a0;

  // (d) the floor any import into the registry has: the same file, as it is (no checks, no
  // encryption, no merge), copied into a table indexed like the registry (primary key, unique NIK,
  // the four filter indexes and the trigram index on names).
  const floorDb = new pg.Client({ connectionString: cluster.url('bench_copy') });
  await floorDb.connect();
  await floorDb.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await floorDb.query(`CREATE TABLE registry_like (id bigserial PRIMARY KEY, coverage text NOT NULL DEFAULT 'none', ${DEMO_HEADER.map((h) => `${h.toLowerCase()} text`).join(', ')})`);
  for (const ddl of [
    'CREATE UNIQUE INDEX ON registry_like (nik)',
    'CREATE INDEX ON registry_like (kode_desa, id)',
    'CREATE INDEX ON registry_like (desil, id)',
    'CREATE INDEX ON registry_like (pekerjaan, id)',
    'CREATE INDEX ON registry_like (coverage, id)',
    'CREATE INDEX ON registry_like USING gin (nama gin_trgm_ops)',
  ]) await floorDb.query(ddl);
  await floorDb.end();
  const d0 = performance.now();
  const copyColumns = DEMO_HEADER.map((h) => h.toLowerCase()).join(', ');
  execFileSync('psql', [cluster.url('bench_copy'), '-q', '-c', `\\copy registry_like (${copyColumns}) FROM '${file}' WITH (FORMAT csv, HEADER true)`], { stdio: 'inherit' });
  const dMs = performance.now() - d0;

  // (b) Sekitar into PostgreSQL, in a child process to measure its memory alone.
  const child = (target: string) => {
    // The heap budget the sekitar CLI runs its imports with (bin/sekitar.js).
    const r = spawnSync(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', 'bench/import-child.ts', file, target], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      env: { ...process.env, SEKITAR_KEYS: JSON.stringify(keyring.toJSON()) },
    });
    if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { ms: number; stageMs: number; mergeMs: number; maxRssMB: number; counts: { imported: number; rejected: number }; queries: Record<string, number> };
  };
  const b = child(cluster.url('bench_sekitar'));
  if (b.counts.imported !== ROWS) throw new Error(`expected ${ROWS} imported, got ${JSON.stringify(b.counts)}`);

  console.log('');
  console.log(`(a) psql \\copy, bare table + unique NIK index : ${fmt(aMs / 1000, 2)} s  ${fmt(ROWS / (aMs / 1000))} rows/s`);
  console.log(`(b) Sekitar import into PostgreSQL (256 MB heap, as the CLI) : ${fmt(b.ms / 1000, 2)} s  ${fmt(ROWS / (b.ms / 1000))} rows/s  (read+validate+COPY ${fmt(b.stageMs / 1000, 2)} s, merge ${fmt(b.mergeMs / 1000, 2)} s)  peak RSS ${fmt(b.maxRssMB)} MB`);
  console.log(`ratio b/a: ${fmt(b.ms / aMs, 2)}  (target <= 1.5; peak RSS target < 400 MB)`);
  console.log(`(d) psql \\copy, table indexed like the registry: ${fmt(dMs / 1000, 2)} s  ${fmt(ROWS / (dMs / 1000))} rows/s  (d/a ${fmt(dMs / aMs, 2)}: the floor of any import into the registry; b/d ${fmt(b.ms / dMs, 2)})`);
  console.log(`registry queries after the import, ms (PostgreSQL): ${JSON.stringify(b.queries)}`);

  if (!SKIP_PGLITE) {
    const c = child(path.join(dir, 'pglite'));
    console.log(`(c) Sekitar import into embedded PGlite (256 MB heap)         : ${fmt(c.ms / 1000, 2)} s  ${fmt(ROWS / (c.ms / 1000))} rows/s  (read+validate+COPY ${fmt(c.stageMs / 1000, 2)} s, merge ${fmt(c.mergeMs / 1000, 2)} s)  peak RSS ${fmt(c.maxRssMB)} MB`);
    console.log(`registry queries after the import, ms (PGlite): ${JSON.stringify(c.queries)}`);
  }
} finally {
  cluster.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
