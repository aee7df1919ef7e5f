import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { blindIndex, seal, sealedKeyId, sealMany, unseal } from './field-crypto.ts';
import { Keyring, KeyringError, loadKeyring, saveKeyring } from './keyring.ts';
import { gcmKeyring } from '../../../test/keys.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sekitar-keys-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const NIK = '3672014501900003';

describe('key file', () => {
  it('is created on first start, owner-only, in a folder made for it, and read back the same', () => {
    const dataDir = path.join(tmp(), 'data', 'nested');
    const first = loadKeyring({ keys: undefined, dataDir });
    const file = path.join(dataDir, 'keys.json');
    expect(first.file).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(json).toMatchObject({ format: 'sekitar-keys/1', current: 'k1', audit: { current: 'a1' } });
    expect(Buffer.from(json.keys.k1.enc, 'base64')).toHaveLength(32);
    expect(Buffer.from(json.keys.k1.mac, 'base64')).toHaveLength(32);
    const again = loadKeyring({ keys: undefined, dataDir });
    expect(unseal(again, 'nik', seal(first, 'nik', NIK))).toBe(NIK);
    expect(blindIndex(again, 'nik', NIK)).toBe(blindIndex(first, 'nik', NIK));
    expect(fs.readdirSync(dataDir)).toEqual(['keys.json']);
  });

  it('takes a path or the JSON itself from SEKITAR_KEYS', () => {
    const dir = tmp();
    const file = path.join(dir, 'elsewhere.json');
    const created = loadKeyring({ keys: file, dataDir: path.join(dir, 'unused') });
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'unused'))).toBe(false);
    const inline = loadKeyring({ keys: fs.readFileSync(file, 'utf8'), dataDir: dir });
    expect(inline.file).toBeNull();
    expect(blindIndex(inline, 'phone', '081234567890')).toBe(blindIndex(created, 'phone', '081234567890'));
    expect(() => saveKeyring(inline)).toThrow(KeyringError);
  });

  it('refuses a key file other users can read, and a malformed one, without quoting keys', () => {
    const dataDir = tmp();
    loadKeyring({ keys: undefined, dataDir });
    const file = path.join(dataDir, 'keys.json');
    fs.chmodSync(file, 0o644);
    expect(() => loadKeyring({ keys: undefined, dataDir })).toThrow(/chmod 600/);
    fs.chmodSync(file, 0o600);
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.keys.k1.enc = 'c2hvcnQ=';
    fs.writeFileSync(file, JSON.stringify(json));
    const err = (() => {
      try {
        loadKeyring({ keys: undefined, dataDir });
      } catch (e) {
        return e as Error;
      }
      return new Error('loaded');
    })();
    expect(err).toBeInstanceOf(KeyringError);
    expect(err.message).toMatch(/keys\.k1\.enc/);
    expect(err.message).not.toContain(json.keys.k1.mac);
    expect(() => Keyring.parse('{"format":"sekitar-keys/1","current":"k9","keys":{},"audit":{"current":"a1","keys":{}}}', null)).toThrow(/current/);
  });

  it('adds keys, makes one current, keeps the old ones (retired) until asked to drop them', () => {
    const dataDir = tmp();
    const ring = loadKeyring({ keys: undefined, dataDir });
    const oldSealed = seal(ring, 'nik', NIK);
    const next = ring.addKey();
    expect(next).toBe('k2');
    expect(ring.currentId).toBe('k1');
    ring.makeCurrent(next);
    saveKeyring(ring);
    expect(fs.statSync(ring.file!).mode & 0o777).toBe(0o600);
    const reread = loadKeyring({ keys: undefined, dataDir });
    expect(reread.currentId).toBe('k2');
    expect(reread.toJSON().keys.k1?.retiredAt).toEqual(expect.any(String));
    expect(reread.toJSON().keys.k2?.retiredAt).toBeUndefined();
    expect(unseal(reread, 'nik', oldSealed)).toBe(NIK);
    expect(sealedKeyId(seal(reread, 'nik', NIK))).toBe('k2');
    expect(reread.dropOldKeys()).toEqual(['k1']);
    saveKeyring(reread);
    expect(() => unseal(reread, 'nik', oldSealed)).toThrow(/k1/);
    expect(Object.keys(loadKeyring({ keys: undefined, dataDir }).toJSON().keys)).toEqual(['k2']);
    expect(reread.addKey()).toBe('k3');
  });
});

