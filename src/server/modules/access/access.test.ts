// Logins, sessions, throttling, user management and the audit chain on both database engines.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../context.ts';
import { describeEachEngine, openTestDatabase, testKeyring } from '../../../../test/db.ts';
import { testContext } from '../../../../test/context.ts';
import fs from 'node:fs';
import path from 'node:path';
import { Keyring, loadKeyring, saveKeyring } from '../../crypto/keyring.ts';
import { tmpDir } from '../../../../test/import-helpers.ts';
import { DomainError } from '../../domain-error.ts';
import { errorCode } from '../../../../test/error-code.ts';
import { createProgram } from '../programs/programs.service.ts';
import { verifyAudit } from '../audit/audit.ts';
import { listAudit } from '../audit/audit.service.ts';
import { spreadsheetSafe } from '../../spreadsheet.ts';
import { createSponsor, getSponsor } from '../sponsors/sponsors.service.ts';
import { systemActor, type Actor, type Grant } from './actor.ts';
import { changeOwnPassword, listOwnSessions, login, logout, MAX_FAILURES_PER_ACCOUNT, resolveSession, revokeOwnSession } from './auth.service.ts';
import { authorize, listReach } from './policies.ts';
import { createUser, resetPassword, setUserDisabled } from './users.service.ts';

const op = systemActor('test');
const PASSWORD = 'kata-sandi-rahasia';

const code = errorCode;

describe('audit CSV', () => {
  it('writes cells a spreadsheet would run as formulas as text', () => {
    expect(['=HYPERLINK("x")', '+1', '-2', '@A1', 'ok', 3].map(spreadsheetSafe)).toEqual([`'=HYPERLINK("x")`, "'+1", "'-2", "'@A1", 'ok', 3]);
  });
});

describe('policies', () => {
  const user = (grants: Grant[]): Actor => ({ kind: 'user', userId: 1, email: 'a@b.id', name: 'A', grants, ip: null, sessionId: null });
  const agent = user([{ role: 'agent', programId: 1, sponsorId: null, kelurahan: ['36.72.01.1001'] }]);
  const sponsor = user([{ role: 'sponsor', programId: 1, sponsorId: 5, kelurahan: [] }]);

  it('lets a field agent reach only the kelurahan assigned, and nothing of another program', async () => {
    expect(await code(() => authorize(agent, 'worker.read', { programId: 1, kelurahanCode: '36.72.01.1001' }))).toBeUndefined();
    expect(await code(() => authorize(agent, 'worker.read', { programId: 1, kelurahanCode: '36.72.01.1002' }))).toBe('FORBIDDEN');
    expect(await code(() => authorize(agent, 'worker.read', { programId: 2, kelurahanCode: '36.72.01.1001' }))).toBe('FORBIDDEN');
    expect(await code(() => authorize(agent, 'import.manage', { programId: 1 }))).toBe('FORBIDDEN');
    expect(listReach(agent, 'worker.list', 1)).toEqual({ all: false, kelurahan: ['36.72.01.1001'], sponsorIds: [] });
  });

  it('lets a sponsor user read only their own sponsor, and the public nothing', async () => {
    expect(await code(() => authorize(sponsor, 'sponsor.read', { programId: 1, sponsorId: 5 }))).toBeUndefined();
    expect(await code(() => authorize(sponsor, 'sponsor.read', { programId: 1, sponsorId: 6 }))).toBe('FORBIDDEN');
    expect(await code(() => authorize(sponsor, 'worker.list', { programId: 1 }))).toBe('FORBIDDEN');
    expect(await code(() => authorize({ kind: 'anonymous', ip: null }, 'program.read', { programId: 1 }))).toBe('UNAUTHENTICATED');
  });
});

