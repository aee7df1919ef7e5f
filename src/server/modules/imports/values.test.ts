import { describe, expect, it } from 'vitest';
import {
  normalizeName,
  readDate,
  readDesil,
  readKk,
  readKpj,
  readNik,
  readPhone,
  readRegionCode,
  readRt,
  readRtRw,
  readRw,
  readSex,
  readText,
  type ReadResult,
} from './values.ts';

function value<T>(result: ReadResult<T>): T | null {
  if (!result.ok) throw new Error(`expected a value, got ${result.problem.code}: ${result.problem.en}`);
  return result.value;
}

function code<T>(result: ReadResult<T>): string | null {
  return result.ok ? null : result.problem.code;
}

const NIK = '3672014501900003';

describe('readNik', () => {
  it('accepts 16 digits, trimming spaces and the Excel text apostrophe', () => {
    expect(value(readNik(NIK))).toBe(NIK);
    expect(value(readNik(`  ${NIK} `))).toBe(NIK);
    expect(value(readNik(`'${NIK}`))).toBe(NIK);
    expect(value(readNik('3672 0145 0190 0003'))).toBe(NIK);
    expect(value(readNik('3672\u00A0014501900003'))).toBe(NIK);
  });

  it('reads empty cells as null', () => {
    expect(value(readNik(''))).toBeNull();
    expect(value(readNik('   '))).toBeNull();
    expect(value(readNik(null))).toBeNull();
    expect(value(readNik(undefined))).toBeNull();
  });

  it('recognises what Excel did to the number', () => {
    expect(code(readNik('3.67201E+15'))).toBe('NIK_EXCEL_SCIENTIFIC');
    expect(code(readNik('3,67201E+15'))).toBe('NIK_EXCEL_SCIENTIFIC');
    expect(code(readNik('3.672014501900E+15'))).toBe('NIK_EXCEL_SCIENTIFIC');
    expect(code(readNik('3672014501900003.0'))).toBe('NIK_EXCEL_DECIMAL');
    expect(code(readNik('3672014501900000,0'))).toBe('NIK_EXCEL_DECIMAL');
    expect(code(readNik(3672014501900000))).toBe('NIK_EXCEL_NUMBER');
    expect(code(readNik(12))).toBe('NIK_EXCEL_NUMBER');
    expect(code(readNik('367201450190003'))).toBe('NIK_15_DIGITS');
  });

  it('tells the user how to fix Excel damage', () => {
    const result = readNik('3.67201E+15');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.id).toContain('Teks');
      expect(result.problem.en).toContain('Text');
    }
  });

  it('rejects other lengths and non-digits without silently removing dots or dashes', () => {
    expect(code(readNik('36720145019000031'))).toBe('NIK_LENGTH');
    expect(code(readNik('3672'))).toBe('NIK_LENGTH');
    expect(code(readNik('3672.0145.0190.0003'))).toBe('NIK_NOT_DIGITS');
    expect(code(readNik('3672-0145-0190-0003'))).toBe('NIK_NOT_DIGITS');
    expect(code(readNik('NIK 3672014501900003'))).toBe('NIK_NOT_DIGITS');
    expect(code(readNik(new Date(Date.UTC(1990, 0, 5))))).toBe('NIK_NOT_DIGITS');
    expect(code(readNik(true))).toBe('NIK_NOT_DIGITS');
  });

  it('never quotes the NIK in messages', () => {
    for (const cell of [`${NIK}1`, '3672.0145.0190.0003', '367201450190003', `${NIK}.0`]) {
      const result = readNik(cell);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.problem.id).not.toContain('3672014501');
        expect(result.problem.en).not.toContain('3672014501');
      }
    }
    const dots = readNik('3672.0145.0190.0003');
    if (!dots.ok) expect(dots.problem.id).toContain('titik');
  });
});

