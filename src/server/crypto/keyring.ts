// The keys that protect personal data, and the audit trail's key.
//
// A keyring holds versioned data keys (id -> an AES-256 key for the NIK and phone ciphertexts and
// a key for their keyed hashes, and how the key seals: field-crypto.ts) with one of them current,
// and separately the HMAC keys of the audit trail. It lives in a JSON key file readable by its owner only (0600),
// by default <SEKITAR_DATA>/keys.json, created on first start; SEKITAR_KEYS names another file or
// holds the JSON itself (then the keys cannot be rotated from here).
//
// Key file (format sekitar-keys/1; keys are 32 random bytes in base64):
//   {
//     "format": "sekitar-keys/1",
//     "current": "k2",
//     "keys": {
//       "k1": { "enc": "...", "mac": "...", "createdAt": "2026-01-05T02:00:00.000Z", "retiredAt": "2026-07-01T..." },
//       "k2": { "enc": "...", "mac": "...", "createdAt": "2026-07-01T...", "scheme": "block" }
//     },
//     "audit": { "current": "a1", "keys": { "a1": { "mac": "...", "createdAt": "..." } } }
//   }
// "scheme" (field-crypto.ts): "block" for keys made since it exists; a key without it seals the
// older way ("gcm"). A rotation moves the data to a new key, and so to the current scheme.
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const KEY_FILE_FORMAT = 'sekitar-keys/1';
const KEY_BYTES = 32;

const keyText = z
  .string()
  .refine((s) => Buffer.from(s, 'base64').length === KEY_BYTES, { message: `must be ${KEY_BYTES} bytes in base64` });
const keyId = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'ids are short lower-case names such as k1');

const keyFileSchema = z
  .object({
    format: z.literal(KEY_FILE_FORMAT),
    current: keyId,
    keys: z.record(
      keyId,
      z.object({ enc: keyText, mac: keyText, createdAt: z.string(), retiredAt: z.string().optional(), scheme: z.enum(['gcm', 'block']).optional() }),
    ),
    audit: z.object({
      current: keyId,
      keys: z.record(keyId, z.object({ mac: keyText, createdAt: z.string() })),
    }),
  })
  .refine((f) => f.current in f.keys, { message: 'current names a key that is not in keys' })
  .refine((f) => f.audit.current in f.audit.keys, { message: 'audit.current names a key that is not in audit.keys' });

export type KeyFile = z.infer<typeof keyFileSchema>;

/** Problems with the key file or the keys: the message names the file, never key material. */
/** The number of an audit key id (a1 -> 1): audit keys only move forward. */
export function auditKeyNumber(id: string): number {
  return Number(/^a(\d+)$/.exec(id)?.[1] ?? 0);
}

export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringError';
  }
}

/** How a data key seals values (field-crypto.ts). */
export type SealingScheme = 'gcm' | 'block';

interface DataKey {
  enc: KeyObject;
  mac: KeyObject;
  scheme: SealingScheme;
}

const newKey = () => crypto.randomBytes(KEY_BYTES).toString('base64');

export class Keyring {
  private readonly data: Map<string, DataKey> = new Map();
  private readonly audit: Map<string, KeyObject> = new Map();

  private constructor(
    private file_: KeyFile,
    /** The key file it was read from; null when the keys came inline (they cannot be saved). */
    readonly file: string | null,
  ) {
    for (const [id, k] of Object.entries(file_.keys)) this.data.set(id, toDataKey(k));
    for (const [id, k] of Object.entries(file_.audit.keys)) this.audit.set(id, secret(k.mac));
  }

  /** A new keyring with one data key (k1) and one audit key (a1). */
  static generate(file: string | null = null): Keyring {
    const now = new Date().toISOString();
    return new Keyring(
      {
        format: KEY_FILE_FORMAT,
        current: 'k1',
        keys: { k1: { enc: newKey(), mac: newKey(), createdAt: now, scheme: 'block' } },
        audit: { current: 'a1', keys: { a1: { mac: newKey(), createdAt: now } } },
      },
      file,
    );
  }

