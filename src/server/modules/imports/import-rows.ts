// Turns one spreadsheet row into a clean registry record, or into the reasons it was rejected.
// Pure: the regions and occupations it needs arrive in a RowContext.
import type { Problem } from '../registry/problem.ts';
import { compareNikWithStated, nikBirthDate, parseNik } from '../registry/nik.ts';
import { maskDigitRuns } from '../registry/masks.ts';
import type { WorkerFieldKey } from './columns.ts';
import type { RawCell } from './file-reader.ts';
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
} from './values.ts';

export interface RowContext {
  regencyCode: string;
  today: string;
  isKnownProvince(code: string): boolean;
  isKnownRegency(code: string): boolean;
  /** Desa/kelurahan codes of the program's kab/kota. */
  kelurahanCodes: Set<string>;
  /** Codes of every desa/kelurahan in the country, to tell "outside the program" from "unknown". */
  isKnownKelurahan(code: string): boolean;
  /** normalizeName(kelurahan name) -> codes in the program's kab/kota (names repeat across kecamatan). */
  kelurahanByName: Map<string, string[]>;
  /** normalizeName(kecamatan name) -> kecamatan code in the program's kab/kota. */
  kecamatanByName: Map<string, string>;
  /** Occupation text -> catalogue code, or null when nothing matches (see occupationMatcher). */
  matchOccupation(text: string): string | null;
}

/** Fields that hold personal identifiers: their values are masked in error reports. */
const IDENTIFIER_FIELDS: ReadonlySet<WorkerFieldKey> = new Set<WorkerFieldKey>(['nik', 'phone', 'kk_number']);

/**
 * A cell value as error reports and screens show it: in identifier columns every run of 8+ digits
 * masked ('3672••••••••0003', '0812••••5678'), elsewhere runs of 11+ (a NIK or phone number in a
 * shifted column). What Excel made of a NIK ('3.67201E+15') is no longer one and stays readable.
 */
export function shownValue(field: WorkerFieldKey | null | undefined, text: string): string {
  return maskDigitRuns(text, field && IDENTIFIER_FIELDS.has(field) ? 8 : 11);
}

/** The file-level rejection of NIKs that lost their 16th digit to Excel (see imports.service.ts). */
export function truncatedNikProblem(zero: number, total: number): Problem {
  return {
    code: 'NIK_EXCEL_TRUNCATED',
    id: `Sebagian besar NIK di berkas ini (${zero} dari ${total}) berakhiran 0: Excel hanya menyimpan 15 digit angka, sehingga digit ke-16 hilang. Format kolom NIK sebagai Teks lalu ekspor ulang dari data asli.`,
    en: `Most NIKs in this file (${zero} of ${total}) end in 0: Excel keeps only 15 digits of a number, so the 16th digit was lost. Format the NIK column as Text and export again from the original data.`,
  };
}

export interface StagedRecord {
  nik: string;
  name: string;
  birth_date: string | null;
  sex: 'L' | 'P' | null;
  kelurahan_code: string | null;
  rt: string | null;
  rw: string | null;
  street: string | null;
  occupation_code: string | null;
  occupation_text: string | null;
  phone: string | null;
  desil: number | null;
  kk_number: string | null;
  kpj_number: string | null;
  bpjs_status: string | null;
  warnings: string[];
  /** Derived from the NIK when the file states none. */
  sex_nik: 'L' | 'P' | null;
  birth_date_nik: string | null;
}

export interface CellError {
  /** The field's column header as written in the file. */
  column: string;
  /** The cell as written, NIK- and phone-like numbers masked (shownValue). */
  value: string;
  problem: Problem;
}

export type RowResult = { ok: true; record: StagedRecord } | { ok: false; errors: CellError[] } | { ok: 'empty' };

/** Which cell index holds which field, with the header text for messages. */
export type ColumnPlan = Partial<Record<WorkerFieldKey, { index: number; header: string }>>;

export function cellText(c: RawCell | undefined): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c);
}

const REQUIRED = (column: string, id: string, en: string, code: string): CellError => ({
  column,
  value: '',
  problem: { code, id, en },
});

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const NOT_BLANK = /\S/;