describeEachEngine('access', (kind) => {
  let ctx: AppContext;
  let cilegon: number;
  let gresik: number;
  beforeAll(async () => {
    ctx = testContext(await openTestDatabase(kind));
    cilegon = (await createProgram(ctx, op, { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
    gresik = (await createProgram(ctx, op, { regionCode: '35.25', name: 'Sertakan' })).id;
  });
  afterAll(async () => ctx.database.close());

  const ip = '10.0.0.1';

  it('logs in with the right password only, keeps the session server-side and ends it at logout', async () => {
    await createUser(ctx, op, { email: 'Admin@Cilegon.go.id', name: 'Admin', role: 'admin', programId: cilegon, password: PASSWORD });
    expect(await code(login(ctx, { email: 'admin@cilegon.go.id', password: 'salah-sandi-123', ip }))).toBe('LOGIN_FAILED');
    expect(await code(login(ctx, { email: 'nobody@cilegon.go.id', password: PASSWORD, ip }))).toBe('LOGIN_FAILED');
    const r = await login(ctx, { email: ' ADMIN@cilegon.go.id ', password: PASSWORD, ip });
    const s = await resolveSession(ctx, r.token, ip);
    expect(s?.actor.grants).toEqual([{ role: 'admin', programId: cilegon, sponsorId: null, kelurahan: [] }]);
    expect(s?.csrfToken).toBe(r.csrfToken);
    const stored = await ctx.database.db.selectFrom('sessions').select('id').execute();
    expect(stored.map((x) => x.id)).not.toContain(r.token);
    await logout(ctx, s!.actor);
    expect(await resolveSession(ctx, r.token, ip)).toBeUndefined();
  });

  it('lists one’s own sessions and ends one of them, never someone else’s', async () => {
    const a = await login(ctx, { email: 'admin@cilegon.go.id', password: PASSWORD, ip: '10.11.0.1', userAgent: 'Ponsel' });
    const b = await login(ctx, { email: 'admin@cilegon.go.id', password: PASSWORD, ip: '10.11.0.2', userAgent: 'Laptop' });
    const actorB = (await resolveSession(ctx, b.token, null))!.actor;
    const mine = await listOwnSessions(ctx, actorB);
    expect(mine.find((s) => s.current)?.userAgent).toBe('Laptop');
    const phone = mine.find((s) => s.userAgent === 'Ponsel')!;
    expect(phone.id).toMatch(/^[0-9a-f]{12}$/);
    await createUser(ctx, op, { email: 'other@cilegon.go.id', name: 'O', role: 'insurer', programId: cilegon, password: PASSWORD });
    const other = (await resolveSession(ctx, (await login(ctx, { email: 'other@cilegon.go.id', password: PASSWORD, ip: '10.11.0.3' })).token, null))!.actor;
    expect(await code(revokeOwnSession(ctx, other, phone.id))).toBe('SESSION_NOT_FOUND');
    expect(await resolveSession(ctx, a.token, null)).toBeDefined();
    await revokeOwnSession(ctx, actorB, phone.id);
    expect(await resolveSession(ctx, a.token, null)).toBeUndefined();
    expect(await resolveSession(ctx, b.token, null)).toBeDefined();
  });

  it('refuses a session idle too long', async () => {
    const r = await login(ctx, { email: 'admin@cilegon.go.id', password: PASSWORD, ip });
    await sql`UPDATE sessions SET last_seen_at = now() - interval '3 hours'`.execute(ctx.database.db);
    expect(await resolveSession(ctx, r.token, ip)).toBeUndefined();
  });

  it('throttles an account after repeated failures, even with the right password afterwards', async () => {
    await createUser(ctx, op, { email: 'target@cilegon.go.id', name: 'Target', role: 'insurer', programId: cilegon, password: PASSWORD });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect(await code(login(ctx, { email: 'target@cilegon.go.id', password: `wrong-password-${i}`, ip: `10.1.0.${i}` }))).toBe('LOGIN_FAILED');
    }
    const e = await login(ctx, { email: 'target@cilegon.go.id', password: PASSWORD, ip: '10.2.0.1' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('LOGIN_THROTTLED');
    expect(Number((e as DomainError).details.minutes)).toBeGreaterThanOrEqual(14);
  });

  it('lets no more than the limit of parallel guesses reach the password check', async () => {
    await createUser(ctx, op, { email: 'parallel@cilegon.go.id', name: 'P', role: 'insurer', programId: cilegon, password: PASSWORD });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => code(login(ctx, { email: 'parallel@cilegon.go.id', password: `wrong-${i}-password`, ip: `10.7.0.${i}` }))));
    expect(results.filter((r) => r === 'LOGIN_FAILED').length).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
    expect(results.filter((r) => r === 'LOGIN_THROTTLED').length).toBeGreaterThanOrEqual(12 - MAX_FAILURES_PER_ACCOUNT);
    const recorded = await ctx.database.db.selectFrom('login_failures').select('id').where('email', '=', 'parallel@cilegon.go.id').execute();
    expect(recorded.length).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
  });

  it('throttles an address that tries many accounts', async () => {
    for (let i = 0; i < 20; i++) await code(login(ctx, { email: `guess${i}@x.id`, password: 'wrong-password', ip: '10.9.9.9' }));
    expect(await code(login(ctx, { email: 'admin@cilegon.go.id', password: PASSWORD, ip: '10.9.9.9' }))).toBe('LOGIN_THROTTLED');
    expect(await code(login(ctx, { email: 'admin@cilegon.go.id', password: PASSWORD, ip: '10.9.9.8' }))).toBeUndefined();
  });

  it('ends the other sessions when a password changes and all of them when an account is disabled', async () => {
    await createUser(ctx, op, { email: 'agent@cilegon.go.id', name: 'Agen', role: 'agent', programId: cilegon, kelurahan: ['36.72.01.1001'], password: PASSWORD });
    const a = await login(ctx, { email: 'agent@cilegon.go.id', password: PASSWORD, ip });
    const b = await login(ctx, { email: 'agent@cilegon.go.id', password: PASSWORD, ip });
    const actor = (await resolveSession(ctx, a.token, ip))!.actor;
    expect(await code(changeOwnPassword(ctx, actor, { current: 'not-my-password', next: 'new-password-123' }))).toBe('PASSWORD_WRONG');
    expect(await code(changeOwnPassword(ctx, actor, { current: PASSWORD, next: 'short' }))).toBe('PASSWORD_TOO_SHORT');
    await changeOwnPassword(ctx, actor, { current: PASSWORD, next: 'new-password-123' });
    expect(await resolveSession(ctx, a.token, ip)).toBeDefined();
    expect(await resolveSession(ctx, b.token, ip)).toBeUndefined();
    await setUserDisabled(ctx, op, actor.userId, true);
    expect(await resolveSession(ctx, a.token, ip)).toBeUndefined();
    expect(await code(login(ctx, { email: 'agent@cilegon.go.id', password: 'new-password-123', ip: '10.3.0.1' }))).toBe('LOGIN_FAILED');
  });

  it('keeps each admin inside their program', async () => {
    const gresikAdmin = await createUser(ctx, op, { email: 'admin@gresik.go.id', name: 'Admin Gresik', role: 'admin', programId: gresik, password: PASSWORD });
    const r = await login(ctx, { email: 'admin@gresik.go.id', password: PASSWORD, ip: '10.4.0.1' });
    const actor = (await resolveSession(ctx, r.token, null))!.actor;
    expect(await code(createUser(ctx, actor, { email: 'x@cilegon.go.id', name: 'X', role: 'admin', programId: cilegon }))).toBe('FORBIDDEN');
    const cilegonAdmin = await ctx.database.db.selectFrom('users').select('id').where('email', '=', 'admin@cilegon.go.id').executeTakeFirstOrThrow();
    expect(await code(resetPassword(ctx, actor, Number(cilegonAdmin.id)))).toBe('FORBIDDEN');
    // A user who also holds a role in Cilegon is out of Gresik's admin's reach as well.
    const both = await createUser(ctx, op, { email: 'both@x.id', name: 'Both', role: 'insurer', programId: gresik, password: PASSWORD });
    await createUser(ctx, op, { email: 'both@x.id', name: 'Both', role: 'insurer', programId: cilegon });
    expect(await code(setUserDisabled(ctx, actor, both.userId, true))).toBe('FORBIDDEN');
    // Nor can Gresik's admin take over a Cilegon account by giving it a role in Gresik.
    expect(await code(createUser(ctx, actor, { email: 'admin@cilegon.go.id', name: 'X', role: 'insurer', programId: gresik }))).toBe('USER_EXISTS_ELSEWHERE');
    const made = await createUser(ctx, actor, { email: 'agen@gresik.go.id', name: 'Agen', role: 'agent', programId: gresik, kelurahan: ['35.25.01.2001'] });
    expect(made.temporaryPassword).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);
    expect(await code(createUser(ctx, actor, { email: 'agen2@gresik.go.id', name: 'Agen', role: 'agent', programId: gresik, kelurahan: ['36.72.01.1001'] }))).toBe(
      'KELURAHAN_NOT_IN_PROGRAM',
    );
    expect(gresikAdmin.created).toBe(true);
  });

  it('shows a sponsor user their own sponsor and no other', async () => {
    const s1 = await createSponsor(ctx, op, { programId: cilegon, kind: 'company', name: 'PT Krakatau Baja' });
    const s2 = await createSponsor(ctx, op, { programId: cilegon, kind: 'company', name: 'PT Chandra Asri' });
    await createUser(ctx, op, { email: 'csr@krakatau.co.id', name: 'CSR', role: 'sponsor', programId: cilegon, sponsorId: s1.id, password: PASSWORD });
    const r = await login(ctx, { email: 'csr@krakatau.co.id', password: PASSWORD, ip: '10.5.0.1' });
    const actor = (await resolveSession(ctx, r.token, null))!.actor;
    expect((await getSponsor(ctx, actor, s1.id)).name).toBe('PT Krakatau Baja');
    expect(await code(getSponsor(ctx, actor, s2.id))).toBe('FORBIDDEN');
  });

  it('chains the audit trail, refuses edits, and detects a modified, removed or inserted row', async () => {
    const db = ctx.database.db;
    const good = await verifyAudit(db, ctx.keyring);
    expect(good.ok).toBe(true);
    expect(good.entries).toBeGreaterThan(10);
    const actions = (await listAudit(ctx, op, { programId: cilegon, limit: 200 })).items.map((i) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['program.create', 'user.create', 'user.role_add', 'auth.login', 'auth.logout', 'user.password_change', 'user.disable', 'sponsor.create']));
    await expect(sql`UPDATE audit_log SET actor = 'x' WHERE id = 3`.execute(db)).rejects.toThrow();
    await expect(sql`DELETE FROM audit_log WHERE id = 3`.execute(db)).rejects.toThrow();

    // Someone with the database's owner rights switches the guard off and edits a row.
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(db);
    await sql`UPDATE audit_log SET after = '{"email":"someone@else.id","name":"Admin"}' WHERE id = 3`.execute(db);
    expect((await verifyAudit(db, ctx.keyring)).brokenAt?.id).toBe(3);
    const orig = await sql<{ after: unknown }>`SELECT after FROM audit_log WHERE id = 3`.execute(db);
    expect(orig.rows[0]?.after).toEqual({ email: 'someone@else.id', name: 'Admin' });

    // Removing an entry breaks the link of the next one.
    await sql`DELETE FROM audit_log WHERE id = 5`.execute(db);
    const afterDelete = await verifyAudit(db, ctx.keyring);
    expect(afterDelete.ok).toBe(false);
    // The edit undone, and a forged entry slipped into the gap, linked to its predecessor: without
    // the key its hash cannot be right.
    await sql`UPDATE audit_log SET after = '{"email":"admin@cilegon.go.id","name":"Admin"}' WHERE id = 3`.execute(db);
    await sql`INSERT INTO audit_log (id, at, actor, action, entity, key_id, prev_hash, hash)
      VALUES (5, now(), 'system:x', 'user.create', 'user', 'a1', (SELECT hash FROM audit_log WHERE id = 4), repeat('ab', 32))`.execute(db);
    expect(await verifyAudit(db, ctx.keyring)).toMatchObject({ ok: false, brokenAt: { id: 5, reason: 'content' } });
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(db);
  });
});