  /** Reads a key file's JSON; `where` names it in error messages. */
  static parse(json: string, file: string | null, where = file ?? 'SEKITAR_KEYS'): Keyring {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      throw new KeyringError(`Berkas kunci tidak terbaca / the key file is not valid JSON: ${where}`);
    }
    const parsed = keyFileSchema.safeParse(raw);
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `${i.path.join('.') || '-'}: ${i.message}`).join('; ');
      throw new KeyringError(`Berkas kunci tidak valid / invalid key file ${where}: ${why}`);
    }
    return new Keyring(parsed.data, file);
  }

  /** The data key new ciphertexts and hashes are made with. */
  get currentId(): string {
    return this.file_.current;
  }

  /** Every data key id, oldest first. */
  get ids(): string[] {
    return Object.keys(this.file_.keys);
  }

  has(id: string): boolean {
    return this.data.has(id);
  }

  /** The encryption key of a data key version. */
  encKey(id: string): KeyObject {
    return this.key(id).enc;
  }

  /** The keyed-hash key of a data key version. */
  macKey(id: string): KeyObject {
    return this.key(id).mac;
  }

  /** How a data key version seals (field-crypto.ts). */
  scheme(id: string): SealingScheme {
    return this.key(id).scheme;
  }

  /**
   * A fingerprint of a data key (SHA-256 over both keys, 128 bits). The database records the one
   * of its key, so a key file from another installation with the same key ids is refused instead
   * of producing hashes that match nothing.
   */
  checkValue(id: string): string {
    this.key(id);
    const k = this.file_.keys[id]!;
    const h = crypto.createHash('sha256').update('sekitar key check\0').update(Buffer.from(k.enc, 'base64')).update(Buffer.from(k.mac, 'base64'));
    // The scheme counts too (gcm keys keep the fingerprint they always had): a key file that lost a
    // key's scheme (rewritten by an older version) is refused instead of hashing the other way.
    if (k.scheme === 'block') h.update('\0block');
    return h.digest('base64url').slice(0, 22);
  }

  /** Adds a new data key (not yet current) and returns its id: k<n+1>. */
  addKey(): string {
    const n = Math.max(0, ...this.ids.map((id) => Number(/^k(\d+)$/.exec(id)?.[1] ?? 0))) + 1;
    const id = `k${n}`;
    const k = { enc: newKey(), mac: newKey(), createdAt: new Date().toISOString(), scheme: 'block' as const };
    this.file_ = { ...this.file_, keys: { ...this.file_.keys, [id]: k } };
    this.data.set(id, toDataKey(k));
    return id;
  }

  /** Makes a data key current; the previous current key is marked retired (and kept). */
  makeCurrent(id: string): void {
    if (!this.has(id)) throw new KeyringError(`Kunci ${id} tidak ada di berkas kunci / key ${id} is not in the key file`);
    if (id === this.file_.current) return;
    const now = new Date().toISOString();
    const keys = { ...this.file_.keys };
    const previous = keys[this.file_.current];
    if (previous && !previous.retiredAt) keys[this.file_.current] = { ...previous, retiredAt: now };
    const { retiredAt: _retired, ...next } = keys[id]!;
    keys[id] = next;
    this.file_ = { ...this.file_, current: id, keys };
  }

  /** Removes a data key that is not current (a new key a failed rotation did not use). */
  removeKey(id: string): void {
    if (id === this.file_.current) throw new KeyringError(`Kunci ${id} sedang dipakai / key ${id} is current`);
    const { [id]: _removed, ...keys } = this.file_.keys;
    this.file_ = { ...this.file_, keys };
    this.data.delete(id);
  }

  /**
   * Takes in data keys added to the key file since it was read (a rotation run by another
   * process); the current key stays. Returns whether any was new.
   */
  reload(): boolean {
    const fresh = this.reread();
    if (!fresh) return false;
    const added = fresh.ids.filter((id) => !this.has(id));
    if (added.length === 0) return false;
    const keys = { ...this.file_.keys };
    for (const id of added) {
      keys[id] = fresh.file_.keys[id]!;
      this.data.set(id, fresh.data.get(id)!);
    }
    this.file_ = { ...this.file_, keys };
    return true;
  }

  /** The key file as it is now on disk, or undefined (inline keys, or unreadable). */
  private reread(): Keyring | undefined {
    if (!this.file) return undefined;
    try {
      return Keyring.parse(fs.readFileSync(this.file, 'utf8'), this.file);
    } catch {
      return undefined;
    }
  }

  /** Removes every data key other than the current one; returns their ids. */
  dropOldKeys(): string[] {
    const dropped = this.ids.filter((id) => id !== this.file_.current);
    const keys = { [this.file_.current]: this.file_.keys[this.file_.current]! };
    this.file_ = { ...this.file_, keys };
    for (const id of dropped) this.data.delete(id);
    return dropped;
  }

  /**
   * Takes in audit keys added to the key file since it was read (`keys rotate-audit` run by another
   * process) and follows its current audit key when it is newer. Returns whether it changed.
   */
  reloadAuditKeys(): boolean {
    const fresh = this.reread();
    if (!fresh) return false;
    const added = Object.keys(fresh.file_.audit.keys).filter((id) => !this.audit.has(id));
    const newer = auditKeyNumber(fresh.file_.audit.current) > auditKeyNumber(this.file_.audit.current);
    if (added.length === 0 && !newer) return false;
    const keys = { ...this.file_.audit.keys };
    for (const id of added) {
      keys[id] = fresh.file_.audit.keys[id]!;
      this.audit.set(id, fresh.audit.get(id)!);
    }
    this.file_ = { ...this.file_, audit: { current: newer ? fresh.file_.audit.current : this.file_.audit.current, keys } };
    return true;
  }

  /**
   * A new audit key (a<n+1>) becomes current; the old ones stay so that older entries remain
   * verifiable. Returns the new id. The chain then refuses entries made with an older key after
   * ones made with a newer key (audit.ts), so a leaked old key cannot extend the trail.
   */
  rotateAuditKey(): string {
    const n = Math.max(0, ...Object.keys(this.file_.audit.keys).map(auditKeyNumber)) + 1;
    const id = `a${n}`;
    const mac = newKey();
    this.file_ = { ...this.file_, audit: { current: id, keys: { ...this.file_.audit.keys, [id]: { mac, createdAt: new Date().toISOString() } } } };
    this.audit.set(id, secret(mac));
    return id;
  }

  /** The audit trail's current key id. */
  get auditKeyId(): string {
    return this.file_.audit.current;
  }

  /**
   * HMAC-SHA256 of `data` with the audit trail's current key: hex, and the id of the key, which
   * the trail records next to the MAC so that entries stay verifiable after a new audit key.
   */
  auditMac(data: string): { keyId: string; mac: string } {
    const keyId = this.auditKeyId;
    return { keyId, mac: crypto.createHmac('sha256', this.audit.get(keyId)!).update(data, 'utf8').digest('hex') };
  }

  /** Checks a MAC made by auditMac, with the key it names (constant-time comparison). */
  verifyAuditMac(data: string, keyId: string, mac: string): boolean {
    const key = this.audit.get(keyId);
    if (!key || !/^[0-9a-f]{64}$/.test(mac)) return false;
    const expected = crypto.createHmac('sha256', key).update(data, 'utf8').digest();
    return crypto.timingSafeEqual(expected, Buffer.from(mac, 'hex'));
  }

  /** The key file's content (key material included: write it only to the key file). */
  toJSON(): KeyFile {
    return this.file_;
  }

  private key(id: string): DataKey {
    const k = this.data.get(id) ?? (this.reload() ? this.data.get(id) : undefined);
    if (!k) throw new KeyringError(`Kunci ${id} tidak ada di berkas kunci / key ${id} is not in the key file`);
    return k;
  }
}