/** The mapped fields of a plan with their columns, listed once per plan rather than once per row. */
const planEntries = new WeakMap<ColumnPlan, [WorkerFieldKey, { index: number; header: string }][]>();
function entriesOf(plan: ColumnPlan) {
  let e = planEntries.get(plan);
  if (!e) {
    e = Object.entries(plan) as [WorkerFieldKey, { index: number; header: string }][];
    planEntries.set(plan, e);
  }
  return e;
}

type Reader<T> = (c: RawCell | undefined) => { ok: true; value: T | null } | { ok: false; problem: Problem };

/** Reads one field, recording the problem against its column; null when unmapped or empty. */
function take<T>(cells: RawCell[], plan: ColumnPlan, errors: CellError[], f: WorkerFieldKey, read: Reader<T>): T | null {
  const p = plan[f];
  if (!p) return null;
  const c = cells[p.index];
  const r = read(c ?? null);
  if (r.ok) return r.value;
  errors.push({ column: p.header, value: shownValue(f, cellText(c)), problem: r.problem });
  return null;
}

const readName: Reader<string> = (c) => readText(c, 200);
const readStatus: Reader<string> = (c) => readText(c, 40);
const readStreet: Reader<string> = (c) => readText(c, 300);
const readOccupation: Reader<string> = (c) => readText(c, 120);