describeEachEngine('audit chain under concurrent writers', (kind) => {
  it('follows an audit key rotated by another process through the key file', async () => {
    const database = await openTestDatabase(kind);
    const file = path.join(tmpDir(), 'keys.json');
    fs.writeFileSync(file, JSON.stringify(testKeyring().toJSON()), { mode: 0o600 });
    const server = loadKeyring({ keys: file, dataDir: path.dirname(file) });
    const cli = loadKeyring({ keys: file, dataDir: path.dirname(file) });
    const p = await createProgram({ database, keyring: server }, op, { regionCode: '36.72', name: 'GEMET SEKUL' });
    cli.rotateAuditKey();
    saveKeyring(cli);
    await createSponsor({ database, keyring: cli }, op, { programId: p.id, kind: 'company', name: 'PT A' });
    // The server still holds the old current key: it rereads the key file and writes with the new one.
    await createSponsor({ database, keyring: server }, op, { programId: p.id, kind: 'company', name: 'PT B' });
    expect(server.auditKeyId).toBe(cli.auditKeyId);
    expect(await verifyAudit(database.db, cli)).toMatchObject({ ok: true, entries: 3 });
    await database.close();
  });

  it('stays one unbroken chain when many changes are recorded at once', async () => {
    // Its own copy of the keys: this test rotates the audit key.
    const shared = testContext(await openTestDatabase(kind));
    const ctx = { ...shared, keyring: Keyring.parse(JSON.stringify(shared.keyring.toJSON()), null) };
    const p = await createProgram(ctx, op, { regionCode: '36.72', name: 'GEMET SEKUL' });
    await Promise.all(Array.from({ length: 20 }, (_, i) => createSponsor(ctx, op, { programId: p.id, kind: 'company', name: `PT ${i}` })));
    const r = await verifyAudit(ctx.database.db, ctx.keyring);
    expect(r).toMatchObject({ ok: true, entries: 21 });
    // After a new audit key, a process still holding only the old one refuses to write (it cannot
    // follow a key file it does not have), and an entry under the old key after newer ones breaks
    // the chain.
    const stale = Keyring.parse(JSON.stringify(ctx.keyring.toJSON()), null);
    ctx.keyring.rotateAuditKey();
    await createSponsor(ctx, op, { programId: p.id, kind: 'company', name: 'PT Baru' });
    await createSponsor(ctx, op, { programId: p.id, kind: 'company', name: 'PT Baru Lagi' });
    await expect(createSponsor({ database: ctx.database, keyring: stale }, op, { programId: p.id, kind: 'company', name: 'PT Lama' })).rejects.toThrow(/newer than this process/);
    expect((await verifyAudit(ctx.database.db, ctx.keyring)).ok).toBe(true);
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(ctx.database.db);
    await sql`UPDATE audit_log SET key_id = 'a1' WHERE id = (SELECT max(id) FROM audit_log)`.execute(ctx.database.db);
    expect((await verifyAudit(ctx.database.db, ctx.keyring)).brokenAt).toEqual({ id: 23, reason: 'key-order' });
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(ctx.database.db);
    // Verification needs the key: another key cannot vouch for the chain.
    expect((await verifyAudit(ctx.database.db, Keyring.generate(null))).ok).toBe(false);
    await ctx.database.close();
  });
});
