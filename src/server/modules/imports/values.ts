// Turning messy spreadsheet cells into clean values. Each reader returns the clean value (null
// for an empty cell) or one Problem saying what is wrong and how to fix it. Values that Excel
// has already damaged (a NIK shown as 3.67201E+15, or stored as a number so the 16th digit is
// lost) are rejected, never repaired: a guessed NIK is worse than none.
import { isCalendarDate } from '../registry/nik.ts';
import { problem, type Problem } from '../registry/problem.ts';

/** A cell as it arrives: a string from CSV; a number, Date, boolean or string from XLSX. */
export type Cell = string | number | boolean | Date | null | undefined;

export type ReadResult<T> = { ok: true; value: T | null } | { ok: false; problem: Problem };

const EMPTY: ReadResult<never> = { ok: true, value: null };

function ok<T>(value: T | null): ReadResult<T> {
  return { ok: true, value };
}

function fail(code: string, id: string, en: string): ReadResult<never> {
  return { ok: false, problem: problem(code, id, en) };
}

/** Zero-width characters and the BOM, which survive copy-paste from web pages and Word. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const HAS_INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/;
/** Whitespace that readText rewrites: anything but a single space. */
const ODD_SPACE = /[^\S ]| {2}/;

/**
 * Trim (trim() takes non-breaking spaces too) and drop invisible characters. Runs on every cell
 * of an import: most cells have nothing to drop and are only trimmed.
 */
function cleanString(s: string): string {
  return HAS_INVISIBLE.test(s) ? s.replace(INVISIBLE, '').trim() : s.trim();
}

