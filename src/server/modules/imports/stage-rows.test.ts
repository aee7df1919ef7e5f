import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../crypto/keyring.ts';
import { unseal } from '../../crypto/field-crypto.ts';
import { nik } from '../../../../test/import-helpers.ts';
import { openStager, STAGE_COLUMNS, type StageSetup } from './stage-rows.ts';

const keyring = Keyring.generate();
const setup = (key: StageSetup['key'] = { id: 'k1', scheme: 'block', enc: keyring.encKey('k1'), mac: keyring.macKey('k1') }): StageSetup => ({
  plan: { nik: { index: 0, header: 'NIK' }, name: { index: 1, header: 'Nama' }, phone: { index: 2, header: 'HP' } },
  context: { regencyCode: '36.72', today: '2026-11-23', upperCodes: ['36', '36.72'], villageCodes: [], local: [], occupations: [] },
  key,
});
const rows = [
  { rowNumber: 2, cells: [nik(1), 'Siti\tAminah', '0812 3456 7890'] },
  { rowNumber: 3, cells: ['', '', ''] },
  { rowNumber: 4, cells: ['3.67201E+15', 'Budi', ''] },
  { rowNumber: 5, cells: [nik(2), 'A\\B', ''], broken: true },
];

describe.each([false, true])('staging a batch (worker thread: %s)', (worker) => {
  it('writes valid rows as COPY text with NIK and phone sealed, and problems as error rows', async () => {
    const stager = openStager(setup(), { worker });
    try {
      const b = await stager.stage(rows);
      expect(b).toMatchObject({ good: 1, counted: 3 });
      expect(b.errors.map((e) => [e[0], e[3]])).toEqual([[4, 'NIK_EXCEL_SCIENTIFIC'], [5, 'CSV_QUOTES']]);
      const line = b.lines.split('\n');
      expect(line).toHaveLength(2);
      const cols = line[0]!.split('\t');
      expect(cols).toHaveLength(STAGE_COLUMNS.length);
      const at = (c: (typeof STAGE_COLUMNS)[number]) => cols[STAGE_COLUMNS.indexOf(c)]!;
      expect([at('row_no'), at('name'), at('phone_mask')]).toEqual(['2', 'Siti Aminah', '0812••••7890']);
      expect(unseal(keyring, 'nik', at('nik_enc'))).toBe(nik(1));
      expect(unseal(keyring, 'phone', at('phone_enc'))).toBe('081234567890');
      expect(b.lines).not.toContain(nik(1));
      expect(b.lines).not.toContain('081234567890');
    } finally {
      await stager.close();
    }
  });

  it('fails the batch, not the process, when sealing fails; and refuses batches once closed', async () => {
    // A gcm key of the wrong length: the cipher refuses it.
    const stager = openStager(setup({ id: 'k1', scheme: 'gcm', enc: crypto.createSecretKey(crypto.randomBytes(16)), mac: keyring.macKey('k1') }), { worker });
    const failing = stager.stage(rows);
    const next = stager.stage(rows);
    await expect(failing).rejects.toThrow();
    await expect(next).rejects.toThrow();
    await stager.close();
    const closed = openStager(setup(), { worker });
    await closed.close();
    await expect(closed.stage(rows)).rejects.toThrow(/closed/);
  });
});
