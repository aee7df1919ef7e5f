// A database from before personal-data encryption (plaintext NIK and phone, staged imports, error
// tables) is encrypted by migration 0003 and works on; its down migration restores the columns.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeEachEngine } from '../../../../test/db.ts';
import { blindIndex, unseal } from '../../crypto/field-crypto.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { openDatabase, type Database } from '../database.ts';
import type { DB } from '../schema.ts';
import { migrateToLatest } from '../migrate.ts';
import * as m0001 from './0001-foundation.ts';
import { personalDataEncryption } from './0003-personal-data-encryption.ts';

const NIKS = ['3672014501900003', '3672011203850001', '3672015507800002'];
const PHONES = ['081234565678', null, '02541234567'];

async function emptyDatabase(kind: 'pglite' | 'postgres'): Promise<Database> {
  if (kind === 'pglite') return openDatabase({});
  const adminUrl = inject('pgAdminUrl')!;
  const name = `m_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return openDatabase({ databaseUrl: adminUrl.replace(/\/postgres$/, `/${name}`) });
}

/** The registry as it was at 0001: plaintext NIK and phone everywhere an import put them. */
async function seedPlaintext(db: Kysely<DB>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ '0001-foundation': m0001 }) } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  const run = (q: string) => sql.raw(q).execute(db);
  await run(`insert into regions (code, level, parent_code, name) values ('36', 1, null, 'BANTEN'), ('36.72', 2, '36', 'KOTA CILEGON')`);
  await run(`insert into programs (region_code, name) values ('36.72', 'GEMET SEKUL')`);
  await run(`insert into imports (program_id, source, file_name, file_path, format, status) values
    (1, 'DTSEN', 'a.csv', '/nowhere/a.csv', 'csv', 'committed'), (1, 'DESA', 'b.csv', '/nowhere/b.csv', 'csv', 'checked')`);
  await run(`insert into changesets (program_id, kind, source, import_id, actor) values (1, 'import', 'DTSEN', 1, 'test')`);
  for (let i = 0; i < NIKS.length; i++) {
    await sql`insert into workers (program_id, nik, name, phone, created_changeset_id, created_source)
      values (1, ${NIKS[i]}, ${`Warga ${i}`}, ${PHONES[i]}, 1, 'DTSEN')`.execute(db);
  }
  await run(`insert into worker_history (worker_id, changeset_id, field, old_value, new_value) values
    (1, 1, 'phone', '081299998888', '081234565678'), (1, 1, 'desil', '3', '2')`);
  // Import 2 was checked but not committed: its staging rows and errors are still there.
  await run(`create unlogged table import_rows_2 (row_no integer, nik text, name text, phone text)`);
  await run(`insert into import_rows_2 values (2, '3672016612950004', 'Staged', '085711112222')`);
  await run(`create unlogged table import_errors_1 (id bigserial, row_no integer NOT NULL, col text NOT NULL, value text,
    code text NOT NULL, message_id text NOT NULL, message_en text NOT NULL)`);
  await run(`insert into import_errors_1 (row_no, col, value, code, message_id, message_en) values
    (3, 'NIK', '9972011203850001', 'NIK_PROVINCE_UNKNOWN', 'x', 'x'),
    (4, 'NIK', '3.67201E+15', 'NIK_EXCEL_SCIENTIFIC', 'x', 'x'),
    (5, 'No HP', '0812-3456-5678-99', 'PHONE_INVALID', 'x', 'x'),
    (6, 'Tgl Lahir', '31/02/1990', 'DATE_INVALID', 'x', 'x')`);
}

describeEachEngine('migration 0003: personal data encryption', (kind) => {
  let database: Database;
  const keyring = Keyring.generate();
  beforeAll(async () => {
    database = await emptyDatabase(kind);
    await seedPlaintext(database.db);
    await migrateToLatest(database.db as never, { keyring });
  });
  afterAll(() => database.close());

  it('encrypts existing NIKs and phone numbers with the current key and drops the plaintext columns', async () => {
    const cols = await sql<{ c: string }>`select column_name as c from information_schema.columns
      where table_name = 'workers' and column_name in ('nik', 'phone', 'nik_hash', 'nik_enc', 'phone_hash', 'phone_enc', 'phone_mask')
      order by 1`.execute(database.db);
    expect(cols.rows.map((r) => r.c)).toEqual(['nik_enc', 'nik_hash', 'phone_enc', 'phone_hash', 'phone_mask']);
    const rows = await database.db.selectFrom('workers').selectAll().orderBy('id').execute();
    expect(rows.map((w) => unseal(keyring, 'nik', w.nik_enc))).toEqual(NIKS);
    expect(rows.map((w) => (w.phone_enc === null ? null : unseal(keyring, 'phone', w.phone_enc)))).toEqual(PHONES);
    expect(rows.map((w) => w.nik_hash)).toEqual(NIKS.map((n) => blindIndex(keyring, 'nik', n)));
    expect(rows.map((w) => w.phone_mask)).toEqual(['0812••••5678', null, '0254••••567']);
    expect(rows.every((w) => w.nik_enc.startsWith('k1:'))).toBe(true);
    const text = await sql<{ t: string }>`select w::text as t from workers w`.execute(database.db);
    for (const { t } of text.rows) {
      expect(t).not.toMatch(/\d{11,}/);
    }
    expect(await database.db.selectFrom('personal_data_key').select(['key_id', 'key_check']).execute()).toEqual([
      { key_id: 'k1', key_check: keyring.checkValue('k1') },
    ]);
    // The hash is the unique key now.
    await expect(
      sql`insert into workers (program_id, nik_hash, nik_enc, name, created_changeset_id, created_source)
        values (1, ${rows[0]!.nik_hash}, 'k1:x', 'Dup', 1, 'DTSEN')`.execute(database.db),
    ).rejects.toThrow();
  });

  it('masks phone numbers in the history and values in error tables, and drops plaintext staging', async () => {
    const history = await database.db.selectFrom('worker_history').select(['field', 'old_value', 'new_value']).orderBy('id').execute();
    expect(history).toEqual([
      { field: 'phone', old_value: '0812••••8888', new_value: '0812••••5678' },
      { field: 'desil', old_value: '3', new_value: '2' },
    ]);
    const errors = await sql<{ value: string }>`select value from import_errors_1 order by row_no`.execute(database.db);
    expect(errors.rows.map((r) => r.value)).toEqual(['9972••••••••0001', '3.67201E+15', '0812••••••7899', '31/02/1990']);
    expect((await sql<{ t: string | null }>`select to_regclass('import_rows_2')::text as t`.execute(database.db)).rows[0]?.t).toBeNull();
    const imports = await database.db.selectFrom('imports').select(['id', 'status', 'error']).orderBy('id').execute();
    expect(imports.map((i) => i.status)).toEqual(['committed', 'failed']);
    expect(imports[1]?.error).toMatch(/dry run/);
  });

  it('migrates back to plaintext columns (down)', async () => {
    await personalDataEncryption({ keyring }).down!(database.db as never);
    const rows = await sql<{ nik: string; phone: string | null }>`select nik, phone from workers order by id`.execute(database.db);
    expect(rows.rows).toEqual(NIKS.map((nik, i) => ({ nik, phone: PHONES[i] })));
    await personalDataEncryption({ keyring }).up(database.db as never);
    const again = await database.db.selectFrom('workers').select('nik_enc').orderBy('id').execute();
    expect(again.map((w) => unseal(keyring, 'nik', w.nik_enc))).toEqual(NIKS);
  });
});