function secret(base64: string): KeyObject {
  return crypto.createSecretKey(Buffer.from(base64, 'base64'));
}

function toDataKey(k: { enc: string; mac: string; scheme?: SealingScheme | undefined }): DataKey {
  return { enc: secret(k.enc), mac: secret(k.mac), scheme: k.scheme ?? 'gcm' };
}

/**
 * The keyring of this installation. `keys` is SEKITAR_KEYS: the key file's JSON itself (starting
 * with `{`), or the path of a key file; unset means <dataDir>/keys.json. A key file that does not
 * exist yet is created (with its folder) holding new keys, readable by its owner only.
 */
export function loadKeyring(opts: { keys: string | undefined; dataDir: string }): Keyring {
  const spec = opts.keys?.trim();
  if (spec?.startsWith('{')) return Keyring.parse(spec, null);
  const file = path.resolve(spec || path.join(opts.dataDir, 'keys.json'));
  if (!fs.existsSync(file)) {
    const keyring = Keyring.generate(file);
    try {
      writeKeyFile(file, keyring, { create: true });
      return keyring;
    } catch (e) {
      // Another process created it first: its keys are the ones.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new KeyringError(`Berkas kunci tidak terbaca / cannot read the key file ${file}`);
  }
  if (process.platform !== 'win32') {
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) {
      throw new KeyringError(
        `Berkas kunci ${file} bisa dibaca pengguna lain (mode ${mode.toString(8)}); jalankan: chmod 600 ${file}\n` +
          `The key file ${file} can be read by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`,
      );
    }
  }
  return Keyring.parse(text, file);
}

/** Writes the keyring back to its key file: a new file beside it, then renamed over it. */
export function saveKeyring(keyring: Keyring): void {
  if (!keyring.file) {
    throw new KeyringError('Kunci diberikan langsung di SEKITAR_KEYS, tidak bisa disimpan / the keys are given inline in SEKITAR_KEYS and cannot be saved');
  }
  writeKeyFile(keyring.file, keyring, { create: false });
}

function writeKeyFile(file: string, keyring: Keyring, opts: { create: boolean }): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = `${JSON.stringify(keyring.toJSON(), null, 2)}\n`;
  // Written whole beside the target first, so a crash never leaves half a key file.
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    // A new key file never replaces an existing one (link fails with EEXIST); a saved one does.
    if (opts.create) fs.linkSync(tmp, file);
    else fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
