import { describe, expect, it } from 'vitest';
import { compareNikWithStated, makeNik, maskNik, nikBirthDate, parseNik, type NikInfo } from './nik.ts';

const provinces = new Set(['32', '35', '36']);
const regencies = new Set(['32.75', '35.25', '36.04', '36.72']);
const ctx = {
  isKnownProvince: (code: string) => provinces.has(code),
  isKnownRegency: (code: string) => regencies.has(code),
};

function info(nik: string): NikInfo {
  const result = parseNik(nik, ctx);
  if (!result.ok) throw new Error(`expected a valid NIK, got ${result.problem.code}`);
  return result.info;
}

function code(nik: string): string | null {
  const result = parseNik(nik, ctx);
  return result.ok ? null : result.problem.code;
}

describe('parseNik', () => {
  it('reads a woman born 05-01-..90 in Kota Cilegon', () => {
    expect(info('3672014501900003')).toEqual({
      nik: '3672014501900003',
      provinceCode: '36',
      regencyCode: '36.72',
      districtCode: '36.72.01',
      sex: 'P',
      birthDay: 5,
      birthMonth: 1,
      birthYY: 90,
      serial: '0003',
    });
  });

  it('reads a man from a kabupaten', () => {
    const man = info('3604101508850123');
    expect(man.sex).toBe('L');
    expect(man.birthDay).toBe(15);
    expect(man.birthMonth).toBe(8);
    expect(man.birthYY).toBe(85);
    expect(man.regencyCode).toBe('36.04');
  });

  it('rejects wrong length and non-digits with distinct codes', () => {
    expect(code('367201450190000')).toBe('NIK_LENGTH');
    expect(code('36720145019000031')).toBe('NIK_LENGTH');
    expect(code('')).toBe('NIK_LENGTH');
    expect(code('3672.01.450190.0003')).toBe('NIK_NOT_DIGITS');
    expect(code('367201450190000A')).toBe('NIK_NOT_DIGITS');
  });

  it('rejects unknown provinces and kab/kota', () => {
    expect(code('9972014501900003')).toBe('NIK_PROVINCE_UNKNOWN');
    expect(code('3673014501900003')).toBe('NIK_REGENCY_UNKNOWN');
    expect(code('3600014501900003')).toBe('NIK_REGENCY_INVALID');
    expect(code('3670014501900003')).toBe('NIK_REGENCY_INVALID');
    expect(code('3672004501900003')).toBe('NIK_DISTRICT_INVALID');
  });

  it('checks the birth day, month and calendar', () => {
    expect(code('3672013201900003')).toBe('NIK_BIRTHDATE_INVALID'); // day 32
    expect(code('3672017201900003')).toBe('NIK_BIRTHDATE_INVALID'); // day 72 (woman 32)
    expect(code('3672010001900003')).toBe('NIK_BIRTHDATE_INVALID'); // day 0
    expect(code('3672014001900003')).toBe('NIK_BIRTHDATE_INVALID'); // day 40
    expect(code('3672011513900003')).toBe('NIK_BIRTHDATE_INVALID'); // month 13
    expect(code('3672011500900003')).toBe('NIK_BIRTHDATE_INVALID'); // month 0
    expect(code('3672013102900003')).toBe('NIK_BIRTHDATE_INVALID'); // 31 Feb
    expect(code('3672013104900003')).toBe('NIK_BIRTHDATE_INVALID'); // 31 Apr
    expect(code('3672017104900003')).toBe('NIK_BIRTHDATE_INVALID'); // woman, 31 Apr
    expect(code('3672013101900003')).toBeNull(); // 31 Jan
    expect(code('3672017101900003')).toBeNull(); // woman, 31 Jan
  });

  it('allows 29 February only when 19YY or 20YY can be a leap year', () => {
    expect(code('3672012902880003')).toBeNull(); // 1988 and 2088 are leap years
    expect(code('3672012902000003')).toBeNull(); // 2000 is a leap year, 1900 is not
    expect(code('3672012902890003')).toBe('NIK_BIRTHDATE_INVALID');
    expect(code('3672016902890003')).toBe('NIK_BIRTHDATE_INVALID'); // woman
  });

  it('rejects serial 0000', () => {
    expect(code('3672014501900000')).toBe('NIK_SERIAL_ZERO');
    expect(code('3672014501900001')).toBeNull();
  });

  it('never puts the NIK in a message', () => {
    for (const nik of ['3673014501900003', '3672013102900003', '3672014501900000', '3672004501900003']) {
      const result = parseNik(nik, ctx);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.problem.id).not.toContain(nik);
        expect(result.problem.en).not.toContain(nik);
        expect(result.problem.id.length).toBeGreaterThan(20);
      }
    }
  });
});