describe('readKk', () => {
  it('applies the same checks with KK codes', () => {
    expect(value(readKk("'3672010101090001"))).toBe('3672010101090001');
    expect(value(readKk(''))).toBeNull();
    expect(code(readKk('3.67201E+15'))).toBe('KK_EXCEL_SCIENTIFIC');
    expect(code(readKk('3672010101090001.0'))).toBe('KK_EXCEL_DECIMAL');
    expect(code(readKk(3672010101090000))).toBe('KK_EXCEL_NUMBER');
    expect(code(readKk('367201010109000'))).toBe('KK_15_DIGITS');
    expect(code(readKk('36720101010900011'))).toBe('KK_LENGTH');
    expect(code(readKk('3672-0101-0109-0001'))).toBe('KK_NOT_DIGITS');
  });
});

describe('readKpj', () => {
  it('accepts 8-13 digits', () => {
    expect(value(readKpj('12345678'))).toBe('12345678');
    expect(value(readKpj(' 1234 5678 901 '))).toBe('12345678901');
    expect(value(readKpj(12345678901))).toBe('12345678901');
    expect(value(readKpj('12345678901.0'))).toBe('12345678901');
    expect(value(readKpj(''))).toBeNull();
  });

  it('rejects Excel damage and wrong lengths', () => {
    expect(code(readKpj('1.23457E+10'))).toBe('KPJ_EXCEL_SCIENTIFIC');
    expect(code(readKpj(3672014501900000))).toBe('KPJ_EXCEL_NUMBER');
    expect(code(readKpj('1234567'))).toBe('KPJ_INVALID');
    expect(code(readKpj('12345678901234'))).toBe('KPJ_INVALID');
    expect(code(readKpj('1234-5678-901'))).toBe('KPJ_INVALID');
    expect(code(readKpj(1234567.5))).toBe('KPJ_INVALID');
  });
});

