// An application context over a test database, with the keyring the test templates were made with.
import type { AppContext } from '../src/server/context.ts';
import type { Database } from '../src/server/db/database.ts';
import { testKeyring } from './db.ts';

export function testContext(database: Database): AppContext {
  return { database, keyring: testKeyring() };
}
