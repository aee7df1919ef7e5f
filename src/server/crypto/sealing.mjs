// The one implementation of sealing and keyed hashing of personal data fields, in plain JavaScript
// so that both field-crypto.ts (main thread) and seal-worker.mjs (a worker thread, which has no
// TypeScript loader when started by the CLI or the tests) run the same code. Formats:
// field-crypto.ts.
import crypto from 'node:crypto';

export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const AAD = { nik: Buffer.from('nik'), phone: Buffer.from('phone') };
const PREFIX = { nik: 'nik:', phone: 'phone:' };

// IVs come from a random pool refilled 4,096 at a time (randomBytes per value doubles the cost).
const ivPool = Buffer.alloc(IV_BYTES * 4096);
let ivOffset = ivPool.length;
function nextIv() {
  if (ivOffset >= ivPool.length) {
    crypto.randomFillSync(ivPool);
    ivOffset = 0;
  }
  // A view, used before the next call can refill the pool (the cipher copies its IV).
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

/** base64url HMAC-SHA256 of "<field>:" + value. */
export function hashWith(macKey, field, value) {
  return crypto.createHmac('sha256', macKey).update(PREFIX[field] + value, 'utf8').digest('base64url');
}

/** "<key id>:" + base64(IV | AES-256-GCM ciphertext | tag), the field name as additional data. */
export function sealWith(encKey, keyId, field, value) {
  const iv = nextIv();
  const cipher = crypto.createCipheriv('aes-256-gcm', encKey, iv);
  cipher.setAAD(AAD[field]);
  const body = cipher.update(value, 'utf8');
  const rest = cipher.final();
  const tag = cipher.getAuthTag();
  const out = Buffer.allocUnsafe(IV_BYTES + body.length + rest.length + TAG_BYTES);
  iv.copy(out, 0);
  body.copy(out, IV_BYTES);
  rest.copy(out, IV_BYTES + body.length);
  tag.copy(out, IV_BYTES + body.length + rest.length);
  return `${keyId}:${out.toString('base64')}`;
}