/** A leading apostrophe is Excel's "store as text" marker (also typed as a typographic quote). */
function stripTextMarker(s: string): string {
  return s.replace(/^['\u2018\u2019`]/, '');
}

/**
 * Quotes a cell value in a message only when it cannot be an identifier: short, and without
 * enough digits to be a NIK, KK, KPJ or phone number (a shifted column can put a NIK anywhere).
 */
function quote(s: string): { id: string; en: string } {
  const digits = s.replace(/\D/g, '').length;
  if (digits > 8 || s.length > 30) {
    return { id: `(nilai ${s.length} karakter)`, en: `(a ${s.length}-character value)` };
  }
  return { id: `"${s}"`, en: `"${s}"` };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// ---------------------------------------------------------------------------------------------
// Long identifiers: NIK, No. KK, KPJ

interface IdLabel {
  /** code prefix: 'NIK', 'KK' */
  prefix: string;
  id: string;
  en: string;
}

const EXCEL_FIX_ID =
  'Di Excel, format kolom sebagai Teks (Format Cells > Text) sebelum menempel atau mengetik nomornya, ambil ulang nomor dari sumber aslinya, lalu ekspor lagi.';
const EXCEL_FIX_EN =
  'In Excel, format the column as Text (Format Cells > Text) before pasting or typing the numbers, take the numbers again from the original source, and export again.';

/** Describes the non-digit characters in a value without quoting the value. */
function describeNonDigits(s: string): { id: string; en: string } {
  const kinds = new Map<string, { id: string; en: string }>();
  for (const ch of s) {
    if (/\d/.test(ch)) continue;
    if (/\p{L}/u.test(ch)) kinds.set('letter', { id: 'huruf', en: 'letters' });
    else if (ch === '.') kinds.set('.', { id: 'titik', en: 'dots' });
    else if (ch === '-') kinds.set('-', { id: 'tanda hubung', en: 'dashes' });
    else if (ch === '/') kinds.set('/', { id: 'garis miring', en: 'slashes' });
    else kinds.set(ch, { id: `"${ch}"`, en: `"${ch}"` });
  }
  const list = [...kinds.values()];
  return { id: list.map((k) => k.id).join(', '), en: list.map((k) => k.en).join(', ') };
}

/** The Excel damage checks shared by all 16-digit identifiers. Returns the digit string or a problem. */
function readSixteenDigits(cell: Cell, label: IdLabel): ReadResult<string> {
  if (cell === null || cell === undefined) return EMPTY;
  if (typeof cell === 'number') {
    // Excel keeps 15 significant digits, so a 16-digit number has already lost its last digit.
    return fail(
      `${label.prefix}_EXCEL_NUMBER`,
      `${label.id} tersimpan sebagai angka di Excel, bukan teks. Excel hanya menyimpan 15 digit, sehingga digit ke-16 sudah hilang (menjadi 0). ${EXCEL_FIX_ID}`,
      `The ${label.en} is stored as a number in Excel, not as text. Excel keeps only 15 digits, so the 16th digit is already lost (turned into 0). ${EXCEL_FIX_EN}`,
    );
  }
  if (typeof cell === 'boolean' || cell instanceof Date) {
    const kind = cell instanceof Date ? { id: 'tanggal', en: 'a date' } : { id: 'nilai benar/salah', en: 'a true/false value' };
    return fail(
      `${label.prefix}_NOT_DIGITS`,
      `Sel ${label.id} berisi ${kind.id}, bukan nomor 16 digit. Periksa apakah kolomnya tertukar.`,
      `The ${label.en} cell holds ${kind.en}, not a 16-digit number. Check whether the columns are mixed up.`,
    );
  }
  const s = stripTextMarker(cleanString(cell)).replace(/[\s\u00A0]+/g, '');
  if (s === '') return EMPTY;
  if (/^\d+([.,]\d+)?E[+-]?\d+$/i.test(s)) {
    return fail(
      `${label.prefix}_EXCEL_SCIENTIFIC`,
      `${label.id} tertulis dalam notasi ilmiah (seperti 3.67201E+15): Excel menganggapnya angka dan digit belakangnya sudah hilang. ${EXCEL_FIX_ID}`,
      `The ${label.en} is written in scientific notation (like 3.67201E+15): Excel treated it as a number and its last digits are lost. ${EXCEL_FIX_EN}`,
    );
  }
  if (/^\d+[.,]0+$/.test(s)) {
    return fail(
      `${label.prefix}_EXCEL_DECIMAL`,
      `${label.id} diakhiri ",0" atau ".0": nomor ini pernah disimpan sebagai angka desimal, sehingga digit terakhirnya tidak bisa dipercaya. ${EXCEL_FIX_ID}`,
      `The ${label.en} ends in ".0" or ",0": it was stored as a decimal number, so its last digit cannot be trusted. ${EXCEL_FIX_EN}`,
    );
  }
  if (!/^\d+$/.test(s)) {
    const found = describeNonDigits(s);
    return fail(
      `${label.prefix}_NOT_DIGITS`,
      `${label.id} hanya boleh berisi 16 angka, tetapi ada ${found.id}. Hapus karakter selain angka di file sumber.`,
      `The ${label.en} may contain only 16 digits, but it has ${found.en}. Remove the non-digit characters in the source file.`,
    );
  }
  if (s.length === 15) {
    return fail(
      `${label.prefix}_15_DIGITS`,
      `${label.id} hanya 15 digit, kurang satu digit: angka 0 di depan hilang atau Excel memotong digit terakhir. ${EXCEL_FIX_ID}`,
      `The ${label.en} has only 15 digits, one is missing: a leading 0 was lost or Excel cut off the last digit. ${EXCEL_FIX_EN}`,
    );
  }
  if (s.length !== 16) {
    return fail(
      `${label.prefix}_LENGTH`,
      `${label.id} berisi ${s.length} digit; seharusnya tepat 16 digit.`,
      `The ${label.en} has ${s.length} digits; it must have exactly 16.`,
    );
  }
  return ok(s);
}

/** A NIK cell -> its 16 digits (structure is checked separately by parseNik). */
export function readNik(cell: Cell): ReadResult<string> {
  return readSixteenDigits(cell, { prefix: 'NIK', id: 'NIK', en: 'NIK' });
}

/** A No. KK (family card number) cell -> its 16 digits. */
export function readKk(cell: Cell): ReadResult<string> {
  return readSixteenDigits(cell, { prefix: 'KK', id: 'Nomor KK', en: 'family card number (No. KK)' });
}

/** A KPJ (BPJS Ketenagakerjaan membership number) cell -> 8-13 digits. */
export function readKpj(cell: Cell): ReadResult<string> {
  if (cell === null || cell === undefined) return EMPTY;
  let s: string;
  if (typeof cell === 'number') {
    // Below 1e15 an integer survives Excel intact; above it, digits are lost.
    if (cell >= 1e15) {
      return fail(
        'KPJ_EXCEL_NUMBER',
        `Nomor KPJ tersimpan sebagai angka yang terlalu panjang untuk Excel, sehingga digit belakangnya hilang. ${EXCEL_FIX_ID}`,
        `The KPJ number is stored as a number too long for Excel, so its last digits are lost. ${EXCEL_FIX_EN}`,
      );
    }
    if (!Number.isInteger(cell) || cell < 0) return kpjInvalid('bukan bilangan bulat', 'not a whole number');
    s = String(cell);
  } else if (typeof cell === 'string') {
    s = stripTextMarker(cleanString(cell)).replace(/[\s\u00A0]+/g, '');
    if (s === '') return EMPTY;
    if (/^\d+([.,]\d+)?E[+-]?\d+$/i.test(s)) {
      return fail(
        'KPJ_EXCEL_SCIENTIFIC',
        `Nomor KPJ tertulis dalam notasi ilmiah (seperti 1.23457E+10): Excel menganggapnya angka dan digit belakangnya hilang. ${EXCEL_FIX_ID}`,
        `The KPJ number is written in scientific notation (like 1.23457E+10): Excel treated it as a number and its last digits are lost. ${EXCEL_FIX_EN}`,
      );
    }
    // A KPJ has at most 13 digits, so a trailing ".0" from a number column lost nothing.
    s = s.replace(/^(\d{1,15})[.,]0+$/, '$1');
  } else {
    return kpjInvalid('bukan nomor', 'not a number');
  }
  if (!/^\d+$/.test(s)) {
    const found = describeNonDigits(s);
    return kpjInvalid(`ada ${found.id}`, `it has ${found.en}`);
  }
  if (s.length < 8 || s.length > 13) {
    return kpjInvalid(`berisi ${s.length} digit`, `it has ${s.length} digits`);
  }
  return ok(s);
}

function kpjInvalid(reasonId: string, reasonEn: string): ReadResult<never> {
  return fail(
    'KPJ_INVALID',
    `Nomor KPJ (kartu peserta BPJS Ketenagakerjaan) tidak valid: ${reasonId}. Nomor KPJ terdiri dari 8-13 angka.`,
    `The KPJ number (BPJS Ketenagakerjaan membership number) is invalid: ${reasonEn}. A KPJ number has 8-13 digits.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: Record<string, number> = {
  januari: 1, january: 1, jan: 1,
  februari: 2, pebruari: 2, february: 2, feb: 2, peb: 2,
  maret: 3, march: 3, mar: 3,
  april: 4, apr: 4,
  mei: 5, may: 5,
  juni: 6, june: 6, jun: 6,
  juli: 7, july: 7, jul: 7,
  agustus: 8, august: 8, agu: 8, agt: 8, ags: 8, aug: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, october: 10, okt: 10, oct: 10,
  november: 11, nopember: 11, nov: 11, nop: 11,
  desember: 12, december: 12, des: 12, dec: 12,
};

/** Excel's largest date serial: 9999-12-31. */
const EXCEL_MAX_SERIAL = 2958465;
/** Excel's serial 60 is 1900-02-29, a day that never existed (a Lotus 1-2-3 bug Excel kept). */
const EXCEL_FICTITIOUS_SERIAL = 60;
const DAY_MS = 86_400_000;

function todayLocal(): string {
  const now = new Date();
  return `${now.getFullYear()}-${pad(now.getMonth() + 1, 2)}-${pad(now.getDate(), 2)}`;
}

const DATE_FORMATS_ID = 'HH/BB/TTTT (misalnya 15/01/1980), TTTT-BB-HH atau 15 Januari 1980';
const DATE_FORMATS_EN = 'DD/MM/YYYY (e.g. 15/01/1980), YYYY-MM-DD or 15 Januari 1980';

function dateInvalid(raw: string, reasonId: string, reasonEn: string): ReadResult<never> {
  const q = quote(raw);
  return fail(
    'DATE_INVALID',
    `Tanggal ${q.id} tidak valid: ${reasonId}. Gunakan format ${DATE_FORMATS_ID}.`,
    `The date ${q.en} is invalid: ${reasonEn}. Use ${DATE_FORMATS_EN}.`,
  );
}

function fromExcelSerial(serial: number, raw: string, today: string): ReadResult<string> {
  const whole = Math.floor(serial); // a fraction is the time of day
  if (whole === EXCEL_FICTITIOUS_SERIAL) {
    return fail(
      'DATE_EXCEL_FICTITIOUS',
      'Nomor tanggal Excel 60 berarti 29 Februari 1900, tanggal yang tidak pernah ada (kesalahan bawaan Excel). Periksa tanggal ini di file sumber.',
      "Excel date number 60 means 29 February 1900, a day that never existed (a known Excel bug). Check this date in the source file.",
    );
  }
  if (whole < 1 || whole > EXCEL_MAX_SERIAL) {
    return dateInvalid(raw, 'angka di luar rentang nomor tanggal Excel', 'the number is outside the range of Excel date numbers');
  }
  // Serials above 60 count from 1899-12-30 because Excel counts the fictitious 29 Feb 1900.
  const epoch = whole > EXCEL_FICTITIOUS_SERIAL ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
  const d = new Date(epoch + whole * DAY_MS);
  return checkDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), raw, today);
}

function checkDate(year: number, month: number, day: number, raw: string, today: string): ReadResult<string> {
  if (!isCalendarDate(year, month, day)) {
    return dateInvalid(raw, 'tanggal ini tidak ada di kalender', 'this day does not exist in the calendar');
  }
  const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (year < 1900 || iso > today) {
    const q = quote(raw);
    return fail(
      'DATE_OUT_OF_RANGE',
      `Tanggal ${q.id} ${year < 1900 ? 'sebelum tahun 1900' : 'ada di masa depan'}; tanggal lahir harus antara 1900 dan hari ini.`,
      `The date ${q.en} is ${year < 1900 ? 'before 1900' : 'in the future'}; a birth date must be between 1900 and today.`,
    );
  }
  return ok(iso);
}

function twoDigitYear(raw: string): ReadResult<never> {
  const q = quote(raw);
  return fail(
    'DATE_TWO_DIGIT_YEAR',
    `Tanggal ${q.id} memakai tahun 2 digit, sehingga abadnya tidak jelas (19.. atau 20..). Tulis tahun lengkap 4 digit, misalnya 15/01/1980.`,
    `The date ${q.en} has a 2-digit year, so the century is unclear (19.. or 20..). Write the full 4-digit year, e.g. 15/01/1980.`,
  );
}

/**
 * A date cell -> 'YYYY-MM-DD'. `today` ('YYYY-MM-DD', default the current local date) is the
 * latest date accepted. Day/month order is Indonesian (DD/MM/YYYY); a value that can only be
 * month/day is rejected rather than silently swapped, because it signals a whole file in US order.
 */
export function readDate(cell: Cell, today: string = todayLocal()): ReadResult<string> {
  if (cell === null || cell === undefined) return EMPTY;
  if (typeof cell === 'boolean') {
    return fail(
      'DATE_INVALID',
      'Sel tanggal berisi nilai benar/salah, bukan tanggal. Periksa apakah kolomnya tertukar.',
      'The date cell holds a true/false value, not a date. Check whether the columns are mixed up.',
    );
  }
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return dateInvalid('', 'sel tanggal Excel rusak', 'the Excel date cell is broken');
    // Spreadsheets store no time zone: the UTC parts are the date that was typed.
    const raw = cell.toISOString().slice(0, 10);
    return checkDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate(), raw, today);
  }
  if (typeof cell === 'number') {
    const yearOnly = readYearOnly(cell, String(cell));
    if (yearOnly) return yearOnly;
    return fromExcelSerial(cell, String(cell), today);
  }

  const raw = stripTextMarker(cleanString(cell)).replace(/[\s\u00A0]+/g, ' ');
  if (raw === '') return EMPTY;
  let m: RegExpExecArray | null;

  // Day first, as Indonesian offices write dates (the most common form, so tried first; no other
  // form below can match it).
  if ((m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d+)$/.exec(raw))) {
    const first = Number(m[1]);
    const second = Number(m[3]);
    const yearText = m[4] ?? '';
    if (yearText.length === 2) return twoDigitYear(raw);
    if (yearText.length !== 4) return dateInvalid(raw, 'tahun harus 4 digit', 'the year must have 4 digits');
    if (first > 12 && second > 12) {
      return dateInvalid(raw, 'tidak ada bagian yang bisa menjadi bulan (1-12)', 'no part can be a month (1-12)');
    }
    if (first > 31 || second > 31) {
      return dateInvalid(raw, 'hari atau bulan di luar rentang', 'the day or month is out of range');
    }
    if (second > 12) {
      const q = quote(raw);
      return fail(
        'DATE_MONTH_FIRST',
        `Tanggal ${q.id} tampaknya berurutan bulan/hari (format Amerika). Sekitar membaca tanggal sebagai HH/BB/TTTT; ubah format tanggal di file sumber menjadi HH/BB/TTTT atau TTTT-BB-HH.`,
        `The date ${q.en} looks like month/day order (US format). Sekitar reads dates as DD/MM/YYYY; change the date format in the source file to DD/MM/YYYY or YYYY-MM-DD.`,
      );
    }
    return checkDate(Number(yearText), second, first, raw, today);
  }
  if (/^\d{1,7}$/.test(raw)) {
    const n = Number(raw);
    return readYearOnly(n, raw) ?? fromExcelSerial(n, raw, today);
  }
  // ISO datetime: the date part is taken as written, without converting time zones.
  if ((m = /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(raw))) {
    return checkDate(Number(m[1]), Number(m[2]), Number(m[3]), raw, today);
  }
  if ((m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(raw))) {
    return checkDate(Number(m[1]), Number(m[3]), Number(m[4]), raw, today);
  }
  // Month names: '15 Januari 1980', '15-Agu-1980', '15 Jan. 1980', optionally after a weekday.
  if ((m = /^(?:\p{L}+,? )?(\d{1,2})[ \-./]*(\p{L}+)\.?[ \-./,]*(\d+)$/u.exec(raw))) {
    const month = MONTHS[(m[2] ?? '').toLowerCase()];
    const yearText = m[3] ?? '';
    if (month === undefined) return dateInvalid(raw, 'nama bulan tidak dikenal', 'unknown month name');
    if (yearText.length === 2) return twoDigitYear(raw);
    if (yearText.length !== 4) return dateInvalid(raw, 'tahun harus 4 digit', 'the year must have 4 digits');
    return checkDate(Number(yearText), month, Number(m[1]), raw, today);
  }
  // English order: 'January 15, 1980'.
  if ((m = /^(\p{L}+)\.? (\d{1,2}),? (\d+)$/u.exec(raw))) {
    const month = MONTHS[(m[1] ?? '').toLowerCase()];
    const yearText = m[3] ?? '';
    if (month !== undefined) {
      if (yearText.length === 2) return twoDigitYear(raw);
      if (yearText.length === 4) return checkDate(Number(yearText), month, Number(m[2]), raw, today);
    }
  }
  return dateInvalid(raw, 'formatnya tidak dikenali', 'the format is not recognised');
}

/**
 * A bare number 1900-2100 in a date column is a year without day and month, not an Excel date
 * serial (those would be dates in 1905, impossible for a living worker's birth date).
 */
function readYearOnly(n: number, raw: string): ReadResult<never> | null {
  if (!Number.isInteger(n) || n < 1900 || n > 2100) return null;
  return fail(
    'DATE_YEAR_ONLY',
    `Tanggal hanya berisi tahun (${raw}); diperlukan tanggal lengkap, misalnya 15/01/${raw}.`,
    `The date holds only a year (${raw}); a full date is needed, e.g. 15/01/${raw}.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Sex, desil

const SEX_WORDS: Record<string, 'L' | 'P'> = {
  l: 'L', lk: 'L', laki: 'L', lakilaki: 'L', laki2: 'L', lelaki: 'L', pria: 'L', cowok: 'L',
  m: 'L', male: 'L', man: 'L', '1': 'L',
  p: 'P', pr: 'P', perempuan: 'P', wanita: 'P', cewek: 'P',
  f: 'P', female: 'P', woman: 'P', w: 'P', '2': 'P',
};

/** A sex cell -> 'L' (laki-laki) or 'P' (perempuan). Codes 1 = L and 2 = P follow Dukcapil/BPS. */
export function readSex(cell: Cell): ReadResult<'L' | 'P'> {
  if (cell === null || cell === undefined) return EMPTY;
  const raw = typeof cell === 'string' ? cleanString(cell) : cell instanceof Date ? 'tanggal' : String(cell);
  if (raw === '') return EMPTY;
  const lower = raw.toLowerCase();
  const key = Object.hasOwn(SEX_WORDS, lower) ? lower : lower.replace(/^([12])[.,]0+$/, '$1').replace(/[^a-z0-9]/g, '');
  const sex = typeof cell === 'boolean' || cell instanceof Date ? undefined : SEX_WORDS[key];
  if (sex) return ok(sex);
  const q = quote(raw);
  return fail(
    'SEX_INVALID',
    `Jenis kelamin ${q.id} tidak dikenali. Gunakan L (laki-laki) atau P (perempuan).`,
    `Sex ${q.en} is not recognised. Use L (male, laki-laki) or P (female, perempuan).`,
  );
}

/** A desil (DTSEN welfare decile) cell -> 1..10, from 3, '03', 'Desil 3', 'D3' or '3.0'. */
export function readDesil(cell: Cell): ReadResult<number> {
  if (cell === null || cell === undefined) return EMPTY;
  const raw = typeof cell === 'string' ? cleanString(cell) : cell instanceof Date ? 'tanggal' : String(cell);
  if (raw === '') return EMPTY;
  let n: number | null = null;
  if (typeof cell === 'number') {
    n = cell;
  } else if (typeof cell === 'string') {
    const m = /^(?:desil|d)?[\s.:-]*(\d{1,2})(?:[.,]0+)?$/i.exec(raw);
    if (m) n = Number(m[1]);
  }
  if (n !== null && Number.isInteger(n) && n >= 1 && n <= 10) return ok(n);
  const q = quote(raw);
  return fail(
    'DESIL_INVALID',
    `Desil ${q.id} tidak valid; desil adalah angka bulat 1 sampai 10.`,
    `Desil (decile) ${q.en} is invalid; a desil is a whole number from 1 to 10.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Phone

/**
 * An Indonesian phone number -> '08…' (mobile, 10-13 digits) or '0' + area code (landline,
 * 9-12 digits). Accepts +62/62 prefixes and separators, and restores the leading 0 that Excel
 * drops from mobile numbers (81234567890 -> 081234567890).
 */
export function readPhone(cell: Cell): ReadResult<string> {
  if (cell === null || cell === undefined) return EMPTY;
  let s: string;
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < 0) return phoneInvalid('bukan nomor telepon', 'not a phone number');
    s = String(cell);
  } else if (typeof cell === 'string') {
    s = stripTextMarker(cleanString(cell));
    if (s === '') return EMPTY;
    if (/^\d+([.,]\d+)?E[+-]?\d+$/i.test(s.replace(/\s/g, ''))) {
      return phoneInvalid(
        'tertulis dalam notasi ilmiah (Excel menganggapnya angka); format kolom sebagai Teks di Excel lalu ekspor lagi',
        'it is in scientific notation (Excel treated it as a number); format the column as Text in Excel and export again',
      );
    }
    s = s.replace(/[\s\u00A0\-.()/]/g, '');
  } else {
    return phoneInvalid('bukan nomor telepon', 'not a phone number');
  }
  if (!/^\+?\d+$/.test(s)) {
    const found = describeNonDigits(s.replace(/^\+/, ''));
    return phoneInvalid(`ada ${found.id}; isi satu nomor saja`, `it has ${found.en}; enter a single number only`);
  }
  s = s.replace(/^\+/, '');
  if (s.startsWith('62')) s = `0${s.slice(2).replace(/^0/, '')}`;
  else if (s.startsWith('8')) s = `0${s}`;
  const mobile = /^08\d{8,11}$/.test(s);
  const landline = /^0[2-79]\d{7,10}$/.test(s);
  if (mobile || landline) return ok(s);
  return phoneInvalid(
    `${s.length} digit setelah dirapikan`,
    `${s.length} digits after clean-up`,
  );
}

function phoneInvalid(reasonId: string, reasonEn: string): ReadResult<never> {
  return fail(
    'PHONE_INVALID',
    `Nomor HP/telepon tidak valid: ${reasonId}. Nomor HP diawali 08 (atau +62 8) dengan 10-13 digit; telepon rumah diawali 0 dan kode area.`,
    `The phone number is invalid: ${reasonEn}. Mobile numbers start with 08 (or +62 8) and have 10-13 digits; landlines start with 0 and the area code.`,
  );
}

// ---------------------------------------------------------------------------------------------
// RT / RW

export interface RtRw {
  rt: string | null;
  rw: string | null;
}

/** Excel turns '1/2' into a date (1 Feb); such a cell cannot be trusted to be RT 1 / RW 2. */
function rtRwExcelDate(code: string, what: { id: string; en: string }): ReadResult<never> {
  return fail(
    code,
    `${what.id} terbaca sebagai tanggal: Excel mengubah isian seperti 01/02 menjadi tanggal. Format kolom sebagai Teks di Excel, ketik ulang RT/RW, lalu ekspor lagi.`,
    `The ${what.en} was read as a date: Excel turns entries like 01/02 into dates. Format the column as Text in Excel, type the RT/RW again, and export again.`,
  );
}

function looksLikeExcelDate(s: string): boolean {
  const m = /^\d{1,2}[-/ ](\p{L}+)([-/ ]\d{2,4})?$/u.exec(s);
  return m !== null && MONTHS[(m[1] ?? '').toLowerCase()] !== undefined;
}

const RT_RW_NUMBER = { rt: /^(?:rt)?[\s.:]*(\d{1,3})$/, rw: /^(?:rw)?[\s.:]*(\d{1,3})$/ };

/** '1', '01', 'RT 1', 'RT.001' -> '001'. RT/RW 0 ('000', used for "unknown") reads as empty. */
function rtRwNumber(text: string, keyword: 'rt' | 'rw'): string | null | undefined {
  const m = RT_RW_NUMBER[keyword].exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n === 0 ? null : pad(n, 3);
}

function readOneRtRw(cell: Cell, keyword: 'rt' | 'rw'): ReadResult<string> {
  const label = keyword === 'rt' ? { id: 'RT', en: 'RT (neighbourhood unit)' } : { id: 'RW', en: 'RW (community unit)' };
  const code = keyword === 'rt' ? 'RT_INVALID' : 'RW_INVALID';
  if (cell === null || cell === undefined) return EMPTY;
  if (cell instanceof Date) return rtRwExcelDate(code, label);
  const raw = typeof cell === 'string' ? cleanString(cell) : String(cell);
  if (raw === '') return EMPTY;
  // Most cells are a plain number: no need to look for a date or a keyword.
  if (/^\d{1,3}$/.test(raw)) return ok(rtRwNumber(raw, keyword) ?? null);
  const text = stripTextMarker(raw).toLowerCase().replace(/\s+/g, ' ');
  if (looksLikeExcelDate(text)) return rtRwExcelDate(code, label);
  const value = typeof cell === 'boolean' ? undefined : rtRwNumber(text, keyword);
  if (value !== undefined) return ok(value);
  const q = quote(raw);
  return fail(
    code,
    `${label.id} ${q.id} tidak valid; isi dengan angka 1-999, misalnya 001.`,
    `${label.en} ${q.en} is invalid; use a number 1-999, e.g. 001.`,
  );
}

/** An RT cell -> '001'..'999'. */
export function readRt(cell: Cell): ReadResult<string> {
  return readOneRtRw(cell, 'rt');
}

/** An RW cell -> '001'..'999'. */
export function readRw(cell: Cell): ReadResult<string> {
  return readOneRtRw(cell, 'rw');
}

/**
 * A combined RT/RW cell ('RT 001/RW 002', '001/002', '1/2', 'RT.01 RW.02') -> { rt, rw }, or a
 * single RT value -> { rt, rw: null }.
 */
export function readRtRw(cell: Cell): ReadResult<RtRw> {
  const what = { id: 'RT/RW', en: 'RT/RW' };
  if (cell === null || cell === undefined) return EMPTY;
  if (cell instanceof Date) return rtRwExcelDate('RT_RW_INVALID', what);
  const raw = typeof cell === 'string' ? cleanString(cell) : String(cell);
  if (raw === '') return EMPTY;
  const text = stripTextMarker(raw).toLowerCase().replace(/\s+/g, ' ');
  if (looksLikeExcelDate(text)) return rtRwExcelDate('RT_RW_INVALID', what);
  if (typeof cell !== 'boolean') {
    const rt = rtRwNumber(text, 'rt');
    if (rt !== undefined) return ok({ rt, rw: null });
    const rw = /^rw[\s.:]*\d{1,3}$/.test(text) ? rtRwNumber(text, 'rw') : undefined;
    if (rw !== undefined) return ok({ rt: null, rw });
    const m = /^(?:rt)?[\s.:]*(\d{1,3}) ?(?:[/\\,-]|\s|(?=rw)) ?(?:rw)?[\s.:]*(\d{1,3})$/.exec(text);
    if (m) {
      const pair = { rt: rtRwNumber(m[1] ?? '', 'rt'), rw: rtRwNumber(m[2] ?? '', 'rw') };
      if (pair.rt !== undefined && pair.rw !== undefined) return ok({ rt: pair.rt, rw: pair.rw });
    }
  }
  const q = quote(raw);
  return fail(
    'RT_RW_INVALID',
    `RT/RW ${q.id} tidak dikenali; tulis seperti 001/002 atau RT 001 RW 002.`,
    `RT/RW ${q.en} is not recognised; write it like 001/002 or RT 001 RW 002.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Region code, text, names

/**
 * A desa/kelurahan Kemendagri code, dotted '36.72.01.1001' or as 10 digits -> dotted form.
 * Whether the code exists is checked elsewhere.
 */
export function readRegionCode(cell: Cell): ReadResult<string> {
  if (cell === null || cell === undefined) return EMPTY;
  let s: string;
  if (typeof cell === 'number') {
    s = Number.isInteger(cell) ? String(cell) : '';
  } else if (typeof cell === 'string') {
    s = stripTextMarker(cleanString(cell)).replace(/[\s\u00A0]+/g, '');
    if (s === '') return EMPTY;
    // Ten digits survive Excel intact, so a trailing ".0" from a number column lost nothing.
    s = s.replace(/^(\d{10})[.,]0+$/, '$1');
  } else {
    s = '';
  }
  const dotted = /^(\d{2})\.(\d{2})\.(\d{2})\.(\d{4})$/.exec(s);
  if (dotted) return ok(s);
  const plain = /^(\d{2})(\d{2})(\d{2})(\d{4})$/.exec(s);
  if (plain) return ok(`${plain[1]}.${plain[2]}.${plain[3]}.${plain[4]}`);
  const q = quote(s === '' ? String(cell) : s);
  return fail(
    'REGION_CODE_INVALID',
    `Kode desa/kelurahan ${q.id} tidak valid; gunakan kode Kemendagri 10 digit, misalnya 36.72.01.1001 atau 3672011001.`,
    `The village code ${q.en} is invalid; use the 10-digit Kemendagri code, e.g. 36.72.01.1001 or 3672011001.`,
  );
}

/** A free-text cell: trimmed, inner whitespace collapsed, empty -> null, longer than maxLength -> TEXT_TOO_LONG. */
export function readText(cell: Cell, maxLength: number): ReadResult<string> {
  if (cell === null || cell === undefined) return EMPTY;
  const raw =
    typeof cell === 'string' ? cell : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
  const visible = HAS_INVISIBLE.test(raw) ? raw.replace(INVISIBLE, '') : raw;
  // Whitespace other than single spaces is rare: only then is the text rewritten.
  const s = (ODD_SPACE.test(visible) ? visible.replace(/\s+/g, ' ') : visible).trim();
  if (s === '') return EMPTY;
  // Characters, not UTF-16 units; a string no longer in units is no longer in characters either.
  const length = s.length <= maxLength ? s.length : [...s].length;
  if (length > maxLength) {
    return fail(
      'TEXT_TOO_LONG',
      `Teks terlalu panjang: ${length} karakter, paling banyak ${maxLength}. Periksa apakah beberapa kolom tergabung.`,
      `The text is too long: ${length} characters, at most ${maxLength}. Check whether several columns were merged.`,
    );
  }
  return ok(s);
}

/** Words that label an administrative level rather than name it ('Kel. Ciwaduk', 'Kecamatan Cibeber'). */
const REGION_PREFIXES = new Set(['kelurahan', 'kel', 'desa', 'ds', 'kecamatan', 'kec']);

/**
 * A key for matching region and occupation names: lowercase, accents and punctuation removed,
 * spaces collapsed, and leading level words (kelurahan, kel., desa, kecamatan, kec.) dropped as
 * long as a word remains. Apply it to both sides: 'Desa Baru' is a real village name and
 * becomes 'baru' on both.
 */
export function normalizeName(s: string): string {
  const words = s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['\u2018\u2019`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  while (words.length > 1 && REGION_PREFIXES.has(words[0] ?? '')) words.shift();
  return words.join(' ');
}
