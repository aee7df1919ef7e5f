// What every service needs from the running installation: the database and the keys.
import type { Database } from './db/database.ts';
import type { AuditKeys } from './modules/audit/audit.ts';

export interface AppContext {
  database: Database;
  auditKeys: AuditKeys;
}