export function validateRow(cells: RawCell[], plan: ColumnPlan, ctx: RowContext): RowResult {
  if (cells.every((c) => c === null || c === undefined || (typeof c === 'string' && !NOT_BLANK.test(c)))) {
    return { ok: 'empty' };
  }
  const errors: CellError[] = [];
  const warnings: string[] = [];
  // Control characters (a NUL from a broken export) cannot be stored: the row says so.
  for (const [field, p] of entriesOf(plan)) {
    const c = cells[p.index];
    if (typeof c === 'string' && CONTROL.test(c)) {
      errors.push({
        column: p.header,
        value: '',
        problem: {
          code: 'CELL_CONTROL_CHARACTER',
          id: `Kolom ${field} berisi karakter kontrol yang tidak terlihat (mis. NUL): ekspor ulang berkas`,
          en: `Column ${field} holds an invisible control character (e.g. NUL): export the file again`,
        },
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const nik = take(cells, plan, errors, 'nik', readNik);
  const name = take(cells, plan, errors, 'name', readName);
  const birthDate = take(cells, plan, errors, 'birth_date', (c) => readDate(c, ctx.today));
  const sex = take(cells, plan, errors, 'sex', readSex);
  let sexFromNik: 'L' | 'P' | null = null;
  let birthDateFromNik: string | null = null;
  const kk = take(cells, plan, errors, 'kk_number', readKk);
  const kpj = take(cells, plan, errors, 'kpj_number', readKpj);
  const bpjsStatus = take(cells, plan, errors, 'bpjs_status', readStatus);
  const phone = take(cells, plan, errors, 'phone', readPhone);
  const desil = take(cells, plan, errors, 'desil', readDesil);
  const street = take(cells, plan, errors, 'street', readStreet);
  let rt = take(cells, plan, errors, 'rt', readRt);
  let rw = take(cells, plan, errors, 'rw', readRw);
  const rtRw = take(cells, plan, errors, 'rt_rw', readRtRw);
  if (rtRw) {
    rt ??= rtRw.rt;
    rw ??= rtRw.rw;
  }

  const nikHeader = plan.nik?.header ?? 'NIK';
  if (plan.nik && nik === null && !errors.some((e) => e.column === nikHeader)) {
    errors.push(REQUIRED(nikHeader, 'NIK wajib diisi', 'NIK is required', 'NIK_REQUIRED'));
  }
  const nameHeader = plan.name?.header ?? 'Nama';
  if (plan.name && name === null && !errors.some((e) => e.column === nameHeader)) {
    errors.push(REQUIRED(nameHeader, 'Nama wajib diisi', 'Name is required', 'NAME_REQUIRED'));
  }

  if (nik !== null) {
    const parsed = parseNik(nik, ctx);
    if (!parsed.ok) {
      errors.push({ column: nikHeader, value: shownValue('nik', cellText(plan.nik ? cells[plan.nik.index] : undefined)), problem: parsed.problem });
    } else {
      for (const w of compareNikWithStated(parsed.info, { birthDate, sex })) warnings.push(w.code);
      // What the NIK says is kept apart from what the file states: it only fills a new
      // worker's empty fields, never replaces a stated value (imports.repository.ts).
      if (sex === null) sexFromNik = parsed.info.sex;
      if (birthDate === null) birthDateFromNik = nikBirthDate(parsed.info, ctx.today);
    }
  }

  const kelurahan = resolveKelurahan(cells, plan, ctx, errors);

  let occupationCode: string | null = null;
  const occupationText = take(cells, plan, errors, 'occupation', readOccupation);
  if (occupationText !== null) {
    occupationCode = ctx.matchOccupation(occupationText);
    if (occupationCode === null) {
      occupationCode = 'LAINNYA';
      warnings.push('OCCUPATION_UNKNOWN');
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    record: {
      nik: nik as string,
      name: name as string,
      birth_date: birthDate,
      sex,
      kelurahan_code: kelurahan,
      rt,
      rw,
      street,
      occupation_code: occupationCode,
      occupation_text: occupationText,
      phone,
      desil,
      kk_number: kk,
      kpj_number: kpj,
      bpjs_status: bpjsStatus,
      warnings,
      sex_nik: sexFromNik,
      birth_date_nik: birthDateFromNik,
    },
  };
}

function resolveKelurahan(cells: RawCell[], plan: ColumnPlan, ctx: RowContext, errors: CellError[]): string | null {
  const codeCol = plan.kelurahan_code;
  if (codeCol) {
    const raw = cells[codeCol.index];
    const r = readRegionCode(raw ?? null);
    if (!r.ok) {
      errors.push({ column: codeCol.header, value: shownValue('kelurahan_code', cellText(raw)), problem: r.problem });
      return null;
    }
    if (r.value !== null) {
      if (ctx.kelurahanCodes.has(r.value)) return r.value;
      const outside = ctx.isKnownKelurahan(r.value);
      errors.push({
        column: codeCol.header,
        value: shownValue('kelurahan_code', cellText(raw)),
        problem: outside
          ? {
              code: 'KELURAHAN_OUTSIDE_PROGRAM',
              id: `Kode desa/kelurahan ${r.value} berada di luar kab/kota program ini (${ctx.regencyCode})`,
              en: `Village code ${r.value} lies outside this program's kab/kota (${ctx.regencyCode})`,
            }
          : {
              code: 'KELURAHAN_UNKNOWN',
              id: `Kode desa/kelurahan ${r.value} tidak ada dalam daftar Kemendagri (kode BPS berbeda dari kode Kemendagri)`,
              en: `Village code ${r.value} is not in the Kemendagri list (BPS codes differ from Kemendagri codes)`,
            },
      });
      return null;
    }
  }
  const nameCol = plan.kelurahan_name;
  if (!nameCol) return null;
  const rawName = cells[nameCol.index];
  const name = normalizeName(cellText(rawName));
  if (!name) return null;
  let codes = ctx.kelurahanByName.get(name) ?? [];
  const kecCol = plan.kecamatan_name;
  const kecName = kecCol ? normalizeName(cellText(cells[kecCol.index])) : '';
  if (kecName && codes.length > 0) {
    const kec = ctx.kecamatanByName.get(kecName);
    if (kec) codes = codes.filter((c) => c.startsWith(`${kec}.`));
  }
  if (codes.length === 1) return codes[0] as string;
  // Quoted in the message too: a NIK in a shifted column must not reach it whole.
  const shown = shownValue('kelurahan_name', cellText(rawName));
  errors.push({
    column: nameCol.header,
    value: shown,
    problem:
      codes.length === 0
        ? {
            code: 'KELURAHAN_NAME_UNKNOWN',
            id: `Desa/kelurahan "${shown}" tidak ditemukan di kab/kota ${ctx.regencyCode}`,
            en: `Village "${shown}" was not found in kab/kota ${ctx.regencyCode}`,
          }
        : {
            code: 'KELURAHAN_AMBIGUOUS',
            id: `Nama desa/kelurahan "${shown}" ada di beberapa kecamatan: isi kolom kecamatan atau kode desa`,
            en: `Village name "${shown}" exists in several kecamatan: fill in the kecamatan or the village code`,
          },
  });
  return null;
}
