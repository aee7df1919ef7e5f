// User management: an admin creates users with a role in their program, resets passwords and
// disables accounts. A user may hold roles in several programs; an admin may only touch a user
// whose every role lies in programs that admin manages, so one program cannot take over another's
// accounts.
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError } from '../../domain-error.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor, Role } from './actor.ts';
import { normaliseEmail } from './auth.service.ts';
import { loadGrants } from './grants.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import { authorize, can } from './policies.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  programId: number;
  sponsorId?: number | null | undefined;
  kelurahan?: string[] | undefined;
  /** When absent, a temporary password is generated, returned once, and must be changed at first login. */
  password?: string | undefined;
  /** A password the person chose and that was hashed earlier (a sponsor's application). */
  passwordHash?: string | undefined;
}

async function checkRoleTarget(db: Kysely<DB>, u: NewUser): Promise<void> {
  if (u.role === 'sponsor') {
    if (u.sponsorId == null) throw new DomainError('ROLE_SPONSOR_REQUIRED');
    const s = await db.selectFrom('sponsors').select('program_id').where('id', '=', u.sponsorId).executeTakeFirst();
    if (!s || Number(s.program_id) !== u.programId) throw new DomainError('SPONSOR_NOT_FOUND', { id: u.sponsorId });
  } else if (u.sponsorId != null) {
    throw new DomainError('ROLE_SPONSOR_ONLY');
  }
  const kel = u.kelurahan ?? [];
  if (u.role === 'agent') {
    if (kel.length === 0) throw new DomainError('ROLE_KELURAHAN_REQUIRED');
    const program = await db.selectFrom('programs').select('region_code').where('id', '=', u.programId).executeTakeFirstOrThrow();
    const found = await db.selectFrom('regions').select('code').where('code', 'in', kel).where('level', '=', 4).where('code', 'like', `${program.region_code}.%`).execute();
    const known = new Set(found.map((r) => r.code));
    const unknown = kel.find((k) => !known.has(k));
    if (unknown) throw new DomainError('KELURAHAN_NOT_IN_PROGRAM', { code: unknown });
  } else if (kel.length > 0) {
    throw new DomainError('ROLE_KELURAHAN_ONLY');
  }
}

/** Creates the user, or gives an existing user (same email) one more role. */
export async function createUser(ctx: AppContext, actor: Actor, input: NewUser): Promise<{ userId: number; created: boolean; temporaryPassword?: string }> {
  authorize(actor, 'user.manage', { programId: input.programId });
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  if (!EMAIL.test(email)) throw new DomainError('EMAIL_INVALID');
  if (!name) throw new DomainError('NAME_REQUIRED');
  const db = ctx.database.db;
  await checkRoleTarget(db, input);
  const temporaryPassword = input.password === undefined && input.passwordHash === undefined ? generatePassword() : undefined;
  const passwordHash = input.passwordHash ?? (await hashPassword(input.password ?? temporaryPassword!));
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('users').select('id').where(sql`lower(email)`, '=', email).executeTakeFirst();
    let userId: number;
    if (existing) {
      userId = Number(existing.id);
      // Another role for an existing account only from someone who manages all of its programmes:
      // otherwise one programme's admin could take over another programme's accounts.
      if (actor.kind === 'user') {
        const held = [...new Set((await loadGrants(trx, userId)).map((g) => g.programId))];
        if (held.length === 0 || !held.every((programId) => can(actor, 'user.manage', { programId }))) throw new DomainError('USER_EXISTS_ELSEWHERE');
      }
    } else {
      const row = await trx
        .insertInto('users')
        .values({ email, name, password_hash: passwordHash, must_change_password: temporaryPassword !== undefined })
        .returning('id')
        .executeTakeFirstOrThrow();
      userId = Number(row.id);
      await recordAudit(trx, ctx.keyring, actor, { action: 'user.create', entity: 'user', entityId: userId, programId: input.programId, after: { email, name } });
    }
    const dup = await trx
      .selectFrom('user_roles')
      .select('id')
      .where('user_id', '=', userId)
      .where('role', '=', input.role)
      .where('program_id', '=', input.programId)
      .where(sql`coalesce(sponsor_id, 0)`, '=', input.sponsorId ?? 0)
      .executeTakeFirst();
    if (dup) throw new DomainError('ROLE_EXISTS');
    const grant = { role: input.role, program_id: input.programId, sponsor_id: input.sponsorId ?? null, kelurahan: input.kelurahan ?? [] };
    const role = await trx.insertInto('user_roles').values({ user_id: userId, ...grant }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.keyring, actor, { action: 'user.role_add', entity: 'user', entityId: userId, programId: input.programId, after: { roleId: Number(role.id), ...grant } });
    return existing ? { userId, created: false } : { userId, created: true, ...(temporaryPassword ? { temporaryPassword } : {}) };
  });
}