describe('readDate', () => {
  const today = '2025-06-30';
  const date = (cell: Parameters<typeof readDate>[0]) => value(readDate(cell, today));
  const dateCode = (cell: Parameters<typeof readDate>[0]) => code(readDate(cell, today));

  it('reads Indonesian day-first formats', () => {
    expect(date('15/01/1980')).toBe('1980-01-15');
    expect(date('5/1/1980')).toBe('1980-01-05');
    expect(date('15-01-1980')).toBe('1980-01-15');
    expect(date('15.01.1980')).toBe('1980-01-15');
    expect(date('01/02/1980')).toBe('1980-02-01'); // DD/MM, not MM/DD
  });

  it('reads year-first and ISO formats', () => {
    expect(date('1980-01-15')).toBe('1980-01-15');
    expect(date('1980/1/15')).toBe('1980-01-15');
    expect(date('1980-01-15T00:00:00')).toBe('1980-01-15');
    expect(date('1980-01-15T00:00:00Z')).toBe('1980-01-15');
    expect(date('1980-01-15T00:00:00.000Z')).toBe('1980-01-15');
  });

  it('reads Excel serial numbers, as numbers or digit strings', () => {
    expect(date(29221)).toBe('1980-01-01');
    expect(date(44927)).toBe('2023-01-01');
    expect(date('29221')).toBe('1980-01-01');
    expect(date(29221.75)).toBe('1980-01-01'); // the fraction is the time of day
    expect(date(61)).toBe('1900-03-01');
    expect(date(59)).toBe('1900-02-28');
    expect(date(1)).toBe('1900-01-01');
    expect(dateCode(60)).toBe('DATE_EXCEL_FICTITIOUS');
    expect(dateCode(0)).toBe('DATE_INVALID');
    expect(dateCode(2958466)).toBe('DATE_INVALID');
    expect(dateCode(2958465)).toBe('DATE_OUT_OF_RANGE'); // 9999-12-31
  });

  it('treats a bare year as a missing date, not as an Excel serial', () => {
    expect(dateCode(1980)).toBe('DATE_YEAR_ONLY');
    expect(dateCode('1980')).toBe('DATE_YEAR_ONLY');
  });

  it('reads Date cells by their UTC parts', () => {
    expect(date(new Date(Date.UTC(1980, 0, 15)))).toBe('1980-01-15');
    expect(date(new Date(Date.UTC(1980, 0, 15, 23, 30)))).toBe('1980-01-15');
    expect(dateCode(new Date(Number.NaN))).toBe('DATE_INVALID');
  });

  it('reads Indonesian and English month names', () => {
    expect(date('15 Januari 1980')).toBe('1980-01-15');
    expect(date('15 Jan 1980')).toBe('1980-01-15');
    expect(date('15-Agu-1980')).toBe('1980-08-15');
    expect(date('15 Agt 1980')).toBe('1980-08-15');
    expect(date('15 August 1980')).toBe('1980-08-15');
    expect(date('1 Mei 1975')).toBe('1975-05-01');
    expect(date('31 Des 1999')).toBe('1999-12-31');
    expect(date('9 OKTOBER 1985')).toBe('1985-10-09');
    expect(date('Senin, 15 Januari 1980')).toBe('1980-01-15');
    expect(date('January 15, 1980')).toBe('1980-01-15');
    expect(dateCode('15 Janvier 1980')).toBe('DATE_INVALID');
  });

  it('rejects days that do not exist', () => {
    expect(dateCode('31/02/1990')).toBe('DATE_INVALID');
    expect(dateCode('29/02/1990')).toBe('DATE_INVALID');
    expect(date('29/02/1992')).toBe('1992-02-29');
    expect(dateCode('31 April 1990')).toBe('DATE_INVALID');
    expect(dateCode('1990-13-01')).toBe('DATE_INVALID');
  });

  it('rejects 2-digit years', () => {
    expect(dateCode('15/01/80')).toBe('DATE_TWO_DIGIT_YEAR');
    expect(dateCode('15-Jan-80')).toBe('DATE_TWO_DIGIT_YEAR');
  });

  it('rejects month-first dates instead of swapping them', () => {
    expect(dateCode('01/15/1980')).toBe('DATE_MONTH_FIRST');
    expect(dateCode('13/13/1980')).toBe('DATE_INVALID');
    expect(dateCode('01/45/1980')).toBe('DATE_INVALID');
  });

  it('rejects dates in the future or before 1900', () => {
    expect(dateCode('01/07/2025')).toBe('DATE_OUT_OF_RANGE');
    expect(date('30/06/2025')).toBe('2025-06-30');
    expect(dateCode('31/12/1899')).toBe('DATE_OUT_OF_RANGE');
  });

  it('defaults today to the current date', () => {
    expect(code(readDate('01/01/2999'))).toBe('DATE_OUT_OF_RANGE');
    expect(value(readDate('01/01/2000'))).toBe('2000-01-01');
  });

  it('reads empty cells as null and rejects garbage with the value in the message', () => {
    expect(date('')).toBeNull();
    expect(date(null)).toBeNull();
    const result = readDate('kemarin', today);
    expect(code(result)).toBe('DATE_INVALID');
    if (!result.ok) expect(result.problem.id).toContain('"kemarin"');
    expect(dateCode(true)).toBe('DATE_INVALID');
  });
});

describe('readSex', () => {
  it('reads the usual spellings', () => {
    for (const cell of ['L', 'l', 'Laki-laki', 'LAKI-LAKI', 'Laki laki', 'Lelaki', 'Pria', 'M', 'Male', 1, '1', 'LK']) {
      expect(value(readSex(cell))).toBe('L');
    }
    for (const cell of ['P', 'p', 'Perempuan', 'PEREMPUAN', 'Wanita', 'F', 'female', 2, '2', '2.0']) {
      expect(value(readSex(cell))).toBe('P');
    }
  });

  it('rejects anything else', () => {
    expect(value(readSex(''))).toBeNull();
    expect(code(readSex('X'))).toBe('SEX_INVALID');
    expect(code(readSex(3))).toBe('SEX_INVALID');
    expect(code(readSex('10'))).toBe('SEX_INVALID');
    expect(code(readSex(true))).toBe('SEX_INVALID');
  });

  it('does not quote a NIK that landed in the sex column', () => {
    const result = readSex(NIK);
    expect(code(result)).toBe('SEX_INVALID');
    if (!result.ok) expect(result.problem.id).not.toContain(NIK);
  });
});

