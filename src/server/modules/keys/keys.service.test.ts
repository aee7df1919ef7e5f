import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { prepareDatabase } from '../../db/setup.ts';
import { describeEachEngine, openTestDatabase, testKeyring } from '../../../../test/db.ts';
import { testContext } from '../../../../test/context.ts';
import { nik, runImport, tmpDir, writeCsv } from '../../../../test/import-helpers.ts';
import { Keyring, KeyringError, loadKeyring, saveKeyring } from '../../crypto/keyring.ts';
import { createImport, finishImport, stageImport } from '../imports/imports.service.ts';
import { createProgram } from '../programs/programs.service.ts';
import { systemActor } from '../access/actor.ts';
import { listWorkers, revealWorkerIdentity } from '../registry/registry.service.ts';
import { rotateKeys, useDatabaseKey } from './keys.service.ts';
import { gcmKeyring } from '../../../../test/keys.ts';

const HEADER = ['NIK', 'Nama', 'No HP'];
const phone = (n: number) => `0813${String(n).padStart(8, '0')}`;

async function sealed(db: Database) {
  return db.db.selectFrom('workers').select(['id', 'name', 'nik_hash', 'nik_enc', 'phone_hash', 'phone_enc']).orderBy('id').execute();
}

describeEachEngine('key rotation', (kind) => {
  let db: Database;
  let dir: string;
  let keyFile: string;
  let keyring: Keyring;
  let programId: number;
  let file: string;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    programId = (await createProgram(testContext(db), systemActor('test'), { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
    dir = tmpDir();
    // The test keys in a key file of their own, so that rotation can write them.
    keyFile = path.join(dir, 'keys.json');
    saveKeyring(Keyring.parse(JSON.stringify(testKeyring().toJSON()), keyFile));
    fs.chmodSync(keyFile, 0o600);
    keyring = loadKeyring({ keys: keyFile, dataDir: dir });
    file = writeCsv(dir, 'base.csv', [HEADER, ...Array.from({ length: 30 }, (_, i) => [nik(i + 1), `Warga ${i + 1}`, i % 3 === 0 ? '' : phone(i + 1)])]);
    await runImport(db, file);
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('re-encrypts and re-hashes every NIK and phone; search, decryption and re-import keep working', async () => {
    const before = await sealed(db);
    // An import staged before the rotation and committed after it.
    const pendingFile = writeCsv(dir, 'pending.csv', [HEADER, [nik(40), 'Baru', phone(40)], [nik(2), 'Warga 2', phone(2)]]);
    const pending = await createImport(db, { programCode: '36.72', filePath: pendingFile, fileName: 'pending.csv', source: 'DTSEN', actor: systemActor('t') });
    await stageImport(db, keyring, pending.id);
    const stale = loadKeyring({ keys: keyFile, dataDir: dir });

    const progress: number[] = [];
    const r = await rotateKeys(db, keyring, { batch: 7, onProgress: (n) => progress.push(n) });
    expect(r).toEqual({ from: 'k1', to: 'k2', workers: 30, stagedRows: 2, stagedImports: 1, dropped: [] });
    expect(progress).toEqual([7, 14, 21, 28, 30]);

    const after = await sealed(db);
    expect(after.map((w) => w.id)).toEqual(before.map((w) => w.id));
    after.forEach((w, i) => {
      const b = before[i]!;
      expect(w.nik_enc.startsWith('k2:')).toBe(true);
      expect(w.nik_enc).not.toBe(b.nik_enc);
      expect(w.nik_hash).not.toBe(b.nik_hash);
      expect(w.phone_hash === null).toBe(b.phone_hash === null);
      if (b.phone_hash !== null) expect([w.phone_hash === b.phone_hash, w.phone_enc?.startsWith('k2:')]).toEqual([false, true]);
    });
    const someone = after.find((w) => w.name === 'Warga 5')!;
    expect(await revealWorkerIdentity(db.db, keyring, someone.id)).toMatchObject({ nik: nik(5), phone: phone(5) });
    const found = await listWorkers({ database: db, keyring: keyring }, systemActor('test'), { programId, q: nik(5), limit: 10 });
    expect(found.items.map((w) => w.name)).toEqual(['Warga 5']);

    // The key file: k2 current, k1 kept (retired) for older backups.
    const json = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
    expect(json.current).toBe('k2');
    expect(Object.keys(json.keys)).toEqual(['k1', 'k2']);
    expect(json.keys.k1.retiredAt).toEqual(expect.any(String));
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect((await db.db.selectFrom('personal_data_key').select('key_id').executeTakeFirstOrThrow()).key_id).toBe('k2');

    // A process that loaded the key file before the rotation follows it (it rereads the file).
    expect(stale.currentId).toBe('k1');
    expect((await listWorkers({ database: db, keyring: stale }, systemActor('test'), { programId, q: nik(5), limit: 10 })).items).toHaveLength(1);
    expect(stale.currentId).toBe('k2');

    expect((await runImport(db, file, { keyring })).counts).toMatchObject({ imported: 0, updated: 0, unchanged: 30 });
    const committed = await finishImport(db, pending.id, { dryRun: false, validOnly: false, actor: systemActor('t'), keys: testKeyring() });
    expect(committed).toMatchObject({ imported: 1, updated: 0, unchanged: 1, committed: true });
    expect(await db.db.selectFrom('workers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 31 });
  });

  it('drops old keys only when asked, after the data has moved to the new key', async () => {
    const r = await rotateKeys(db, keyring, { dropOld: true });
    expect(r).toMatchObject({ from: 'k2', to: 'k3', workers: 31, dropped: ['k1', 'k2'] });
    expect(Object.keys(JSON.parse(fs.readFileSync(keyFile, 'utf8')).keys)).toEqual(['k3']);
    const reread = loadKeyring({ keys: keyFile, dataDir: dir });
    const w = (await sealed(db)).find((x) => x.name === 'Warga 2')!;
    expect(await revealWorkerIdentity(db.db, reread, w.id)).toMatchObject({ nik: nik(2), phone: phone(2) });
  });

  it('leaves data and key file as they were when a rotation fails', async () => {
    const before = await sealed(db);
    const keysBefore = fs.readFileSync(keyFile, 'utf8');
    await sql.raw(`create or replace function fail_on_update() returns trigger language plpgsql as $$
      begin raise exception 'interrupted'; end $$`).execute(db.db);
    await sql.raw('create trigger fail_on_update before update on workers for each row execute function fail_on_update()').execute(db.db);
    try {
      await expect(rotateKeys(db, keyring)).rejects.toThrow(/interrupted/);
    } finally {
      await sql.raw('drop trigger fail_on_update on workers').execute(db.db);
    }
    expect(await sealed(db)).toEqual(before);
    expect(JSON.parse(fs.readFileSync(keyFile, 'utf8'))).toEqual(JSON.parse(keysBefore));
    expect(keyring.currentId).toBe('k3');
  });

  it('refuses to commit rows staged with a key the registry no longer uses', async () => {
    const f = writeCsv(dir, 'late.csv', [HEADER, [nik(50), 'Telat', '']]);
    const imp = await createImport(db, { programCode: '36.72', filePath: f, fileName: 'late.csv', source: 'DTSEN', actor: systemActor('t') });
    await stageImport(db, keyring, imp.id);
    // Rows a rotation did not see (staged while it ran): hidden from it here.
    await sql`alter table ${sql.id(`import_rows_${imp.id}`)} rename to hidden_rows`.execute(db.db);
    await rotateKeys(db, keyring);
    await sql`alter table hidden_rows rename to ${sql.id(`import_rows_${imp.id}`)}`.execute(db.db);
    await expect(finishImport(db, imp.id, { dryRun: false, validOnly: false, actor: systemActor('t'), keys: testKeyring() })).rejects.toMatchObject({ code: 'IMPORT_KEYS_ROTATED' });
    expect(await db.db.selectFrom('workers').select('id').where('name', '=', 'Telat').execute()).toEqual([]);
    // Staged again, it commits.
    await stageImport(db, keyring, imp.id);
    expect(await finishImport(db, imp.id, { dryRun: false, validOnly: false, actor: systemActor('t'), keys: testKeyring() })).toMatchObject({ imported: 1, committed: true });
  });

  it('follows the database when the key file lags, and refuses another installation\'s keys', async () => {
    const json = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
    const currentInDb = json.current as string;
    // A rotation that committed but did not get to update the file: the file still names k3.
    const lagging = Keyring.parse(JSON.stringify({ ...json, current: 'k3' }), null);
    await useDatabaseKey(db.db, lagging);
    expect(lagging.currentId).toBe(currentInDb);

    const other = Keyring.generate();
    for (let i = 1; i < Number(currentInDb.slice(1)); i++) other.makeCurrent(other.addKey());
    expect(other.currentId).toBe(currentInDb);
    await expect(prepareDatabase(db, other)).rejects.toThrow(/another installation/);
    await expect(prepareDatabase(db, Keyring.generate())).rejects.toThrow(KeyringError);
    await expect(useDatabaseKey(db.db, Keyring.generate())).rejects.toThrow(/does not hold/);
    await expect(rotateKeys(db, Keyring.parse(JSON.stringify(json), null))).rejects.toMatchObject({ code: 'KEYS_INLINE' });
  });
});

describeEachEngine('key rotation from an older gcm key', (kind) => {
  it('moves the registry to a block key: hashes and ciphertexts change form, search and re-import keep working', async () => {
    const db = await openTestDatabase(kind);
    const dir = tmpDir();
    try {
      // An installation whose key file predates the block scheme, and whose data was sealed with it.
      await sql`delete from personal_data_key`.execute(db.db);
      const keyFile = path.join(dir, 'keys.json');
      saveKeyring(Keyring.parse(JSON.stringify(gcmKeyring().toJSON()), keyFile));
      const keyring = loadKeyring({ keys: keyFile, dataDir: dir });
      expect(keyring.scheme('k1')).toBe('gcm');
      const programId = (await createProgram(testContext(db), systemActor('test'), { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
      const file = writeCsv(dir, 'base.csv', [HEADER, ...Array.from({ length: 12 }, (_, i) => [nik(i + 1), `Warga ${i + 1}`, i % 3 === 0 ? '' : phone(i + 1)])]);
      expect((await runImport(db, file, { keyring })).counts).toMatchObject({ imported: 12 });
      const before = await sealed(db);
      expect(before.every((w) => w.nik_hash.length === 43 && Buffer.from(w.nik_enc.slice(3), 'base64').length > 16)).toBe(true);

      expect(await rotateKeys(db, keyring)).toMatchObject({ from: 'k1', to: 'k2', workers: 12 });
      expect(keyring.scheme('k2')).toBe('block');
      const after = await sealed(db);
      expect(after.every((w) => w.nik_hash.length === 22 && /^k2:.{22}==$/.test(w.nik_enc))).toBe(true);
      expect(after.filter((w) => w.phone_hash !== null).every((w) => w.phone_hash!.length === 22)).toBe(true);
      expect(after.filter((w) => w.phone_hash !== null)).toHaveLength(8);
      const someone = after.find((w) => w.name === 'Warga 5')!;
      expect(await revealWorkerIdentity(db.db, keyring, someone.id)).toMatchObject({ nik: nik(5), phone: phone(5) });
      const found = await listWorkers({ database: db, keyring }, systemActor('test'), { programId, q: nik(5), limit: 10 });
      expect(found.items.map((w) => w.name)).toEqual(['Warga 5']);
      expect((await runImport(db, file, { keyring })).counts).toMatchObject({ imported: 0, updated: 0, unchanged: 12 });
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
