// An application context over a test database, with a throwaway keyring.
import type { AppContext } from '../src/server/context.ts';
import { Keyring } from '../src/server/crypto/keyring.ts';
import type { Database } from '../src/server/db/database.ts';

export function testContext(database: Database): AppContext {
  return { database, keyring: Keyring.generate(null) };
}