describe('readDesil', () => {
  it('reads 1..10 from numbers and text', () => {
    expect(value(readDesil(1))).toBe(1);
    expect(value(readDesil(10))).toBe(10);
    expect(value(readDesil('1'))).toBe(1);
    expect(value(readDesil('01'))).toBe(1);
    expect(value(readDesil('Desil 1'))).toBe(1);
    expect(value(readDesil('DESIL 4'))).toBe(4);
    expect(value(readDesil('D1'))).toBe(1);
    expect(value(readDesil('1.0'))).toBe(1);
    expect(value(readDesil(''))).toBeNull();
  });

  it('rejects anything else', () => {
    for (const cell of [0, 11, 1.5, '0', '11', 'Desil', 'satu', '1-2']) {
      expect(code(readDesil(cell))).toBe('DESIL_INVALID');
    }
  });
});

describe('readPhone', () => {
  it('normalises mobile numbers to 08…', () => {
    expect(value(readPhone('081234567890'))).toBe('081234567890');
    expect(value(readPhone('+62 812-3456-7890'))).toBe('081234567890');
    expect(value(readPhone(81234567890))).toBe('081234567890');
    expect(value(readPhone('6281234567890'))).toBe('081234567890');
    expect(value(readPhone('(0812) 3456.7890'))).toBe('081234567890');
    expect(value(readPhone("'081234567890"))).toBe('081234567890');
    expect(value(readPhone('+62 (0)812 3456 7890'))).toBe('081234567890');
    expect(value(readPhone(6281234567890))).toBe('081234567890');
  });

  it('accepts landlines with an area code', () => {
    expect(value(readPhone('(0254) 391234'))).toBe('0254391234');
    expect(value(readPhone('021-5551234'))).toBe('0215551234');
  });

  it('rejects what is not one Indonesian number', () => {
    expect(value(readPhone(''))).toBeNull();
    expect(code(readPhone('0812345'))).toBe('PHONE_INVALID');
    expect(code(readPhone('08123456789012'))).toBe('PHONE_INVALID');
    expect(code(readPhone('0812345678 / 0813345678'))).toBe('PHONE_INVALID');
    expect(code(readPhone('tidak ada'))).toBe('PHONE_INVALID');
    expect(code(readPhone('8.12346E+10'))).toBe('PHONE_INVALID');
    expect(code(readPhone('+1 415 555 0100'))).toBe('PHONE_INVALID');
  });

  it('does not quote the number in messages', () => {
    const result = readPhone('08123456789012');
    if (!result.ok) expect(result.problem.id).not.toContain('08123456789012');
  });
});

