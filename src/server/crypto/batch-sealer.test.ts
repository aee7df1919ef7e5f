import { describe, expect, it } from 'vitest';
import { BatchSealer } from './batch-sealer.ts';
import { blindIndex, seal, unseal } from './field-crypto.ts';
import { Keyring } from './keyring.ts';
import { gcmKeyring } from '../../../test/keys.ts';

describe('batch sealing', () => {
  it('under a block key: in place, what seal() and blindIndex() produce, with the key it was given', async () => {
    const keyring = Keyring.generate();
    keyring.addKey();
    const niks = ['3672014501900003', '3672011203850001'];
    const phones = ['081234565678', null];
    const sealer = new BatchSealer(keyring, 'k2');
    const a = await sealer.seal(niks, phones);
    expect(a.nikHash).toEqual(niks.map((n) => blindIndex(keyring, 'nik', n, 'k2')));
    expect(a.nikEnc).toEqual(niks.map((n) => seal(keyring, 'nik', n, 'k2')));
    expect(a.phoneHash).toEqual([blindIndex(keyring, 'phone', '081234565678', 'k2'), null]);
    expect(a.phoneEnc.map((c) => (c === null ? null : unseal(keyring, 'phone', c)))).toEqual(phones);
    await sealer.close();
    await expect(sealer.seal(niks, phones)).rejects.toThrow();
  });

  it('under an older gcm key: on a worker thread, what seal() and blindIndex() produce', async () => {
    const keyring = gcmKeyring();
    const niks = ['3672014501900003', '3672011203850001', '3672014501900003'];
    const phones = ['081234565678', null, '0254123456'];
    const sealer = new BatchSealer(keyring, 'k1');
    try {
      const [a, b] = await Promise.all([sealer.seal(niks, phones), sealer.seal(['3672015507800002'], [null])]);
      expect(a.nikHash).toEqual(niks.map((n) => blindIndex(keyring, 'nik', n, 'k1')));
      expect(a.phoneHash).toEqual(phones.map((p) => (p === null ? null : blindIndex(keyring, 'phone', p, 'k1'))));
      expect(a.nikEnc.map((c) => unseal(keyring, 'nik', c))).toEqual(niks);
      expect(a.phoneEnc.map((c) => (c === null ? null : unseal(keyring, 'phone', c)))).toEqual(phones);
      expect(a.nikEnc.every((c) => c.startsWith('k1:'))).toBe(true);
      // A fresh IV each time: the same NIK twice gives two ciphertexts.
      expect(a.nikEnc[0]).not.toBe(a.nikEnc[2]);
      expect(b.nikHash).toEqual([blindIndex(keyring, 'nik', '3672015507800002', 'k1')]);
      expect(b.phoneEnc).toEqual([null]);
    } finally {
      await sealer.close();
    }
    await expect(sealer.seal(['3672015507800002'], [null])).rejects.toThrow();
  });
});
