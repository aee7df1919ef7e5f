// Two servers on one database, each keeping the sessions it resolved: a logout, a disabled account
// or a removed role on one server reaches the other through the database's notification, and a
// logout on a server counts there at once.
import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { describeEachEngine, openTestDatabase } from '../../../test/db.ts';
import { tmpDir } from '../../../test/import-helpers.ts';
import { testContext } from '../../../test/context.ts';
import { logIn } from '../../../test/http-session.ts';
import { systemActor } from '../modules/access/actor.ts';
import { createUser } from '../modules/access/users.service.ts';
import { createProgram } from '../modules/programs/programs.service.ts';
import { buildApp, type App } from './app.ts';

/** The status a server answers, polled until it is `want` or 4 s pass (less than the cache's 10 s age limit: only the notification explains a change). */
async function statusBecomes(app: App, cookie: string, want: number): Promise<number> {
  let status = 0;
  for (let i = 0; i < 40; i++) {
    status = (await app.inject({ url: '/api/programs', headers: { cookie } })).statusCode;
    if (status === want) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return status;
}

describeEachEngine('session cache across servers', (kind) => {
  let db: Database;
  let one: App;
  let two: App;
  let dir: string;
  let programId: number;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const ctx = testContext(db);
    programId = (await createProgram(ctx, systemActor('test'), { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
    for (const email of ['a@cilegon.go.id', 'b@cilegon.go.id', 'c@cilegon.go.id']) {
      await createUser(ctx, systemActor('test'), { email, name: email, role: 'admin', programId, password: 'kata-sandi-uji-123' });
    }
    dir = tmpDir();
    one = await buildApp({ database: db, keyring: ctx.keyring, dataDir: dir, logLevel: 'silent' });
    two = await buildApp({ database: db, keyring: ctx.keyring, dataDir: dir, logLevel: 'silent' });
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ends a session on every server when it is logged out on one', async () => {
    const s = await logIn(one, 'a@cilegon.go.id', 'kata-sandi-uji-123');
    expect((await two.inject({ url: '/api/programs', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    expect((await s.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    // at once on the server that logged out, and on the other once the database told it
    expect((await one.inject({ url: '/api/programs', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    expect(await statusBecomes(two, s.cookie, 401)).toBe(401);
  });

  it('follows a disabled account and removed roles written straight into the database', async () => {
    const b = await logIn(one, 'b@cilegon.go.id', 'kata-sandi-uji-123');
    const c = await logIn(one, 'c@cilegon.go.id', 'kata-sandi-uji-123');
    for (const s of [b, c]) expect((await two.inject({ url: '/api/programs/36.72/dashboard', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    await sql`UPDATE users SET disabled_at = now() WHERE email = 'b@cilegon.go.id'`.execute(db.db);
    await sql`DELETE FROM user_roles WHERE user_id = (SELECT id FROM users WHERE email = 'c@cilegon.go.id')`.execute(db.db);
    expect(await statusBecomes(two, b.cookie, 401)).toBe(401);
    let status = 0;
    for (let i = 0; i < 40 && status !== 403; i++) {
      status = (await two.inject({ url: '/api/programs/36.72/dashboard', headers: { cookie: c.cookie } })).statusCode;
      if (status !== 403) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(403);
  });
});