describe('readRt, readRw, readRtRw', () => {
  it('pads single values to 3 digits', () => {
    expect(value(readRt('1'))).toBe('001');
    expect(value(readRt(12))).toBe('012');
    expect(value(readRt('RT 03'))).toBe('003');
    expect(value(readRw('RW.002'))).toBe('002');
    expect(value(readRt('000'))).toBeNull();
    expect(value(readRt(''))).toBeNull();
    expect(code(readRt('1000'))).toBe('RT_INVALID');
    expect(code(readRt('satu'))).toBe('RT_INVALID');
    expect(code(readRw('x'))).toBe('RW_INVALID');
  });

  it('reads combined RT/RW', () => {
    expect(value(readRtRw('RT 001/RW 002'))).toEqual({ rt: '001', rw: '002' });
    expect(value(readRtRw('001/002'))).toEqual({ rt: '001', rw: '002' });
    expect(value(readRtRw('1/2'))).toEqual({ rt: '001', rw: '002' });
    expect(value(readRtRw('RT.01 RW.02'))).toEqual({ rt: '001', rw: '002' });
    expect(value(readRtRw('rt01rw02'))).toEqual({ rt: '001', rw: '002' });
    expect(value(readRtRw('01 - 02'))).toEqual({ rt: '001', rw: '002' });
    expect(value(readRtRw('3'))).toEqual({ rt: '003', rw: null });
    expect(value(readRtRw('RW 4'))).toEqual({ rt: null, rw: '004' });
    expect(value(readRtRw(''))).toBeNull();
    expect(code(readRtRw('0102'))).toBe('RT_RW_INVALID');
    expect(code(readRtRw('1/2/3'))).toBe('RT_RW_INVALID');
  });

  it('flags RT/RW that Excel turned into a date', () => {
    expect(code(readRtRw(new Date(Date.UTC(2025, 1, 1))))).toBe('RT_RW_INVALID');
    expect(code(readRtRw('1-Feb'))).toBe('RT_RW_INVALID');
    expect(code(readRt(new Date(Date.UTC(2025, 1, 1))))).toBe('RT_INVALID');
    const result = readRtRw('01-Feb');
    if (!result.ok) expect(result.problem.en).toContain('date');
  });
});

describe('readRegionCode', () => {
  it('accepts dotted and plain 10-digit codes', () => {
    expect(value(readRegionCode('36.72.01.1001'))).toBe('36.72.01.1001');
    expect(value(readRegionCode('3672011001'))).toBe('36.72.01.1001');
    expect(value(readRegionCode(3672011001))).toBe('36.72.01.1001');
    expect(value(readRegionCode("'3672011001"))).toBe('36.72.01.1001');
    expect(value(readRegionCode('3672011001.0'))).toBe('36.72.01.1001');
    expect(value(readRegionCode(''))).toBeNull();
  });

  it('rejects other shapes', () => {
    expect(code(readRegionCode('36.72.01'))).toBe('REGION_CODE_INVALID');
    expect(code(readRegionCode('367201100'))).toBe('REGION_CODE_INVALID');
    expect(code(readRegionCode('36-72-01-1001'))).toBe('REGION_CODE_INVALID');
    expect(code(readRegionCode('3.67201E+09'))).toBe('REGION_CODE_INVALID');
    expect(code(readRegionCode(36720110.5))).toBe('REGION_CODE_INVALID');
  });
});

describe('readText', () => {
  it('trims and collapses whitespace', () => {
    expect(value(readText('  Jl.  Raya\tAnyer \n No. 5 ', 100))).toBe('Jl. Raya Anyer No. 5');
    expect(value(readText('   ', 100))).toBeNull();
    expect(value(readText(null, 100))).toBeNull();
    expect(value(readText(12, 100))).toBe('12');
  });

  it('rejects text longer than the limit', () => {
    expect(value(readText('abcde', 5))).toBe('abcde');
    expect(code(readText('abcdef', 5))).toBe('TEXT_TOO_LONG');
  });
});

describe('normalizeName', () => {
  it('makes names comparable', () => {
    expect(normalizeName('Kel. Ciwaduk')).toBe('ciwaduk');
    expect(normalizeName('KELURAHAN  CIWADUK')).toBe('ciwaduk');
    expect(normalizeName('Desa Tegal-Ratu')).toBe('tegal ratu');
    expect(normalizeName('Kec. Cibeber')).toBe('cibeber');
    expect(normalizeName('Kecamatan Cibeber')).toBe('cibeber');
    expect(normalizeName("Ma'rang")).toBe('marang');
    expect(normalizeName('Sérang')).toBe('serang');
    expect(normalizeName('Ojek Online (Gojek)')).toBe('ojek online gojek');
  });

  it('keeps a word when the name is only a level word, and treats both sides alike', () => {
    expect(normalizeName('Desa')).toBe('desa');
    expect(normalizeName('Desa Baru')).toBe(normalizeName('Kel. Desa Baru'));
  });
});
