// Personal data fields (NIK, phone) as they are stored: an AES-256-GCM ciphertext that records the
// key it was made with, and a keyed hash (HMAC-SHA256) to find and deduplicate values exactly.
//
// Ciphertext: "<key id>:" + base64(12-byte IV | ciphertext | 16-byte tag), the field's name as
// additional data (a NIK ciphertext does not decrypt as a phone). Hash: base64url of
// HMAC-SHA256(mac key, "<field>:" + value), 43 characters. Both are text, so COPY, indexes and
// error messages never see raw bytes.
//
// Bulk imports seal two fields per row: keys are KeyObjects made once per keyring, and IVs come
// from a random pool (sealing.mjs, shared with the sealing worker thread).
import crypto from 'node:crypto';
import type { Keyring } from './keyring.ts';
import { KeyringError } from './keyring.ts';
import { AAD, hashWith, IV_BYTES, sealWith, TAG_BYTES, type PersonalField } from './sealing.mjs';

export type { PersonalField };

/** The keyed hash of a value with a given data key (the current one unless named). */
export function blindIndex(keyring: Keyring, field: PersonalField, value: string, keyId = keyring.currentId): string {
  return hashWith(keyring.macKey(keyId), field, value);
}

/** Encrypts a value with a given data key (the current one unless named). */
export function seal(keyring: Keyring, field: PersonalField, value: string, keyId = keyring.currentId): string {
  return sealWith(keyring.encKey(keyId), keyId, field, value);
}

/** The id of the key a ciphertext was made with. */
export function sealedKeyId(sealed: string): string {
  const colon = sealed.indexOf(':');
  if (colon <= 0) throw new KeyringError('Data terenkripsi rusak / malformed ciphertext');
  return sealed.slice(0, colon);
}

/** Decrypts a value sealed by seal(), with the key it names. Throws without quoting anything. */
export function unseal(keyring: Keyring, field: PersonalField, sealed: string): string {
  const keyId = sealedKeyId(sealed);
  const key = keyring.encKey(keyId);
  const raw = Buffer.from(sealed.slice(keyId.length + 1), 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new KeyringError('Data terenkripsi rusak / malformed ciphertext');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(AAD[field]);
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  try {
    return decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES), undefined, 'utf8') + decipher.final('utf8');
  } catch {
    throw new KeyringError(`Data terenkripsi tidak bisa dibuka dengan kunci ${keyId} / a ciphertext does not open with key ${keyId}`);
  }
}
