// NIK (Nomor Induk Kependudukan): 16 digits PP KK CC DDMMYY SSSS. Province, kab/kota and
// kecamatan of first registration (Kemendagri codes; kab 01-69, kota 71-99), birth day (+40 for
// women), month, 2-digit year, serial 0001-9999. There is no check digit, so structure is all we
// can verify. The kecamatan part is not checked against the region list: a NIK keeps the code
// of the kecamatan where it was first issued, which may have been split or renumbered since.
import { z } from 'zod';
import { problem, type Problem } from './problem.ts';

export interface NikInfo {
  nik: string;
  /** '36' */
  provinceCode: string;
  /** '36.72' */
  regencyCode: string;
  /** '36.72.01' */
  districtCode: string;
  sex: 'L' | 'P';
  birthDay: number;
  birthMonth: number;
  /** 0-99: the century is not in the NIK */
  birthYY: number;
  /** '0001'-'9999' */
  serial: string;
}

export interface NikRegionLookup {
  isKnownRegency(code: string): boolean;
  isKnownProvince(code: string): boolean;
}

export type ParseNikResult = { ok: true; info: NikInfo } | { ok: false; problem: Problem };

/** Women's birth day is stored with 40 added (41-71). */
const WOMAN_DAY_OFFSET = 40;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when year-month-day exists in the Gregorian calendar. */
/** 'YYYY-MM-DD' that is a real day (not 2027-02-30), for input schemas. */
export const calendarDate = z.string().refine((v) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}, 'a real date, YYYY-MM-DD');

export function isCalendarDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function fail(code: string, id: string, en: string): ParseNikResult {
  return { ok: false, problem: problem(code, id, en) };
}

export function parseNik(nik: string, ctx: NikRegionLookup): ParseNikResult {
  if (!/^\d*$/.test(nik)) {
    return fail(
      'NIK_NOT_DIGITS',
      'NIK hanya boleh berisi angka 0-9, tetapi ada karakter lain (huruf, spasi, titik atau tanda baca).',
      'A NIK may contain only the digits 0-9, but it has other characters (letters, spaces, dots or punctuation).',
    );
  }
  if (nik.length !== 16) {
    return fail(
      'NIK_LENGTH',
      `NIK berisi ${nik.length} digit; NIK harus tepat 16 digit.`,
      `The NIK has ${nik.length} digits; a NIK must have exactly 16 digits.`,
    );
  }

  const provinceCode = nik.slice(0, 2);
  const regencyTwo = nik.slice(2, 4);
  const districtTwo = nik.slice(4, 6);
  const rawDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const serial = nik.slice(12, 16);
  const regencyCode = `${provinceCode}.${regencyTwo}`;
  const districtCode = `${regencyCode}.${districtTwo}`;

  if (!ctx.isKnownProvince(provinceCode)) {
    return fail(
      'NIK_PROVINCE_UNKNOWN',
      `Dua digit pertama NIK (kode provinsi ${provinceCode}) bukan kode provinsi Kemendagri yang dikenal.`,
      `The first two digits of the NIK (province code ${provinceCode}) are not a known Kemendagri province code.`,
    );
  }
  const regencyNumber = Number(regencyTwo);
  if (regencyNumber < 1 || regencyNumber === 70) {
    return fail(
      'NIK_REGENCY_INVALID',
      `Digit 3-4 NIK (kode kabupaten/kota ${regencyTwo}) tidak mungkin: kabupaten bernomor 01-69 dan kota 71-99.`,
      `Digits 3-4 of the NIK (regency/city code ${regencyTwo}) are impossible: regencies are numbered 01-69 and cities 71-99.`,
    );
  }
  if (!ctx.isKnownRegency(regencyCode)) {
    return fail(
      'NIK_REGENCY_UNKNOWN',
      `Digit 1-4 NIK (kode kabupaten/kota ${regencyCode}) bukan kode kabupaten/kota Kemendagri yang dikenal.`,
      `Digits 1-4 of the NIK (regency/city code ${regencyCode}) are not a known Kemendagri regency/city code.`,
    );
  }
  if (districtTwo === '00') {
    return fail(
      'NIK_DISTRICT_INVALID',
      'Digit 5-6 NIK (kode kecamatan) adalah 00; kode kecamatan dimulai dari 01.',
      'Digits 5-6 of the NIK (district code) are 00; district codes start at 01.',
    );
  }

  const isWoman = rawDay > WOMAN_DAY_OFFSET;
  const day = isWoman ? rawDay - WOMAN_DAY_OFFSET : rawDay;
  const dayOk = (rawDay >= 1 && rawDay <= 31) || (rawDay >= 41 && rawDay <= 71);
  const monthOk = month >= 1 && month <= 12;
  // The century is unknown: 29 February is possible when 19YY or 20YY is a leap year.
  const dateOk =
    dayOk && monthOk && (isCalendarDate(1900 + yy, month, day) || isCalendarDate(2000 + yy, month, day));
  if (!dateOk) {
    const reason = !dayOk
      ? {
          id: `digit 7-8 (${pad2(rawDay)}) harus 01-31, atau 41-71 untuk perempuan`,
          en: `digits 7-8 (${pad2(rawDay)}) must be 01-31, or 41-71 for women`,
        }
      : !monthOk
        ? { id: `bulan (digit 9-10: ${pad2(month)}) harus 01-12`, en: `the month (digits 9-10: ${pad2(month)}) must be 01-12` }
        : {
            id: `tanggal ${pad2(day)}-${pad2(month)} tidak ada pada tahun ..${pad2(yy)}`,
            en: `day ${pad2(day)}-${pad2(month)} does not exist in year ..${pad2(yy)}`,
          };
    return fail(
      'NIK_BIRTHDATE_INVALID',
      `Tanggal lahir dalam NIK (digit 7-12) tidak valid: ${reason.id}.`,
      `The birth date inside the NIK (digits 7-12) is invalid: ${reason.en}.`,
    );
  }
  if (serial === '0000') {
    return fail(
      'NIK_SERIAL_ZERO',
      'Nomor urut NIK (4 digit terakhir) adalah 0000; nomor urut dimulai dari 0001.',
      'The serial number of the NIK (last 4 digits) is 0000; serial numbers start at 0001.',
    );
  }

  return {
    ok: true,
    info: {
      nik,
      provinceCode,
      regencyCode,
      districtCode,
      sex: isWoman ? 'P' : 'L',
      birthDay: day,
      birthMonth: month,
      birthYY: yy,
      serial,
    },
  };
}

