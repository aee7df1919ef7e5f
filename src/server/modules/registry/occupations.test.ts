import { describe, expect, it } from 'vitest';
import { OCCUPATION_SEED, matchOccupation } from './occupations.ts';

const match = (text: string) => matchOccupation(text, OCCUPATION_SEED);

describe('OCCUPATION_SEED', () => {
  it('holds the program occupations with unique codes', () => {
    const codes = OCCUPATION_SEED.map((o) => o.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of [
      'ART', 'OJEK', 'SOPIR', 'BURUH_BANGUNAN', 'PEDAGANG', 'NELAYAN', 'BURUH_PELABUHAN', 'PEMULUNG', 'MARBOT',
      'GURU_NGAJI', 'BURUH_HARIAN', 'PETANI', 'TUKANG_PARKIR', 'LAINNYA',
    ]) {
      expect(codes).toContain(code);
    }
  });

  it('puts ojek and private drivers in the transport sector (PP 50/2025 discount period)', () => {
    const transport = OCCUPATION_SEED.filter((o) => o.sector === 'transport').map((o) => o.code);
    expect(transport).toEqual(['OJEK', 'SOPIR']);
  });

  it('has no alias shared by two occupations', () => {
    const owner = new Map<string, string>();
    for (const o of OCCUPATION_SEED) {
      for (const alias of o.aliases) {
        const key = alias.toLowerCase();
        expect(owner.get(key) ?? o.code, `alias "${alias}"`).toBe(o.code);
        owner.set(key, o.code);
      }
    }
  });
});

describe('matchOccupation', () => {
  it('matches codes, names and aliases regardless of case and punctuation', () => {
    expect(match('ART')).toBe('ART');
    expect(match('pembantu')).toBe('ART');
    expect(match('Asisten Rumah Tangga')).toBe('ART');
    expect(match('PRT')).toBe('ART');
    expect(match('Ojol')).toBe('OJEK');
    expect(match('ojek pangkalan')).toBe('OJEK');
    expect(match('Driver Ojol')).toBe('OJEK');
    expect(match('supir')).toBe('SOPIR');
    expect(match('Private driver')).toBe('SOPIR');
    expect(match('buruh_bangunan')).toBe('BURUH_BANGUNAN');
    expect(match('Kuli Bangunan')).toBe('BURUH_BANGUNAN');
    expect(match('P.K.L.')).toBe(null);
    expect(match('PKL')).toBe('PEDAGANG');
    expect(match('Pedagang Asongan')).toBe('PEDAGANG');
    expect(match('NELAYAN')).toBe('NELAYAN');
    expect(match('TKBM')).toBe('BURUH_PELABUHAN');
    expect(match('Pemulung')).toBe('PEMULUNG');
    expect(match('Marbot Masjid')).toBe('MARBOT');
    expect(match('Ustadz')).toBe('GURU_NGAJI');
    expect(match('BHL')).toBe('BURUH_HARIAN');
    expect(match('Petani/Pekebun')).toBe('PETANI');
    expect(match('Buruh Tani')).toBe('PETANI');
    expect(match('Juru Parkir')).toBe('TUKANG_PARKIR');
    expect(match('Lain-lain')).toBe('LAINNYA');
  });

  it('finds an occupation named inside longer text, preferring the longest phrase', () => {
    expect(match('NELAYAN/PERIKANAN')).toBe('NELAYAN');
    expect(match('BURUH TANI/PERKEBUNAN')).toBe('PETANI');
    expect(match('pengemudi ojek online')).toBe('OJEK');
    expect(match('pedagang sayur keliling')).toBe('PEDAGANG');
  });

  it('returns null when nothing matches or two occupations tie', () => {
    expect(match('')).toBeNull();
    expect(match('Karyawan Swasta')).toBeNull();
    expect(match('Mengurus Rumah Tangga')).toBeNull();
    expect(match('Buruh')).toBeNull();
    expect(match('pedagang dan nelayan')).toBeNull();
  });

  it('works with a catalogue from the database', () => {
    const catalogue = [{ code: 'TUKANG_CUKUR', nameId: 'Tukang Cukur', nameEn: 'Barber', aliases: ['pangkas rambut'] }];
    expect(matchOccupation('Pangkas Rambut', catalogue)).toBe('TUKANG_CUKUR');
    expect(matchOccupation('ojek', catalogue)).toBeNull();
  });
});