describe('nikBirthDate', () => {
  it('takes 20YY when that is not after today, else 19YY', () => {
    expect(nikBirthDate(info('3672014501900003'), '2025-06-01')).toBe('1990-01-05');
    expect(nikBirthDate(info('3672011503100003'), '2025-06-01')).toBe('2010-03-15');
    expect(nikBirthDate(info('3672011506250003'), '2025-06-01')).toBe('1925-06-15');
    expect(nikBirthDate(info('3672010106250003'), '2025-06-01')).toBe('2025-06-01');
  });

  it('puts 29-02-00 in 2000, the only century where it exists', () => {
    expect(nikBirthDate(info('3672012902000003'), '2025-06-01')).toBe('2000-02-29');
  });
});

describe('compareNikWithStated', () => {
  const woman1990 = info('3672014501900003');

  it('gives no warning when everything agrees or is empty', () => {
    expect(compareNikWithStated(woman1990, { birthDate: '1990-01-05', sex: 'P' })).toEqual([]);
    expect(compareNikWithStated(woman1990, { birthDate: null, sex: null })).toEqual([]);
  });

  it('compares only day, month and the 2-digit year', () => {
    expect(compareNikWithStated(woman1990, { birthDate: '2090-01-05', sex: null })).toEqual([]);
  });

  it('warns on a different sex', () => {
    const problems = compareNikWithStated(woman1990, { birthDate: null, sex: 'L' });
    expect(problems.map((p) => p.code)).toEqual(['NIK_SEX_MISMATCH']);
    expect(problems[0]?.id).toContain('perempuan');
  });

  it('warns on a different birth date and names the parts that differ', () => {
    const problems = compareNikWithStated(woman1990, { birthDate: '1990-05-01', sex: 'P' });
    expect(problems.map((p) => p.code)).toEqual(['NIK_BIRTHDATE_MISMATCH']);
    expect(problems[0]?.id).toContain('hari, bulan');
    expect(problems[0]?.en).toContain('day, month');
    expect(problems[0]?.id).not.toContain('tahun');

    const both = compareNikWithStated(woman1990, { birthDate: '1991-01-05', sex: 'L' });
    expect(both.map((p) => p.code)).toEqual(['NIK_SEX_MISMATCH', 'NIK_BIRTHDATE_MISMATCH']);
  });
});

describe('maskNik', () => {
  it('keeps the first and last 4 digits', () => {
    expect(maskNik('3672014501900003')).toBe('3672••••••••0003');
  });
});

describe('makeNik', () => {
  it('builds NIKs that parse back to the same facts', () => {
    const nik = makeNik({ regencyCode: '36.72', districtTwoDigits: '01', birthDate: '1990-01-05', sex: 'P', serial: 3 });
    expect(nik).toBe('3672014501900003');
    const man = makeNik({ regencyCode: '32.75', districtTwoDigits: '12', birthDate: '2001-12-31', sex: 'L', serial: 9999 });
    expect(man).toBe('3275123112019999');
    expect(info(man).sex).toBe('L');
    expect(nikBirthDate(info(man), '2025-01-01')).toBe('2001-12-31');
  });

  it('refuses impossible parts', () => {
    const base = { regencyCode: '36.72', districtTwoDigits: '01', birthDate: '1990-01-05', sex: 'L' as const };
    expect(() => makeNik({ ...base, serial: 0 })).toThrow();
    expect(() => makeNik({ ...base, serial: 10000 })).toThrow();
    expect(() => makeNik({ ...base, regencyCode: '3672', serial: 1 })).toThrow();
  });
});
