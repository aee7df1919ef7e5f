// The HTTP API on a real database: registry search and pagination, worker detail, the import
// wizard's calls from upload to commit, error shapes, and the OpenAPI document.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { describeEachEngine, openTestDatabase, testKeyring } from '../../../test/db.ts';
import { nik, tmpDir, writeCsv } from '../../../test/import-helpers.ts';
import { testContext } from '../../../test/context.ts';
import { logIn, type Session } from '../../../test/http-session.ts';
import { systemActor } from '../modules/access/actor.ts';
import { createUser } from '../modules/access/users.service.ts';
import { seedDemo } from '../modules/demo/demo.service.ts';
import { revealWorkerIdentity } from '../modules/registry/registry.service.ts';
import { buildApp, type App } from './app.ts';

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const boundary = '----sekitar' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
  parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function until<T>(fn: () => Promise<T>, done: (t: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeEachEngine('HTTP API', (kind) => {
  let db: Database;
  let app: App;
  let api: Session;
  let dataDir: string;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const ctx = testContext(db);
    await seedDemo(ctx, { workers: 500, seed: 7 });
    const program = await db.db.selectFrom('programs').select('id').where('region_code', '=', '36.72').executeTakeFirstOrThrow();
    await createUser(ctx, systemActor('test'), { email: 'admin@cilegon.go.id', name: 'Admin', role: 'admin', programId: program.id, password: 'kata-sandi-admin' });
    dataDir = tmpDir();
    app = await buildApp({ database: db, keyring: ctx.keyring, dataDir, logLevel: 'silent' });
    api = await logIn(app, 'admin@cilegon.go.id', 'kata-sandi-admin');
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists programs and the regions of one', async () => {
    const programs = (await api.inject('/api/programs')).json();
    expect(programs.items).toEqual([expect.objectContaining({ regionCode: '36.72', regionName: 'Kota Cilegon', name: 'GEMET SEKUL' })]);
    const regions = (await api.inject('/api/programs/36.72/regions')).json();
    expect(regions.kecamatan).toHaveLength(8);
    expect(regions.kecamatan.flatMap((k: { kelurahan: unknown[] }) => k.kelurahan)).toHaveLength(43);
  });

  it('pages through the registry with a cursor, every worker once, NIKs masked', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const res: { items: { id: number; nik: string }[]; nextCursor: string | null; total: number } = (await api.inject(`/api/programs/36.72/workers?limit=120${cursor ? `&cursor=${cursor}` : ''}`)).json();
      total = res.total;
      seen.push(...res.items.map((w: { id: number }) => w.id));
      for (const w of res.items) expect(w.nik).toMatch(/^\d{4}•{8}\d{4}$/);
      cursor = res.nextCursor;
    } while (cursor);
    expect(total).toBe(500);
    expect(new Set(seen).size).toBe(500);
  });

  it('filters by desil, kecamatan and name', async () => {
    const d1 = (await api.inject('/api/programs/36.72/workers?desil=1&limit=200')).json();
    expect(d1.items.length).toBeGreaterThan(0);
    expect(d1.items.every((w: { desil: number }) => w.desil === 1)).toBe(true);
    const kec = (await api.inject('/api/programs/36.72/workers?kecamatan=36.72.01&limit=200')).json();
    expect(kec.items.every((w: { kelurahanCode: string }) => w.kelurahanCode.startsWith('36.72.01.'))).toBe(true);
    const someone = kec.items[0];
    const byName = (await api.inject(`/api/programs/36.72/workers?q=${encodeURIComponent(someone.name.slice(0, 6).toLowerCase())}`)).json();
    expect(byName.items.map((w: { id: number }) => w.id)).toContain(someone.id);
    const bad = await api.inject('/api/programs/36.72/workers?desil=11');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toEqual({ id: expect.stringContaining('Permintaan tidak valid'), en: expect.stringContaining('Invalid request') });
  });

  it('shows one worker with the provenance of every field', async () => {
    const list = (await api.inject('/api/programs/36.72/workers?limit=1')).json();
    const detail = (await api.inject(`/api/workers/${list.items[0].id}`)).json();
    // The worker page gets the NIK and phone number masked, like the list.
    expect(detail.worker.nik).toBe(list.items[0].nik);
    expect(detail.worker.nik).toMatch(/^3672•{8}\d{4}$/);
    const page = (await api.inject('/api/programs/36.72/workers?limit=20')).json();
    const identities = await Promise.all(page.items.map((w: { id: number }) => revealWorkerIdentity(db.db, testKeyring(), w.id)));
    const whole = identities.find((x) => x.phone !== null)!;
    const withPhone = (await api.inject(`/api/workers/${whole.workerId}`)).json();
    expect(withPhone.worker.phone).toBe(`${whole.phone!.slice(0, 4)}••••${whole.phone!.slice(-4)}`);
    for (const v of [whole.nik, whole.phone!]) expect(JSON.stringify(withPhone)).not.toContain(v);
    expect(detail.fields.find((f: { field: string }) => f.field === 'desil')).toMatchObject({ source: 'DTSEN', fileName: expect.stringContaining('demo') });
    expect((await api.inject('/api/workers/999999')).json().error.code).toBe('WORKER_NOT_FOUND');
  });

  it('runs the import wizard: upload, mapping, dry run, error report, commit', async () => {
    const dir = tmpDir();
    const file = writeCsv(dir, 'desa.csv', [
      ['NIK', 'Nama Warga', 'Tgl Lahir', 'Kerjaan'],
      [nik(9001), 'Baru Satu', '01/01/1990', 'Nelayan'],
      [nik(9002), 'Rusak', '31/02/1990', 'Nelayan'],
    ]);
    const upload = await api.inject({ method: 'POST', url: '/api/programs/36.72/imports', ...multipart({ source: 'DESA' }, { name: 'desa.csv', content: fs.readFileSync(file) }) });
    expect(upload.statusCode).toBe(201);
    const { import: imp, analysis } = upload.json();
    expect(imp.source).toBe('DESA');
    expect(analysis.headers).toEqual(['NIK', 'Nama Warga', 'Tgl Lahir', 'Kerjaan']);
    expect(analysis.suggestedMapping.NIK).toBe('nik');
    // Sample values leave the server with NIKs masked.
    expect(analysis.sample[0][0]).toBe(`${nik(9001).slice(0, 4)}••••••••${nik(9001).slice(-4)}`);
    expect(JSON.stringify(upload.json())).not.toContain(nik(9001));
    const mapping = { ...analysis.suggestedMapping, 'Nama Warga': 'name', Kerjaan: 'occupation' };

    expect((await api.inject({ method: 'POST', url: `/api/imports/${imp.id}/dry-run`, payload: { mapping } })).statusCode).toBe(202);
    const checked = await until(async () => (await api.inject(`/api/imports/${imp.id}`)).json(), (r) => ['checked', 'failed'].includes(r.import.status));
    expect(checked.import.status).toBe('checked');
    expect(checked.import.counts).toMatchObject({ imported: 1, rejected: 1 });
    expect(checked.errors).toEqual([expect.objectContaining({ row: 3, column: 'Tgl Lahir', code: expect.stringMatching(/^DATE_/) })]);
    const csv = await api.inject(`/api/imports/${imp.id}/errors.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('3,Tgl Lahir,31/02/1990');

    expect((await api.inject({ method: 'POST', url: `/api/imports/${imp.id}/commit`, payload: { validOnly: false } })).statusCode).toBe(202);
    const refused = await until(async () => (await api.inject(`/api/imports/${imp.id}`)).json(), (r) => !['committing', 'checking'].includes(r.import.status));
    expect(refused.import.status).toBe('not_committed');
    await api.inject({ method: 'POST', url: `/api/imports/${imp.id}/commit`, payload: { validOnly: true } });
    const done = await until(async () => (await api.inject(`/api/imports/${imp.id}`)).json(), (r) => r.import.status === 'committed');
    expect(done.import.counts).toMatchObject({ imported: 1, rejected: 1 });
    // The commit is in the audit trail, by the logged-in admin, with its counts.
    const trail = (await api.inject(`/api/programs/36.72/audit?entity=import&entityId=${imp.id}`)).json();
    expect(trail.items).toEqual([expect.objectContaining({ action: 'import.commit', actorEmail: 'admin@cilegon.go.id', after: expect.objectContaining({ imported: 1, fileName: 'desa.csv' }) })]);
    // The uploaded copy is deleted once its rows are in the registry.
    await until(async () => fs.readdirSync(`${dataDir}/uploads`), (files) => files.length === 0, 5_000);
    expect(fs.readdirSync(`${dataDir}/uploads`)).toEqual([]);
    // Found by the whole NIK (an exact match on its keyed hash); part of a NIK finds nobody.
    const found = (await api.inject(`/api/programs/36.72/workers?q=${nik(9001)}`)).json();
    expect(found.items.map((w: { name: string }) => w.name)).toEqual(['Baru Satu']);
    expect((await api.inject(`/api/programs/36.72/workers?q=${nik(9001).slice(0, 12)}`)).json().items).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers an unreadable upload with 422 and both languages', async () => {
    const res = await api.inject({ method: 'POST', url: '/api/programs/36.72/imports', ...multipart({ source: 'DTSEN' }, { name: 'x.csv', content: Buffer.from('Nama,Alamat\nA,B\n') }) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'FILE_NO_NIK_COLUMN', message: { id: expect.stringContaining('kolom NIK'), en: expect.stringContaining('NIK column') } });
  });

  it('quotes a pledge month by month from the rate rules', async () => {
    const q = (await api.inject('/api/rates/quote?start=2026-10&months=6&workers=10')).json();
    expect(q.months.map((m: { month: string; total: number }) => [m.month, m.total])).toEqual([
      ['2026-10', 84_000],
      ['2026-11', 84_000],
      ['2026-12', 84_000],
      ['2027-01', 168_000],
      ['2027-02', 168_000],
      ['2027-03', 168_000],
    ]);
    expect([q.perWorker, q.total]).toEqual([75_600, 756_000]);
    const low = await api.inject('/api/rates/quote?start=2026-10&months=6&income=500000');
    expect(low.statusCode).toBe(400);
    const apbd = (await api.inject('/api/rates/quote?start=2026-10&months=1&funding=apbd')).json();
    expect(apbd.total).toBe(16_800);
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const doc = (await app.inject('/docs/json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/programs', '/api/programs/{regionCode}/workers', '/api/imports/{id}/dry-run']));
    expect(doc.paths['/api/programs/{regionCode}/workers'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['q', 'desil', 'cursor']));
  });
});