/** The admin may act on this user only if they manage every program the user has a role in. */
async function requireManageable(ctx: AppContext, actor: Actor, userId: number): Promise<number[]> {
  const grants = await loadGrants(ctx.database.db, userId);
  const exists = await ctx.database.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!exists) throw new DomainError('USER_NOT_FOUND', { id: userId });
  if (actor.kind === 'system') return [...new Set(grants.map((g) => g.programId))];
  if (actor.kind !== 'user') throw new DomainError('UNAUTHENTICATED');
  const programs = [...new Set(grants.map((g) => g.programId))];
  if (programs.length === 0 || !programs.every((p) => can(actor, 'user.manage', { programId: p }))) throw new DomainError('FORBIDDEN');
  return programs;
}

export async function resetPassword(ctx: AppContext, actor: Actor, userId: number): Promise<{ temporaryPassword: string }> {
  await requireManageable(ctx, actor, userId);
  const temporaryPassword = generatePassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await ctx.database.db.transaction().execute(async (trx) => {
    const now = new Date();
    await trx.updateTable('users').set({ password_hash: passwordHash, must_change_password: true, password_changed_at: now, updated_at: now }).where('id', '=', userId).execute();
    await trx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
    // No single programme: admins of each programme the user is in see it (audit.service.ts).
    await recordAudit(trx, ctx.keyring, actor, { action: 'user.password_reset', entity: 'user', entityId: userId, programId: null });
  });
  return { temporaryPassword };
}

export async function setUserDisabled(ctx: AppContext, actor: Actor, userId: number, disabled: boolean): Promise<void> {
  await requireManageable(ctx, actor, userId);
  if (actor.kind === 'user' && actor.userId === userId && disabled) throw new DomainError('USER_SELF_DISABLE');
  await ctx.database.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('users').select('disabled_at').where('id', '=', userId).executeTakeFirstOrThrow();
    const now = new Date();
    await trx.updateTable('users').set({ disabled_at: disabled ? now : null, updated_at: now }).where('id', '=', userId).execute();
    if (disabled) await trx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
    await recordAudit(trx, ctx.keyring, actor, {
      action: disabled ? 'user.disable' : 'user.enable',
      entity: 'user',
      entityId: userId,
      programId: null,
      before: { disabled: before.disabled_at !== null },
      after: { disabled },
    });
  });
}

export async function removeRole(ctx: AppContext, actor: Actor, roleId: number): Promise<void> {
  const db = ctx.database.db;
  const role = await db.selectFrom('user_roles').selectAll().where('id', '=', roleId).executeTakeFirst();
  if (!role) throw new DomainError('ROLE_NOT_FOUND', { id: roleId });
  authorize(actor, 'user.manage', { programId: Number(role.program_id) });
  if (actor.kind === 'user' && actor.userId === Number(role.user_id) && role.role === 'admin') throw new DomainError('USER_SELF_DISABLE');
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('user_roles').where('id', '=', roleId).execute();
    await recordAudit(trx, ctx.keyring, actor, {
      action: 'user.role_remove',
      entity: 'user',
      entityId: Number(role.user_id),
      programId: Number(role.program_id),
      before: { roleId, role: role.role, program_id: Number(role.program_id), sponsor_id: role.sponsor_id === null ? null : Number(role.sponsor_id), kelurahan: role.kelurahan },
    });
  });
}

export interface UserView {
  id: number;
  email: string;
  name: string;
  disabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  roles: { id: number; role: Role; sponsorId: number | null; sponsorName: string | null; kelurahan: string[] }[];
}

/** The users holding a role in the program, with their roles there. */
export async function listUsers(ctx: AppContext, actor: Actor, programId: number): Promise<UserView[]> {
  authorize(actor, 'user.manage', { programId });
  const rows = await ctx.database.db
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('sponsors as s', 's.id', 'r.sponsor_id')
    .select(['u.id', 'u.email', 'u.name', 'u.disabled_at', 'u.must_change_password', 'u.last_login_at', 'r.id as role_id', 'r.role', 'r.sponsor_id', 's.name as sponsor_name', 'r.kelurahan'])
    .where('r.program_id', '=', programId)
    .orderBy('u.name')
    .orderBy('u.id')
    .orderBy('r.id')
    .execute();
  const byUser = new Map<number, UserView>();
  for (const r of rows) {
    const id = Number(r.id);
    let u = byUser.get(id);
    if (!u) {
      u = {
        id,
        email: r.email,
        name: r.name,
        disabled: r.disabled_at !== null,
        mustChangePassword: r.must_change_password,
        lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
        roles: [],
      };
      byUser.set(id, u);
    }
    u.roles.push({ id: Number(r.role_id), role: r.role, sponsorId: r.sponsor_id === null ? null : Number(r.sponsor_id), sponsorName: r.sponsor_name, kelurahan: r.kelurahan });
  }
  return [...byUser.values()];
}
