// Per-test-file databases cloned from the templates prepared in global-setup.ts, on both engines.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { Keyring } from '../src/server/crypto/keyring.ts';
import { openDatabase, type Database, type DatabaseKind } from '../src/server/db/database.ts';

let keyring: Keyring | undefined;

/** The keyring the templates were prepared with (made for each test run, see global-setup.ts). */
export function testKeyring(): Keyring {
  keyring ??= Keyring.parse(inject('testKeys'), null);
  return keyring;
}

export async function openTestDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') {
    const dump = fs.readFileSync(inject('pgliteTemplate'));
    return openDatabase({ loadDataDir: new Blob([dump]) });
  }
  return openDatabase({ databaseUrl: await createPgDatabase() });
}

/** A fresh PostgreSQL database cloned from the migrated template; returns its URL. */
export async function createPgDatabase(): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  if (!adminUrl) throw new Error('no PostgreSQL cluster for this run');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE sekitar_template`);
  } finally {
    await admin.end();
  }
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}

/** The engines available in this run: PostgreSQL is only absent outside CI on a machine without it. */
export function engines(): DatabaseKind[] {
  return inject('pgAdminUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

/** Runs the same suite on each engine. */
export function describeEachEngine(name: string, fn: (kind: DatabaseKind) => void): void {
  for (const kind of engines()) describe(`${name} [${kind}]`, () => fn(kind));
}
