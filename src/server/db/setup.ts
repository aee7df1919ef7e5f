// Brings a database to a usable state: migrations, the personal-data key in use, then reference
// data that is not yet loaded.
import type { Database } from './database.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { migrateToLatest } from './migrate.ts';
import { countRegions, loadRegions } from '../modules/regions/regions.repository.ts';
import { seedOccupations } from '../modules/registry/registry.repository.ts';
import { useDatabaseKey } from '../modules/keys/keys.service.ts';

export async function prepareDatabase(database: Database, keyring: Keyring): Promise<void> {
  await migrateToLatest(database.db as never, { keyring });
  await useDatabaseKey(database.db, keyring);
  if ((await countRegions(database.db)) === 0) {
    await database.bulk((s) => loadRegions(s));
  }
  await seedOccupations(database.db);
}
