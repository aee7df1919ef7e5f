// Logging in and out, sessions, throttling and one's own password.
//
// Sessions live in the database: the cookie carries 32 random bytes, the table only their SHA-256,
// so sessions can be listed, expired and revoked (logout, password change, account disabled).
// Failed logins are counted per account and per address over a window; past the limit the login
// is refused with the minutes to wait, even with the right password.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { DomainError } from '../../domain-error.ts';
import { recordAudit } from '../audit/audit.ts';
import type { UserActor } from './actor.ts';
import { grantRows, grantsOf, loadGrants } from './grants.ts';
import { checkPasswordRules, hashPassword, spendVerificationTime, verifyPassword } from './passwords.ts';

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
const TOUCH_EVERY_MS = 60 * 1000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  actor: UserActor;
  mustChangePassword: boolean;
}

async function throttleCheck(ctx: AppContext, email: string, ip: string, maxAccount = MAX_FAILURES_PER_ACCOUNT, maxAddress = MAX_FAILURES_PER_ADDRESS): Promise<void> {
  const since = new Date(Date.now() - THROTTLE_WINDOW_MS);
  const db = ctx.database.db;
  const count = async (column: 'email' | 'ip', value: string) =>
    db
      .selectFrom('login_failures')
      .select([sql<number>`count(*)::int`.as('n'), sql<Date | null>`min(at)`.as('first')])
      .where(column, '=', value)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
  for (const [column, value, limit] of [
    ['email', email, maxAccount],
    ['ip', ip, maxAddress],
  ] as const) {
    const r = await count(column, value);
    if (Number(r.n) >= limit && r.first) {
      const waitMs = new Date(r.first).getTime() + THROTTLE_WINDOW_MS - Date.now();
      throw new DomainError('LOGIN_THROTTLED', { minutes: Math.max(1, Math.ceil(waitMs / 60_000)) });
    }
  }
}

export async function login(
  ctx: AppContext,
  input: { email: string; password: string; ip: string; userAgent?: string | undefined },
): Promise<LoginResult> {
  const email = normaliseEmail(input.email);
  const db = ctx.database.db;
  // The attempt counts as a failure from before the password is checked, so parallel guesses
  // cannot all pass the count while argon2 runs; a success takes it back.
  const attempt = await db.insertInto('login_failures').values({ email, ip: input.ip }).returning('id').executeTakeFirstOrThrow();
  try {
    await throttleCheck(ctx, email, input.ip, MAX_FAILURES_PER_ACCOUNT + 1, MAX_FAILURES_PER_ADDRESS + 1);
  } catch (e) {
    // A refused attempt does not push the wait further out.
    await db.deleteFrom('login_failures').where('id', '=', attempt.id).execute();
    throw e;
  }
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash', 'disabled_at', 'must_change_password'])
    .where(sql`lower(email)`, '=', email)
    .executeTakeFirst();
  const valid = user ? await verifyPassword(user.password_hash, input.password) : (await spendVerificationTime(input.password), false);
  if (!user || !valid || user.disabled_at) {
    // One message for all three: which emails exist is not for a stranger to learn.
    throw new DomainError('LOGIN_FAILED');
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_MAX_MS);
  const userId = Number(user.id);
  const actor: UserActor = {
    kind: 'user',
    userId,
    email: user.email,
    name: user.name,
    grants: await loadGrants(db, userId),
    ip: input.ip,
    sessionId: sha256(token),
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({ id: sha256(token), user_id: userId, csrf_token: csrfToken, ip: input.ip, user_agent: input.userAgent?.slice(0, 300) ?? null, expires_at: expiresAt })
      .execute();
    await trx.updateTable('users').set({ last_login_at: new Date() }).where('id', '=', userId).execute();
    await trx.deleteFrom('login_failures').where((eb) => eb.or([eb('email', '=', email), eb('id', '=', attempt.id)])).execute();
    await recordAudit(trx, ctx.keyring, actor, { action: 'auth.login', entity: 'user', entityId: userId });
  });
  return { token, csrfToken, expiresAt, actor, mustChangePassword: user.must_change_password };
}

export interface SessionInfo {
  actor: UserActor;
  csrfToken: string;
  mustChangePassword: boolean;
  expiresAt: Date;
}