describe('field encryption and keyed hashes (block keys)', () => {
  const ring = Keyring.generate();

  it('seals a value in one block: the same value gives the same text, which records the key', () => {
    expect(ring.scheme('k1')).toBe('block');
    const a = seal(ring, 'nik', NIK);
    expect(a).toMatch(/^k1:[A-Za-z0-9+/]{22}==$/);
    expect(seal(ring, 'nik', NIK)).toBe(a);
    expect(a).not.toContain(NIK);
    expect(unseal(ring, 'nik', a)).toBe(NIK);
    for (const phone of ['081234567890', '0254123456', '0812345678901']) expect(unseal(ring, 'phone', seal(ring, 'phone', phone))).toBe(phone);
    expect(blindIndex(ring, 'nik', NIK)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(blindIndex(ring, 'nik', NIK)).not.toBe(blindIndex(ring, 'nik', '3672014501900004'));
    // The hash is not the ciphertext, and the same digits as a phone number hash differently.
    expect(blindIndex(ring, 'nik', NIK)).not.toBe(Buffer.from(a.slice(3), 'base64').toString('base64url'));
    expect(blindIndex(ring, 'phone', NIK)).not.toBe(blindIndex(ring, 'nik', NIK));
    expect(seal(ring, 'phone', NIK)).not.toBe(a);
    expect(blindIndex(Keyring.generate(), 'nik', NIK)).not.toBe(blindIndex(ring, 'nik', NIK));
    // A key file read again derives the same subkeys.
    const reread = Keyring.parse(JSON.stringify(ring.toJSON()), null);
    expect([seal(reread, 'nik', NIK), blindIndex(reread, 'nik', NIK)]).toEqual([a, blindIndex(ring, 'nik', NIK)]);
  });

  it('refuses a changed ciphertext, another field\'s, and another keyring\'s, without quoting anything', () => {
    for (const [field, value] of [['nik', NIK], ['phone', '081234567890']] as const) {
      const sealed = seal(ring, field, value);
      for (let bit = 0; bit < 128; bit += 9) {
        const raw = Buffer.from(sealed.slice(3), 'base64');
        raw[bit >> 3] = raw[bit >> 3]! ^ (1 << (bit & 7));
        expect(() => unseal(ring, field, `k1:${raw.toString('base64')}`)).toThrow(KeyringError);
      }
      expect(() => unseal(ring, field === 'nik' ? 'phone' : 'nik', sealed)).toThrow(/k1/);
      expect(() => unseal(Keyring.generate(), field, sealed)).toThrow(KeyringError);
      try {
        unseal(Keyring.generate(), field, sealed);
      } catch (e) {
        expect((e as Error).message).not.toContain(value.slice(0, 6));
      }
    }
    expect(() => unseal(ring, 'phone', 'k7:AAAA')).toThrow(/k7/);
  });

  it('opens what it sealed, for every length a block holds', () => {
    for (let n = 1; n <= 16; n++) {
      const value = '3672014501900003'.slice(0, n);
      for (const field of ['nik', 'phone'] as const) {
        const sealed = seal(ring, field, value);
        expect(sealed).toMatch(/^k1:.{22}==$/);
        expect(unseal(ring, field, sealed)).toBe(value);
      }
    }
  });

  it('fingerprints the scheme with the key: a key file that lost it is told apart', () => {
    const json = ring.toJSON();
    const { scheme: _scheme, ...k1 } = json.keys.k1!;
    const lost = Keyring.parse(JSON.stringify({ ...json, keys: { k1 } }), null);
    expect(lost.scheme('k1')).toBe('gcm');
    expect(lost.checkValue('k1')).not.toBe(ring.checkValue('k1'));
  });

  it('seals a value that does not fit a block the gcm way, under the same key', () => {
    const odd = '+62 812-3456-7890';
    const sealed = seal(ring, 'phone', odd);
    expect(Buffer.from(sealed.slice(3), 'base64').length).toBeGreaterThan(16);
    expect(unseal(ring, 'phone', sealed)).toBe(odd);
    expect(blindIndex(ring, 'phone', odd)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(unseal(ring, 'nik', seal(ring, 'nik', '36720145019000031'))).toBe('36720145019000031');
  });

  it('seals a batch in one go, equal to value by value, nulls kept', () => {
    const phones = ['081234565678', null, '0254123456', '+62 812 1', null];
    const many = sealMany(ring, 'phone', phones);
    expect(many.hash).toEqual(phones.map((p) => (p === null ? null : blindIndex(ring, 'phone', p))));
    expect(many.enc).toEqual(phones.map((p) => (p === null ? null : expect.stringMatching(/^k1:/))));
    expect(many.enc.map((c) => (c === null ? null : unseal(ring, 'phone', c)))).toEqual(phones);
    expect(many.enc[0]).toBe(seal(ring, 'phone', '081234565678'));
  });
});

describe('field encryption and keyed hashes (older gcm keys)', () => {
  const ring = gcmKeyring();

  it('encrypts with a fresh IV each time and records the key; hashes are stable per key', () => {
    expect(ring.scheme('k1')).toBe('gcm');
    const a = seal(ring, 'nik', NIK);
    const b = seal(ring, 'nik', NIK);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^k1:[A-Za-z0-9+/]+=*$/);
    expect([unseal(ring, 'nik', a), unseal(ring, 'nik', b)]).toEqual([NIK, NIK]);
    expect(blindIndex(ring, 'nik', NIK)).toBe(blindIndex(ring, 'nik', NIK));
    expect(blindIndex(ring, 'nik', NIK)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(blindIndex(ring, 'phone', NIK)).not.toBe(blindIndex(ring, 'nik', NIK));
    expect(sealMany(ring, 'nik', [NIK]).hash).toEqual([blindIndex(ring, 'nik', NIK)]);
  });

  it('refuses a tampered ciphertext and another field\'s ciphertext', () => {
    const sealed = seal(ring, 'phone', '081234567890');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[14] = raw[14]! ^ 1;
    expect(() => unseal(ring, 'phone', `k1:${raw.toString('base64')}`)).toThrow(KeyringError);
    expect(() => unseal(ring, 'nik', sealed)).toThrow(/k1/);
  });

  it('keeps opening its values after a new (block) key becomes current', () => {
    const old = seal(ring, 'nik', NIK);
    const copy = Keyring.parse(JSON.stringify(ring.toJSON()), null);
    copy.makeCurrent(copy.addKey());
    expect(copy.scheme('k2')).toBe('block');
    expect(copy.scheme('k1')).toBe('gcm');
    expect(unseal(copy, 'nik', old)).toBe(NIK);
    expect(seal(copy, 'nik', NIK)).toMatch(/^k2:.{22}==$/);
    expect(blindIndex(copy, 'nik', NIK, 'k1')).toBe(blindIndex(ring, 'nik', NIK));
    // A block-sized ciphertext that names a gcm key is refused, not read as a block.
    expect(() => unseal(copy, 'nik', `k1:${seal(copy, 'nik', NIK).slice(3)}`)).toThrow(/k1/);
  });
});

describe('audit MAC', () => {
  it('is HMAC-SHA256 in hex with the audit key id, verifiable, and separate from data keys', () => {
    const ring = Keyring.generate();
    const m = ring.auditMac('entry 1|prev');
    expect(m).toEqual({ keyId: 'a1', mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(ring.verifyAuditMac('entry 1|prev', m.keyId, m.mac)).toBe(true);
    expect(ring.verifyAuditMac('entry 1|prev!', m.keyId, m.mac)).toBe(false);
    expect(ring.verifyAuditMac('entry 1|prev', 'a2', m.mac)).toBe(false);
    expect(ring.verifyAuditMac('entry 1|prev', m.keyId, 'zz')).toBe(false);
    const other = Keyring.parse(JSON.stringify(ring.toJSON()), null);
    expect(other.auditMac('entry 1|prev')).toEqual(m);
    expect(Keyring.generate().auditMac('entry 1|prev').mac).not.toBe(m.mac);
    // Rotating data keys leaves the audit key alone.
    other.addKey();
    other.makeCurrent('k2');
    other.dropOldKeys();
    expect(other.auditMac('entry 1|prev')).toEqual(m);
  });
});
