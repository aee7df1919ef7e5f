// Personal data protection: NIK and phone numbers are stored encrypted (AES-256-GCM) with a keyed
// hash (HMAC-SHA256) for exact lookup and uniqueness; no plaintext NIK or phone column remains.
// Workers already in the database are encrypted here with the installation's current key, phone
// numbers in the change history are masked, and what imports left behind is cleaned: staging rows
// of imports not committed yet are dropped (the import is marked failed; its dry run can be run
// again from the uploaded file) and values in error tables are masked.
//
// Independent of the other migrations after 0001: it touches workers, worker_history and the
// import tables only.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { blindIndex, seal, unseal } from '../../crypto/field-crypto.ts';
import type { Keyring } from '../../crypto/keyring.ts';
import { maskDigitRuns, maskPhone } from '../../modules/registry/masks.ts';

const BATCH = 5000;

export function personalDataEncryption(ctx: { keyring: Keyring }): Migration {
  const { keyring } = ctx;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const keyId = keyring.currentId;
      // The data key the registry's hashes and ciphertexts are made with (one row). A key file
      // whose key of that id differs (another installation's) is refused at start.
      await sql`CREATE TABLE personal_data_key (
          singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
          key_id text NOT NULL,
          key_check text NOT NULL,
          changed_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
      await sql`INSERT INTO personal_data_key (key_id, key_check) VALUES (${keyId}, ${keyring.checkValue(keyId)})`.execute(db);

      // Hashes in the C collation: compared byte by byte in the unique index and the merge joins.
      await sql`ALTER TABLE workers
          ADD COLUMN nik_hash text COLLATE "C",
          ADD COLUMN nik_enc text,
          ADD COLUMN phone_hash text COLLATE "C",
          ADD COLUMN phone_enc text,
          ADD COLUMN phone_mask text`.execute(db);
      for (let after = 0; ; ) {
        const r = await sql<{ id: number; nik: string; phone: string | null }>`
          SELECT id, nik, phone FROM workers WHERE id > ${after} ORDER BY id LIMIT ${BATCH}`.execute(db);
        if (r.rows.length === 0) break;
        const ids: number[] = [];
        const cols: (string | null)[][] = [[], [], [], [], []];
        for (const w of r.rows) {
          ids.push(Number(w.id));
          cols[0]!.push(blindIndex(keyring, 'nik', w.nik, keyId));
          cols[1]!.push(seal(keyring, 'nik', w.nik, keyId));
          cols[2]!.push(w.phone === null ? null : blindIndex(keyring, 'phone', w.phone, keyId));
          cols[3]!.push(w.phone === null ? null : seal(keyring, 'phone', w.phone, keyId));
          cols[4]!.push(w.phone === null ? null : maskPhone(w.phone));
        }
        await sql`UPDATE workers w SET nik_hash = v.nik_hash, nik_enc = v.nik_enc, phone_hash = v.phone_hash,
            phone_enc = v.phone_enc, phone_mask = v.phone_mask
          FROM unnest(${ids}::bigint[], ${cols[0]}::text[], ${cols[1]}::text[], ${cols[2]}::text[], ${cols[3]}::text[], ${cols[4]}::text[])
            AS v(id, nik_hash, nik_enc, phone_hash, phone_enc, phone_mask)
          WHERE w.id = v.id`.execute(db);
        after = ids[ids.length - 1]!;
      }
      await sql`ALTER TABLE workers
          DROP CONSTRAINT workers_program_nik,
          DROP COLUMN nik,
          DROP COLUMN phone,
          ALTER COLUMN nik_hash SET NOT NULL,
          ALTER COLUMN nik_enc SET NOT NULL,
          ADD CONSTRAINT workers_program_nik_hash UNIQUE (program_id, nik_hash)`.execute(db);

      // Phone numbers in the change history: masked, as new history rows are.
      await sql`UPDATE worker_history SET old_value = ${maskSql('old_value')}, new_value = ${maskSql('new_value')}
        WHERE field = 'phone'`.execute(db);

      // Staging of imports not committed yet holds plaintext rows: dropped; the import can be
      // staged again from its file.
      const staged = await sql<{ t: string }>`SELECT tablename AS t FROM pg_tables
        WHERE schemaname = current_schema() AND tablename ~ '^import_rows_[0-9]+(_m)?$'`.execute(db);
      for (const { t } of staged.rows) await sql`DROP TABLE ${sql.id(t)}`.execute(db);
      await sql`UPDATE imports SET status = 'failed', phase = NULL, finished_at = now(), updated_at = now(),
          error = 'Baris tahap impor dihapus saat data pribadi mulai dienkripsi: jalankan uji coba lagi / staged rows were removed when personal data encryption was introduced: run the dry run again'
        WHERE status IN ('staged', 'checked', 'not_committed', 'staging', 'checking', 'committing')`.execute(db);

      // Error tables: every NIK- or phone-like value masked, as the importer now writes them.
      const errorTables = await sql<{ t: string }>`SELECT tablename AS t FROM pg_tables
        WHERE schemaname = current_schema() AND tablename ~ '^import_errors_[0-9]+$'`.execute(db);
      for (const { t } of errorTables.rows) {
        for (let after = 0; ; ) {
          const rows = await sql<{ id: number; code: string; value: string }>`
            SELECT id, code, value FROM ${sql.id(t)} WHERE id > ${after} AND value ~ '[0-9]' ORDER BY id LIMIT ${BATCH}`.execute(db);
          if (rows.rows.length === 0) break;
          after = Number(rows.rows[rows.rows.length - 1]!.id);
          const ids: number[] = [];
          const values: string[] = [];
          for (const e of rows.rows) {
            const masked = maskDigitRuns(e.value, /^(NIK|PHONE|KK)_/.test(e.code) ? 8 : 11);
            if (masked === e.value) continue;
            ids.push(Number(e.id));
            values.push(masked);
          }
          if (ids.length === 0) continue;
          await sql`UPDATE ${sql.id(t)} e SET value = v.value
            FROM unnest(${ids}::bigint[], ${values}::text[]) AS v(id, value) WHERE e.id = v.id`.execute(db);
        }
      }
    },

    // Back to plaintext columns (for a downgrade): decrypts with the keys that made the ciphertexts.
    // Masked history and error values and dropped staging rows stay as they are.
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`ALTER TABLE workers ADD COLUMN nik text COLLATE "C", ADD COLUMN phone text`.execute(db);
      for (let after = 0; ; ) {
        const r = await sql<{ id: number; nik_enc: string; phone_enc: string | null }>`
          SELECT id, nik_enc, phone_enc FROM workers WHERE id > ${after} ORDER BY id LIMIT ${BATCH}`.execute(db);
        if (r.rows.length === 0) break;
        const ids = r.rows.map((w) => Number(w.id));
        const niks = r.rows.map((w) => unseal(keyring, 'nik', w.nik_enc));
        const phones = r.rows.map((w) => (w.phone_enc === null ? null : unseal(keyring, 'phone', w.phone_enc)));
        await sql`UPDATE workers w SET nik = v.nik, phone = v.phone
          FROM unnest(${ids}::bigint[], ${niks}::text[], ${phones}::text[]) AS v(id, nik, phone) WHERE w.id = v.id`.execute(db);
        after = ids[ids.length - 1]!;
      }
      await sql`ALTER TABLE workers
          DROP CONSTRAINT workers_program_nik_hash,
          DROP COLUMN nik_hash, DROP COLUMN nik_enc, DROP COLUMN phone_hash, DROP COLUMN phone_enc, DROP COLUMN phone_mask,
          ALTER COLUMN nik SET NOT NULL,
          ADD CONSTRAINT workers_program_nik UNIQUE (program_id, nik),
          ADD CONSTRAINT workers_nik_check CHECK (nik ~ '^[0-9]{16}$')`.execute(db);
      await sql`DROP TABLE personal_data_key`.execute(db);
    },
  };
}

/** maskPhone() in SQL, for the history's phone values (digits only, 8 to 13 of them). */
function maskSql(column: 'old_value' | 'new_value') {
  const c = sql.ref(column);
  return sql`CASE WHEN ${c} IS NULL THEN NULL
    WHEN length(${c}) < 8 THEN repeat('•', length(${c}))
    ELSE left(${c}, 4) || repeat('•', greatest(4, length(${c}) - 8)) || right(${c}, greatest(0, length(${c}) - 4 - greatest(4, length(${c}) - 8))) END`;
}