/**
 * The full birth date 'YYYY-MM-DD' of a parsed NIK: 20YY when that date is not after `today`
 * ('YYYY-MM-DD'), else 19YY. (A 29 February that exists in only one century takes that century.)
 */
export function nikBirthDate(info: NikInfo, today: string): string {
  const format = (year: number) => `${year}-${pad2(info.birthMonth)}-${pad2(info.birthDay)}`;
  const candidates = [2000 + info.birthYY, 1900 + info.birthYY].filter((year) =>
    isCalendarDate(year, info.birthMonth, info.birthDay),
  );
  const notFuture = candidates.find((year) => format(year) <= today);
  return format(notFuture ?? candidates[candidates.length - 1] ?? 1900 + info.birthYY);
}

/**
 * Warnings when the stated sex or birth date contradicts the NIK. Birth dates are compared on
 * day, month and the last two digits of the year (the NIK has no century). Empty stated values
 * give no warning. The messages name the parts that differ, not the dates themselves.
 */
export function compareNikWithStated(
  info: NikInfo,
  stated: { birthDate: string | null; sex: 'L' | 'P' | null },
): Problem[] {
  const problems: Problem[] = [];
  if (stated.sex !== null && stated.sex !== info.sex) {
    const nikSex = info.sex === 'P' ? { id: 'perempuan', en: 'female' } : { id: 'laki-laki', en: 'male' };
    const statedSex = stated.sex === 'P' ? { id: 'perempuan', en: 'female' } : { id: 'laki-laki', en: 'male' };
    problems.push(
      problem(
        'NIK_SEX_MISMATCH',
        `Menurut NIK (tanggal lahir ${info.sex === 'P' ? 'ditambah 40' : 'tanpa tambahan 40'}) jenis kelaminnya ${nikSex.id}, tetapi yang tercatat ${statedSex.id}. Periksa NIK dan jenis kelamin.`,
        `The NIK says ${nikSex.en} (birth day ${info.sex === 'P' ? 'plus 40' : 'without the +40'}), but the recorded sex is ${statedSex.en}. Check the NIK and the sex.`,
      ),
    );
  }
  const m = stated.birthDate === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(stated.birthDate);
  if (m) {
    const parts: { id: string; en: string }[] = [];
    if (Number(m[3]) !== info.birthDay) parts.push({ id: 'hari', en: 'day' });
    if (Number(m[2]) !== info.birthMonth) parts.push({ id: 'bulan', en: 'month' });
    if (Number(m[1]) % 100 !== info.birthYY) parts.push({ id: 'tahun', en: 'year' });
    if (parts.length > 0) {
      problems.push(
        problem(
          'NIK_BIRTHDATE_MISMATCH',
          `Tanggal lahir yang tercatat berbeda dengan tanggal lahir dalam NIK (digit 7-12) pada: ${parts.map((p) => p.id).join(', ')}. Periksa NIK dan tanggal lahir.`,
          `The recorded birth date differs from the birth date inside the NIK (digits 7-12) in the ${parts.map((p) => p.en).join(', ')}. Check the NIK and the birth date.`,
        ),
      );
    }
  }
  return problems;
}

/** '3672014501900003' -> '3672••••••••0003': enough to tell records apart on screen. */
export function maskNik(nik: string): string {
  if (nik.length <= 8) return '•'.repeat(nik.length);
  return `${nik.slice(0, 4)}${'•'.repeat(nik.length - 8)}${nik.slice(-4)}`;
}

/**
 * Builds a structurally valid NIK (for the demo generator and tests).
 * regencyCode '36.72', districtTwoDigits '01', birthDate 'YYYY-MM-DD', serial 1-9999.
 */
export function makeNik(parts: {
  regencyCode: string;
  districtTwoDigits: string;
  birthDate: string;
  sex: 'L' | 'P';
  serial: number;
}): string {
  const regency = /^(\d{2})\.(\d{2})$/.exec(parts.regencyCode);
  const date = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(parts.birthDate);
  if (!regency || !date || !/^\d{2}$/.test(parts.districtTwoDigits)) {
    throw new Error('makeNik: expected regencyCode NN.NN, districtTwoDigits NN and birthDate YYYY-MM-DD');
  }
  if (!Number.isInteger(parts.serial) || parts.serial < 1 || parts.serial > 9999) {
    throw new Error('makeNik: serial must be an integer 1-9999');
  }
  const [, yy, mm, dd] = date;
  const day = Number(dd) + (parts.sex === 'P' ? WOMAN_DAY_OFFSET : 0);
  return `${regency[1]}${regency[2]}${parts.districtTwoDigits}${pad2(day)}${mm}${yy}${String(parts.serial).padStart(4, '0')}`;
}