/** The user behind a session cookie, or undefined when it is unknown, expired, idle too long or revoked. */
export async function resolveSession(ctx: AppContext, token: string, ip: string | null): Promise<SessionInfo | undefined> {
  if (!token || token.length > 100) return undefined;
  const db = ctx.database.db;
  const id = sha256(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 's.csrf_token', 's.last_seen_at', 's.expires_at', 's.revoked_at', 'u.email', 'u.name', 'u.disabled_at', 'u.must_change_password'])
    // the roles in the same round trip: this runs for every request
    .select(grantsOf('s.user_id').as('grants'))
    .where('s.id', '=', id)
    .executeTakeFirst();
  const now = Date.now();
  if (!row || row.revoked_at || row.disabled_at) return undefined;
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (new Date(row.expires_at).getTime() <= now || lastSeen + SESSION_IDLE_MS <= now) return undefined;
  if (now - lastSeen > TOUCH_EVERY_MS) await db.updateTable('sessions').set({ last_seen_at: new Date(now) }).where('id', '=', id).execute();
  const userId = Number(row.user_id);
  return {
    actor: { kind: 'user', userId, email: row.email, name: row.name, grants: grantRows(row.grants), ip, sessionId: id },
    csrfToken: row.csrf_token,
    mustChangePassword: row.must_change_password,
    expiresAt: new Date(row.expires_at),
  };
}

export async function logout(ctx: AppContext, actor: UserActor): Promise<void> {
  if (!actor.sessionId) return;
  const sessionId = actor.sessionId;
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
    await recordAudit(trx, ctx.keyring, actor, { action: 'auth.logout', entity: 'user', entityId: actor.userId });
  });
}

/** Changes one's own password; every other session of the user ends. */
export async function changeOwnPassword(ctx: AppContext, actor: UserActor, input: { current: string; next: string }): Promise<void> {
  const db = ctx.database.db;
  const user = await db.selectFrom('users').select(['password_hash']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  // Someone holding a stolen session must not be able to guess the current password at leisure.
  const email = normaliseEmail(actor.email);
  await throttleCheck(ctx, email, actor.ip ?? '-');
  if (!(await verifyPassword(user.password_hash, input.current))) {
    await db.insertInto('login_failures').values({ email, ip: actor.ip ?? '-' }).execute();
    throw new DomainError('PASSWORD_WRONG');
  }
  checkPasswordRules(input.next);
  if (input.next === input.current) throw new DomainError('PASSWORD_UNCHANGED');
  const passwordHash = await hashPassword(input.next);
  await db.transaction().execute(async (trx) => {
    const now = new Date();
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: false, password_changed_at: now, updated_at: now })
      .where('id', '=', actor.userId)
      .execute();
    let others = trx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', actor.userId).where('revoked_at', 'is', null);
    if (actor.sessionId) others = others.where('id', '<>', actor.sessionId);
    await others.execute();
    await recordAudit(trx, ctx.keyring, actor, { action: 'user.password_change', entity: 'user', entityId: actor.userId });
  });
}

export interface SessionListItem {
  /** A short public handle: the first 12 characters of the stored hash (which opens nothing). */
  id: string;
  current: boolean;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
}

/** One's own live sessions (devices), newest first. */
export async function listOwnSessions(ctx: AppContext, actor: UserActor): Promise<SessionListItem[]> {
  const rows = await ctx.database.db
    .selectFrom('sessions')
    .select(['id', 'ip', 'user_agent', 'created_at', 'last_seen_at'])
    .where('user_id', '=', actor.userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .where('last_seen_at', '>', new Date(Date.now() - SESSION_IDLE_MS))
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id.slice(0, 12),
    current: r.id === actor.sessionId,
    ip: r.ip,
    userAgent: r.user_agent,
    createdAt: new Date(r.created_at).toISOString(),
    lastSeenAt: new Date(r.last_seen_at).toISOString(),
  }));
}

/** Ends one of one's own sessions (a lost phone, a shared computer). */
export async function revokeOwnSession(ctx: AppContext, actor: UserActor, handle: string): Promise<void> {
  if (!/^[0-9a-f]{12}$/.test(handle)) throw new DomainError('SESSION_NOT_FOUND');
  await ctx.database.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', actor.userId)
      .where('id', 'like', `${handle}%`)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new DomainError('SESSION_NOT_FOUND');
    await recordAudit(trx, ctx.keyring, actor, { action: 'auth.session_revoke', entity: 'user', entityId: actor.userId, after: { session: handle } });
  });
}

/** Drops throttling records and sessions that no longer matter. */
export async function purgeExpiredAccessRecords(ctx: AppContext): Promise<void> {
  const db = ctx.database.db;
  await db.deleteFrom('login_failures').where('at', '<', new Date(Date.now() - 24 * 60 * 60 * 1000)).execute();
  await db.deleteFrom('sessions').where('expires_at', '<', new Date(Date.now() - 30 * 24 * 60 * 60 * 1000)).execute();
}
