// Runs the migrations in migrations/ (one set for PGlite and PostgreSQL) in name order.
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { Kysely } from 'kysely';
import type { Keyring } from '../crypto/keyring.ts';
import { personalDataEncryption } from './migrations/0003-personal-data-encryption.ts';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-access.ts';
import * as m0004 from './migrations/0004-field-work.ts';
import * as m0005 from './migrations/0005-rate-rules.ts';
import * as m0006 from './migrations/0006-pledges.ts';
import * as m0007 from './migrations/0007-placements.ts';
import * as m0008 from './migrations/0008-enrolment.ts';
import * as m0009 from './migrations/0009-billing.ts';
import * as m0010 from './migrations/0010-renewals-claims.ts';
import * as m0011 from './migrations/0011-indicators.ts';
import * as m0012 from './migrations/0012-session-notify.ts';
import * as m0013 from './migrations/0013-reports.ts';
import * as m0014 from './migrations/0014-indicators-truncate.ts';

// Listed here rather than read from the folder, so the bundle and tsx agree on what exists.
const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-access': m0002,
  '0004-field-work': m0004,
  '0005-rate-rules': m0005,
  '0006-pledges': m0006,
  '0007-placements': m0007,
  '0008-enrolment': m0008,
  '0009-billing': m0009,
  '0010-renewals-claims': m0010,
  '0011-indicators': m0011,
  '0012-session-notify': m0012,
  '0013-reports': m0013,
  '0014-indicators-truncate': m0014,
};

/** What migrations that transform data need: 0003 encrypts existing NIKs and phone numbers. */
export interface MigrationContext {
  keyring: Keyring;
}

/**
 * Migrations may run out of name order: each one after 0001 stands on its own (0004 needs 0002's
 * users), so a database that already ran a later one still takes an earlier one added since.
 */
export async function migrateToLatest(db: Kysely<unknown>, ctx: MigrationContext): Promise<string[]> {
  const provider: MigrationProvider = {
    getMigrations: async (): Promise<Record<string, Migration>> => ({ ...migrations, '0003-personal-data-encryption': personalDataEncryption(ctx) }),
  };
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
