import { describe, expect, it } from 'vitest';
import {
  HEAD_OF_FAMILY_ALIASES,
  HEADER_ALIASES,
  WORKER_FIELDS,
  normalizeHeader,
  suggestMapping,
  validateMapping,
} from './columns.ts';

describe('WORKER_FIELDS', () => {
  it('lists the importable fields in order, with nik and name required', () => {
    expect(WORKER_FIELDS.map((f) => f.key)).toEqual([
      'nik', 'name', 'birth_date', 'sex', 'kelurahan_code', 'kelurahan_name', 'kecamatan_name', 'rt', 'rw',
      'rt_rw', 'street', 'occupation', 'phone', 'desil', 'kk_number', 'kpj_number', 'bpjs_status',
    ]);
    expect(WORKER_FIELDS.filter((f) => f.required).map((f) => f.key)).toEqual(['nik', 'name']);
  });

  it('has no alias that points to two fields', () => {
    const seen = new Map<string, string>();
    const tables = [HEADER_ALIASES, HEAD_OF_FAMILY_ALIASES];
    for (const table of tables) {
      for (const [field, aliases] of Object.entries(table)) {
        for (const alias of aliases ?? []) {
          const key = normalizeHeader(alias);
          expect(seen.get(key) ?? field, `alias "${alias}"`).toBe(field);
          seen.set(key, field);
        }
      }
    }
  });
});

describe('normalizeHeader', () => {
  it('lowercases and turns punctuation, underscores and dots into single spaces', () => {
    expect(normalizeHeader('Tgl. Lahir')).toBe('tgl lahir');
    expect(normalizeHeader('\uFEFFNO_KK')).toBe('no kk');
    expect(normalizeHeader('  L/P ')).toBe('l p');
    expect(normalizeHeader('No. HP / WA')).toBe('no hp wa');
    expect(normalizeHeader('DESIL_KESEJAHTERAAN')).toBe('desil kesejahteraan');
  });
});

describe('suggestMapping', () => {
  it('maps common Indonesian and English headers', () => {
    const mapping = suggestMapping([
      '\uFEFFNIK', 'Nama Lengkap', 'Tgl. Lahir', 'JNS_KEL', 'KODE_DESA', 'Desa/Kelurahan', 'Kecamatan', 'RT', 'RW',
      'Alamat', 'Pekerjaan', 'No. HP', 'DESIL_KESEJAHTERAAN', 'NO_KK', 'No KPJ', 'Status BPJS', 'Keterangan',
    ]);
    expect(mapping).toEqual({
      '\uFEFFNIK': 'nik',
      'Nama Lengkap': 'name',
      'Tgl. Lahir': 'birth_date',
      JNS_KEL: 'sex',
      KODE_DESA: 'kelurahan_code',
      'Desa/Kelurahan': 'kelurahan_name',
      Kecamatan: 'kecamatan_name',
      RT: 'rt',
      RW: 'rw',
      Alamat: 'street',
      Pekerjaan: 'occupation',
      'No. HP': 'phone',
      DESIL_KESEJAHTERAAN: 'desil',
      NO_KK: 'kk_number',
      'No KPJ': 'kpj_number',
      'Status BPJS': 'bpjs_status',
      Keterangan: null,
    });
    expect(
      suggestMapping(['ID Number', 'Full name', 'Date of birth', 'Gender', 'Village code', 'Occupation', 'Mobile', 'Decile']),
    ).toEqual({
      'ID Number': 'nik',
      'Full name': 'name',
      'Date of birth': 'birth_date',
      Gender: 'sex',
      'Village code': 'kelurahan_code',
      Occupation: 'occupation',
      Mobile: 'phone',
      Decile: 'desil',
    });
  });

  it('maps each field once: the first matching header wins', () => {
    expect(suggestMapping(['No HP', 'No WA', 'Nama', 'Nama Lengkap'])).toEqual({
      'No HP': 'phone',
      'No WA': null,
      Nama: 'name',
      'Nama Lengkap': null,
    });
  });

  it('uses the head of family name only when no person name column exists', () => {
    expect(suggestMapping(['NIK', 'Nama Kepala Keluarga', 'Nama'])).toEqual({
      NIK: 'nik',
      'Nama Kepala Keluarga': null,
      Nama: 'name',
    });
    expect(suggestMapping(['NIK', 'NAMA_KRT'])).toEqual({ NIK: 'nik', NAMA_KRT: 'name' });
  });

  it('maps a combined RT/RW column only when there are no separate RT and RW columns', () => {
    expect(suggestMapping(['RT/RW'])).toEqual({ 'RT/RW': 'rt_rw' });
    expect(suggestMapping(['RT/RW', 'RT', 'RW'])).toEqual({ 'RT/RW': null, RT: 'rt', RW: 'rw' });
  });

  it('lets a saved mapping win, including a column the operator chose to skip', () => {
    const mapping = suggestMapping(['NIK', 'Nama', 'HP Suami', 'No HP', 'Catatan'], {
      'HP Suami': 'phone',
      'No HP': '',
      Catatan: 'street',
      'Column not in this file': 'desil',
    });
    expect(mapping).toEqual({ NIK: 'nik', Nama: 'name', 'HP Suami': 'phone', 'No HP': null, Catatan: 'street' });
  });

  it('matches saved headers after normalisation and ignores saved unknown fields', () => {
    expect(suggestMapping(['nama pekerja ', 'NIK'], { 'Nama Pekerja': 'name', NIK: 'bogus' })).toEqual({
      'nama pekerja ': 'name',
      NIK: null,
    });
  });
});

describe('validateMapping', () => {
  const codes = (m: Record<string, string | null>) => validateMapping(m).map((p) => p.code);

  it('accepts a mapping with the required fields', () => {
    expect(codes({ NIK: 'nik', Nama: 'name', Keterangan: null })).toEqual([]);
  });

  it('reports missing required fields one by one', () => {
    expect(codes({ Nama: 'name' })).toEqual(['MAPPING_REQUIRED_MISSING']);
    const problems = validateMapping({});
    expect(problems.map((p) => p.code)).toEqual(['MAPPING_REQUIRED_MISSING', 'MAPPING_REQUIRED_MISSING']);
    expect(problems[0]?.id).toContain('NIK');
    expect(problems[1]?.en).toContain('Full name');
  });

  it('reports a field mapped twice and unknown field keys', () => {
    const problems = validateMapping({ NIK: 'nik', Nama: 'name', 'No HP': 'phone', 'No WA': 'phone', X: 'shoe_size' });
    expect(problems.map((p) => p.code)).toEqual(['MAPPING_UNKNOWN_FIELD', 'MAPPING_DUPLICATE_FIELD']);
    expect(problems[1]?.id).toContain('"No HP", "No WA"');
  });

  it('reports a combined RT/RW column next to a separate RT column', () => {
    expect(codes({ NIK: 'nik', Nama: 'name', 'RT/RW': 'rt_rw', RT: 'rt' })).toEqual(['MAPPING_RT_RW_CONFLICT']);
  });
});
