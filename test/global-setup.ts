// Starts a throwaway PostgreSQL cluster and prepares migrated templates for both engines, once
// per test run; each test file then clones a template instead of migrating again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { Keyring } from '../src/server/crypto/keyring.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { prepareDatabase } from '../src/server/db/setup.ts';
import { pgAvailable, startPgCluster, type PgCluster } from './pg-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string | null;
    pgliteTemplate: string;
    /** The key file JSON the templates were prepared with: a keyring made for this run. */
    testKeys: string;
  }
}

let cluster: PgCluster | undefined;
let tmp: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sekitar-test-'));
  const keyring = Keyring.generate();
  project.provide('testKeys', JSON.stringify(keyring.toJSON()));
  const lite = await openDatabase({});
  await prepareDatabase(lite, keyring);
  const dump = await dumpPGlite(lite);
  const templatePath = path.join(tmp, 'pglite-template.tar.gz');
  fs.writeFileSync(templatePath, dump);
  await lite.close();
  project.provide('pgliteTemplate', templatePath);

  if (!pgAvailable()) {
    if (process.env.CI) throw new Error('PostgreSQL binaries not found: the PostgreSQL suites cannot be skipped under CI');
    project.provide('pgAdminUrl', null);
    return;
  }
  cluster = await startPgCluster();
  // An interrupted run must not leave a server behind.
  const stopOnSignal = (signal: NodeJS.Signals) => {
    cluster?.stop();
    cluster = undefined;
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  process.once('exit', () => cluster?.stop());
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE sekitar_template');
  await admin.end();
  const db = await openDatabase({ databaseUrl: cluster.url('sekitar_template') });
  await prepareDatabase(db, keyring);
  await db.close();
  project.provide('pgAdminUrl', cluster.url('postgres'));
}

async function dumpPGlite(database: Awaited<ReturnType<typeof openDatabase>>): Promise<Buffer> {
  if (!database.dumpDataDir) throw new Error('not an embedded database');
  const blob = await database.dumpDataDir();
  return Buffer.from(await blob.arrayBuffer());
}

export async function teardown(): Promise<void> {
  cluster?.stop();
  cluster = undefined;
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}
