// Sessions resolved recently, so an API request costs no database round trip for who is asking.
// An entry is dropped when anything could have changed it:
// - any write in this server (a state-changing request ends: it may have logged out, changed a
//   password, disabled a user, changed roles), before its response is sent;
// - a NOTIFY on 'sekitar_sessions', sent by triggers when a session is revoked or deleted, a user
//   changes, or roles change, whichever process wrote it (migration 0012);
// - the listening connection being lost (everything is dropped);
// - age: MAX_AGE_MS bounds it should all of that fail.
import type { Database } from '../../db/database.ts';
import type { SessionInfo } from './auth.service.ts';

export const SESSION_CHANNEL = 'sekitar_sessions';
const MAX_AGE_MS = 10_000;
const MAX_ENTRIES = 10_000;

export class SessionCache {
  private entries = new Map<string, { info: SessionInfo; at: number }>();

  async resolve(token: string, ip: string | null, load: () => Promise<SessionInfo | undefined>): Promise<SessionInfo | undefined> {
    const now = Date.now();
    const hit = this.entries.get(token);
    if (hit && now - hit.at < MAX_AGE_MS && hit.info.expiresAt.getTime() > now) {
      return { ...hit.info, actor: { ...hit.info.actor, ip } };
    }
    const info = await load();
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    if (info) this.entries.set(token, { info, at: now });
    else this.entries.delete(token);
    return info;
  }

  clear(): void {
    this.entries.clear();
  }

  async attach(database: Database): Promise<() => Promise<void>> {
    return database.listen(SESSION_CHANNEL, () => this.clear());
  }
}
