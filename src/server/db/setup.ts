// Brings a database to a usable state: migrations, then reference data that is not yet loaded.
import type { Database } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { countRegions, loadRegions } from '../modules/regions/regions.repository.ts';
import { seedOccupations } from '../modules/registry/registry.repository.ts';

export async function prepareDatabase(database: Database): Promise<void> {
  await migrateToLatest(database.db as never);
  if ((await countRegions(database.db)) === 0) {
    await database.bulk((s) => loadRegions(s));
  }
  await seedOccupations(database.db);
}
