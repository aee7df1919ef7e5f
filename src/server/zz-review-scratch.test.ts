// SCRATCH (security review) - to be deleted.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from './context.ts';
import { openTestDatabase, testKeyring } from '../../test/db.ts';
import { logIn } from '../../test/http-session.ts';
import { nik, tmpDir } from '../../test/import-helpers.ts';
import { systemActor } from './modules/access/actor.ts';
import { createUser } from './modules/access/users.service.ts';
import { seedDemo } from './modules/demo/demo.service.ts';
import { registerWorker } from './modules/fieldwork/worker-edits.service.ts';
import { eraseSubject } from './modules/fieldwork/subject-requests.service.ts';
import { verifyAudit } from './modules/audit/audit.ts';
import { rotateKeys } from './modules/keys/keys.service.ts';
import { Keyring, loadKeyring, saveKeyring } from './crypto/keyring.ts';
import { buildApp, type App } from './http/app.ts';

const op = systemActor('t');
const PW = 'kata-sandi-uji-123';
let ctx: AppContext;
let app: App;
let a: number;
let b: number;
let kel: string;
let otherKel: string;
const log = (...x: unknown[]) => console.log('[SCRATCH]', ...x);

describe('review', () => {
  beforeAll(async () => {
    const dir = tmpDir();
    const keyFile = path.join(dir, 'keys.json');
    saveKeyring(Keyring.parse(JSON.stringify(testKeyring().toJSON()), keyFile));
    fs.chmodSync(keyFile, 0o600);
    ctx = { database: await openTestDatabase('pglite'), keyring: loadKeyring({ keys: keyFile, dataDir: dir }) };
    await seedDemo(ctx, { workers: 10, seed: 3 });
    await seedDemo(ctx, { workers: 5, seed: 4, regionCode: '35.25' });
    const db = ctx.database.db;
    a = Number((await db.selectFrom('programs').select('id').where('region_code', '=', '36.72').executeTakeFirstOrThrow()).id);
    b = Number((await db.selectFrom('programs').select('id').where('region_code', '=', '35.25').executeTakeFirstOrThrow()).id);
    const ws = await db.selectFrom('workers').select('kelurahan_code').where('program_id', '=', a).where('kelurahan_code', 'is not', null).execute();
    kel = ws[0]!.kelurahan_code!;
    otherKel = ws.find((w) => w.kelurahan_code !== kel)!.kelurahan_code!;
    await createUser(ctx, op, { email: 'admina@x.id', name: 'A', role: 'admin', programId: a, password: PW });
    await createUser(ctx, op, { email: 'adminb@x.id', name: 'B', role: 'admin', programId: b, password: PW });
    await createUser(ctx, op, { email: 'agent@x.id', name: 'Ag', role: 'agent', programId: a, kelurahan: [kel], password: PW });
    await createUser(ctx, op, { email: 'victim@x.id', name: 'V', role: 'insurer', programId: a, password: PW });
    app = await buildApp({ database: ctx.database, keyring: ctx.keyring, dataDir: tmpDir(), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.database.close();
  });

  it('A: percent-encoded /api prefix skips the auth hooks', async () => {
    for (const url of ['/api/rate-rules', '/%61pi/rate-rules', '/%61pi/occupations', '/%61pi/rates/quote?start=2026-01&months=1']) {
      const r = await app.inject({ url, remoteAddress: '10.9.9.9' });
      log('A', url, r.statusCode, r.body.slice(0, 80));
    }
    const admin = await logIn(app, 'admina@x.id', PW, '10.1.1.1');
    const r = await app.inject({ url: '/%61pi/programs/36.72/workers', headers: { cookie: admin.cookie } });
    log('A admin via %61pi', r.statusCode, r.body.slice(0, 80));
  });

  it('B: concurrent wrong logins exceed the 5-per-account limit', async () => {
    const rs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'victim@x.id', password: `wrong-${i}-xxxxx` }, remoteAddress: `10.2.0.${i}` })),
    );
    const codes = rs.map((r) => r.statusCode);
    log('B statuses', codes.join(','), '401s:', codes.filter((c) => c === 401).length);
    const n = await ctx.database.db.selectFrom('login_failures').select(sql<number>`count(*)::int`.as('n')).where('email', '=', 'victim@x.id').executeTakeFirstOrThrow();
    log('B failures recorded', n.n);
  });

  it('C: trustProxy lets X-Forwarded-For choose the address (throttle + audit ip)', async () => {
    const app2 = await buildApp({ database: ctx.database, keyring: ctx.keyring, dataDir: tmpDir(), logLevel: 'silent', trustProxy: true });
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) {
      const r = await app2.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `nobody${i}@x.id`, password: 'wrong-password-x' }, remoteAddress: '10.3.0.1', headers: { 'x-forwarded-for': `203.0.113.${i}` } });
      codes.push(r.statusCode);
    }
    log('C statuses with spoofed XFF', codes.filter((c) => c === 429).length, '429s of', codes.length);
    const ok = await app2.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'adminb@x.id', password: PW }, remoteAddress: '10.3.0.1', headers: { 'x-forwarded-for': '1.2.3.4' } });
    log('C login', ok.statusCode);
    const last = await ctx.database.db.selectFrom('audit_log').select(['action', 'ip']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    log('C audit ip', last);
    await app2.close();
  });

  it('D/E: erasure leaves personal data in the audit trail; anonymised record breaks rotation and detail', async () => {
    const r1 = await registerWorker(ctx, op, a, { nik: nik(9101), name: 'Siti Rahasiawati', kelurahanCode: kel, street: 'Jl. Mawar Gg. Rahasia 7', kkNumber: '3672011203850099', birthDate: '1985-03-12' });
    await eraseSubject(ctx, op, r1.id, { mode: 'erase', reason: 'permintaan subjek' });
    const rows = await sql<{ id: number; action: string; after: unknown }>`select id, action, after from audit_log where after::text like '%Rahasiawati%' or after::text like '%3672011203850099%'`.execute(ctx.database.db);
    log('D audit rows still naming the erased person', JSON.stringify(rows.rows));
    const w2 = await registerWorker(ctx, op, a, { nik: nik(9102), name: 'Anon Target', kelurahanCode: kel, phone: '081234567890' });
    await eraseSubject(ctx, op, w2.id, { mode: 'anonymise', reason: 'permintaan subjek' });
    const admin = await logIn(app, 'admina@x.id', PW, '10.1.1.2');
    const d = await admin.inject(`/api/workers/${w2.id}`);
    log('E detail of anonymised', d.statusCode, d.body.slice(0, 120));
    try {
      const rr = await rotateKeys(ctx.database, ctx.keyring, {});
      log('E rotate ok', rr);
    } catch (e) {
      log('E rotate failed:', (e as Error).name, (e as Error).message);
    }
    log('E verify', JSON.stringify(await verifyAudit(ctx.database.db, ctx.keyring)));
  });

  it('F: agent clears kelurahanCode and takes the record out of every agent reach', async () => {
    const w = await registerWorker(ctx, op, a, { nik: nik(9103), name: 'Orphan', kelurahanCode: kel });
    const agent = await logIn(app, 'agent@x.id', PW, '10.1.1.3');
    const r = await agent.inject({ method: 'PATCH', url: `/api/workers/${w.id}`, payload: { kelurahanCode: null } });
    log('F clear', r.statusCode, r.body);
    const after = await agent.inject(`/api/workers/${w.id}`);
    log('F agent read after', after.statusCode);
  });

  it('G: admin A attaches a role to admin B and then reads B logins (ip) in A audit', async () => {
    const adminA = await logIn(app, 'admina@x.id', PW, '10.1.1.4');
    const add = await adminA.inject({ method: 'POST', url: '/api/programs/36.72/users', payload: { email: 'adminb@x.id', name: 'x', role: 'insurer' } });
    log('G add role', add.statusCode, add.body);
    await logIn(app, 'adminb@x.id', PW, '198.51.100.77');
    const au = await adminA.inject('/api/programs/36.72/audit?action=auth.&limit=5');
    log('G audit', au.statusCode, JSON.stringify(au.json().items.map((i: { action: string; actorEmail: string; ip: string }) => [i.action, i.actorEmail, i.ip])));
  });

  it('H: admin A squats an email, later given admin in B, A controls it', async () => {
    const adminA = await logIn(app, 'admina@x.id', PW, '10.1.1.5');
    const c = await adminA.inject({ method: 'POST', url: '/api/programs/36.72/users', payload: { email: 'kepala@disnaker-b.go.id', name: 'Kepala', role: 'insurer' } });
    const tmp = c.json().temporaryPassword as string;
    const s1 = await logIn(app, 'kepala@disnaker-b.go.id', tmp, '10.1.1.6');
    const ch = await s1.inject({ method: 'POST', url: '/api/auth/password', payload: { current: tmp, next: 'dikuasai-admin-a-123' } });
    log('H changed', ch.statusCode);
    // later the operator (CLI) or B's admin gives that email admin in B
    const r = await createUser(ctx, op, { email: 'kepala@disnaker-b.go.id', name: 'Kepala B', role: 'admin', programId: b });
    log('H operator create', JSON.stringify(r));
    const s2 = await logIn(app, 'kepala@disnaker-b.go.id', 'dikuasai-admin-a-123', '10.1.1.7');
    const w = await s2.inject('/api/programs/35.25/workers?limit=2');
    log('H A-controlled account reads B registry', w.statusCode, w.body.slice(0, 100));
  });

  it('J: CSRF on multipart and DELETE; jsonb number round trips', async () => {
    const adminA = await logIn(app, 'admina@x.id', PW, '10.1.1.8');
    const boundary = '----x';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nNIK,Nama\r\n--${boundary}--\r\n`;
    const up = await app.inject({ method: 'POST', url: '/api/programs/36.72/imports', payload, headers: { cookie: adminA.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
    const del = await app.inject({ method: 'DELETE', url: '/api/user-roles/1', headers: { cookie: adminA.cookie } });
    log('J multipart no token', up.statusCode, 'delete no token', del.statusCode);
    for (const kind of ['pglite', 'postgres'] as const) {
      let db2;
      try { db2 = await openTestDatabase(kind as never); } catch (e) { log('J no engine', kind, (e as Error).message); continue; }
      const { recordAudit } = await import('./modules/audit/audit.ts');
      await recordAudit(db2.db, ctx.keyring, op, { action: 'x', entity: 'y', after: { a: 1e21, b: 5e-324, c: 0.1 + 0.2, d: 2 ** 53 + 2, e: -0, f: 1.7976931348623157e308, g: '\u2028\u00e9', h: 123456789.123456789, i: 1e-7, 'é': 1, Z: [1.5, null, true], '': { '10': 1, '9': 2 } } });
      log('J verify', kind, JSON.stringify(await verifyAudit(db2.db, ctx.keyring)));
      await db2.close();
    }
  });

  it('I: malformed JSON echoes body text', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: `{"email":"${nik(1)}", x}`, remoteAddress: '10.4.0.1' });
    log('I', r.statusCode, r.body);
  });
});
