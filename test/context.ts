// An application context over a test database, with throwaway keys.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../src/server/context.ts';
import type { Database } from '../src/server/db/database.ts';
import { hmacAuditKeys } from '../src/server/modules/audit/audit.ts';

export function testContext(database: Database): AppContext {
  return { database, auditKeys: hmacAuditKeys({ t1: randomBytes(32) }, 't1') };
}
