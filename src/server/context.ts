// What every service needs from the running installation: the database and the keys (personal-data
// encryption and the audit trail's MAC).
import type { Keyring } from './crypto/keyring.ts';
import type { Database } from './db/database.ts';
import type { SessionCache } from './modules/access/session-cache.ts';
import type { IndicatorCache } from './modules/indicators/indicator-cache.ts';

export interface AppContext {
  database: Database;
  keyring: Keyring;
  /** The server's cache of computed dashboards (absent in the CLI and tests: computed each time). */
  indicatorCache?: IndicatorCache;
  /** The server's recently resolved sessions (absent elsewhere: each lookup asks the database). */
  sessionCache?: SessionCache;
}
