// The personal-data keys in use: which key the database's NIK and phone hashes and ciphertexts
// are made with, and key rotation (`sekitar keys rotate`).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError } from '../../domain-error.ts';
import { sealMany, unseal } from '../../crypto/field-crypto.ts';
import { KeyringError, saveKeyring, type Keyring } from '../../crypto/keyring.ts';
import {
  lockKeyState,
  readKeyState,
  stagedIdentities,
  stagingTables,
  updateStagedIdentities,
  updateWorkerIdentities,
  workerIdentities,
  writeKeyState,
  type ResealedIdentity,
  type SealedIdentity,
} from './keys.repository.ts';

/**
 * Makes the keyring use the key the database's data is made with: the database decides (after a
 * rotation in another process, or one interrupted between its commit and the key file's update,
 * the key file's "current" may lag). A key file that lacks that key, or holds another key under
 * its id (another installation's file), is refused: hashes made with it would match nothing.
 * Cheap (one single-row query): run at start, and before work that hashes (staging, NIK search).
 */
export async function useDatabaseKey(db: Kysely<DB>, keyring: Keyring): Promise<string> {
  const state = await readKeyState(db);
  if (!state) {
    await writeKeyState(db, { key_id: keyring.currentId, key_check: keyring.checkValue(keyring.currentId) });
    return keyring.currentId;
  }
  if (!keyring.has(state.key_id)) keyring.reload();
  if (!keyring.has(state.key_id)) throw missingKey(state.key_id, keyring);
  if (keyring.checkValue(state.key_id) !== state.key_check) {
    throw new KeyringError(
      `Kunci ${state.key_id} di berkas kunci ${where(keyring)} bukan kunci yang dipakai basis data ini (berkas kunci dari instalasi lain?)\n` +
        `Key ${state.key_id} in the key file ${where(keyring)} is not the key this database was encrypted with (a key file from another installation?)`,
    );
  }
  if (keyring.currentId !== state.key_id) keyring.makeCurrent(state.key_id);
  return state.key_id;
}

function where(keyring: Keyring): string {
  return keyring.file ?? 'SEKITAR_KEYS';
}

function missingKey(id: string, keyring: Keyring): KeyringError {
  return new KeyringError(
    `Data pribadi di basis data ini dienkripsi dengan kunci ${id}, yang tidak ada di berkas kunci ${where(keyring)}\n` +
      `The personal data in this database is encrypted with key ${id}, which the key file ${where(keyring)} does not hold`,
  );
}

export interface RotationResult {
  from: string;
  to: string;
  /** Workers whose NIK and phone were re-encrypted and re-hashed. */
  workers: number;
  /** Staged rows of imports not committed yet, re-encrypted likewise. */
  stagedRows: number;
  stagedImports: number;
  /** Data keys removed from the key file (--drop-old). */
  dropped: string[];
}

const BATCH = 5000;

/**
 * Adds a new data key, re-encrypts and re-hashes every worker's NIK and phone (and the staged rows
 * of imports not committed yet) with it, and makes it current.
 *
 * One transaction, not resumable batches: the keyed hashes are the registry's unique key and its
 * NIK search, and with one transaction they are never half old, half new. Imports, searches and
 * uniqueness stay exact throughout (a merge waits for the rotation on the key row), and a failure
 * leaves everything on the old key. A registry of a kab/kota (up to about a million workers)
 * rotates in minutes; resumable batches would have to look up and deduplicate under two keys.
 *
 * The key file is written before the transaction (the new key added, not yet current), so data
 * never depends on a key that is not on disk, and again after it (the new key current, the old one
 * marked retired). Old keys stay in the file unless `dropOld`: backups of the database taken before
 * the rotation can only be restored with them. Drop them (`sekitar keys rotate --drop-old`) when an
 * old key is suspected to be known to someone: from then on those backups are unreadable too.
 */
export async function rotateKeys(
  database: Database,
  keyring: Keyring,
  opts: { dropOld?: boolean; batch?: number; onProgress?: (workers: number) => void } = {},
): Promise<RotationResult> {
  if (!keyring.file) throw new DomainError('KEYS_INLINE');
  const batch = opts.batch ?? BATCH;
  const from = await useDatabaseKey(database.db, keyring);
  const to = keyring.addKey();
  saveKeyring(keyring);
  let counts: { workers: number; stagedRows: number; stagedImports: number };
  try {
    counts = await database.bulk(async (s) => {
      const state = await lockKeyState(s.db, 'update');
      // Another rotation committed since this one read the key: nothing is rewritten twice.
      if (state?.key_id !== from) throw new DomainError('KEYS_ROTATED_MEANWHILE');
      const reseal = (rows: SealedIdentity[]): ResealedIdentity => {
        const nik = sealMany(keyring, 'nik', rows.map((r) => unseal(keyring, 'nik', r.nik_enc)), to);
        const phone = sealMany(keyring, 'phone', rows.map((r) => (r.phone_enc === null ? null : unseal(keyring, 'phone', r.phone_enc))), to);
        return { keys: rows.map((r) => r.key), nikHash: nik.hash as string[], nikEnc: nik.enc as string[], phoneHash: phone.hash, phoneEnc: phone.enc };
      };
      let workers = 0;
      for (let after = 0; ; ) {
        const rows = await workerIdentities(s.db, after, batch);
        if (rows.length === 0) break;
        await updateWorkerIdentities(s.db, reseal(rows));
        workers += rows.length;
        after = rows[rows.length - 1]!.key;
        opts.onProgress?.(workers);
      }
      let stagedRows = 0;
      const tables = await stagingTables(s.db);
      for (const table of tables) {
        for (let after = -1; ; ) {
          const rows = await stagedIdentities(s.db, table, after, batch);
          if (rows.length === 0) break;
          await updateStagedIdentities(s.db, table, reseal(rows));
          stagedRows += rows.length;
          after = rows[rows.length - 1]!.key;
        }
      }
      await writeKeyState(s.db, { key_id: to, key_check: keyring.checkValue(to) });
      return { workers, stagedRows, stagedImports: tables.length };
    });
  } catch (e) {
    // Nothing was rewritten: the unused new key leaves the file again.
    keyring.removeKey(to);
    saveKeyring(keyring);
    throw e;
  }
  keyring.makeCurrent(to);
  const dropped = opts.dropOld ? keyring.dropOldKeys() : [];
  saveKeyring(keyring);
  return { from, to, ...counts, dropped };
}
