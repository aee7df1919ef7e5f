// Turns batches of a file's rows into what staging stores: the valid rows as COPY text (NIK and
// phone sealed, the phone masked) and each problem as an error row. Pure apart from sealing, so it
// runs where it is cheapest (openStager): in the importing thread for small files, on a worker
// thread for large ones, where validating and sealing (most of an import's JavaScript) run beside
// the reading of the file and, on the embedded database, beside PostgreSQL itself.
import { Worker } from 'node:worker_threads';
import type { KeyObject } from 'node:crypto';
import { copyLine } from '../../db/copy-text.ts';
import { sealMany, singleKey } from '../../crypto/field-crypto.ts';
import type { SealingScheme } from '../../crypto/keyring.ts';
import { maskPhone } from '../registry/masks.ts';
import { occupationMatcher, type CatalogueOccupation } from '../registry/occupations.ts';
import type { SheetRow } from './file-reader.ts';
import { validateRow, type ColumnPlan, type RowContext, type StagedRecord } from './import-rows.ts';
import { normalizeName } from './values.ts';

/** What a RowContext is built from: plain data, so that it can travel to a worker thread. */
export interface RowContextData {
  regencyCode: string;
  today: string;
  /** Province and kab/kota codes of the whole country. */
  upperCodes: string[];
  /** Desa/kelurahan codes of the whole country. */
  villageCodes: string[];
  /** Kecamatan (level 3) and desa/kelurahan (level 4) of the programme's kab/kota. */
  local: { code: string; level: number; name: string }[];
  occupations: CatalogueOccupation[];
}

export function buildRowContext(d: RowContextData): RowContext {
  const upper = new Set(d.upperCodes);
  const villages = new Set(d.villageCodes);
  const kelurahanCodes = new Set<string>();
  const kelurahanByName = new Map<string, string[]>();
  const kecamatanByName = new Map<string, string>();
  for (const r of d.local) {
    const key = normalizeName(r.name);
    if (r.level === 3) kecamatanByName.set(key, r.code);
    if (r.level === 4) {
      kelurahanCodes.add(r.code);
      kelurahanByName.set(key, [...(kelurahanByName.get(key) ?? []), r.code]);
    }
  }
  return {
    regencyCode: d.regencyCode,
    today: d.today,
    isKnownProvince: (c) => upper.has(c),
    isKnownRegency: (c) => upper.has(c),
    isKnownKelurahan: (c) => villages.has(c),
    kelurahanCodes,
    kelurahanByName,
    kecamatanByName,
    matchOccupation: occupationMatcher(d.occupations),
  };
}

export interface StageSetup {
  plan: ColumnPlan;
  context: RowContextData;
  /** The data key rows are sealed with; its KeyObjects travel to a worker as they are. */
  key: { id: string; scheme: SealingScheme; enc: KeyObject; mac: KeyObject };
}

/** A problem row of the import's error table: row, column, value, code, message id, message en. */
export type ErrorLine = [number, string, string, string, string, string];

export interface StagedBatch {
  /** The valid rows as COPY text lines for the staging table (STAGE_COLUMNS, in file order). */
  lines: string;
  good: number;
  /** Rows that count as read: every non-empty row, valid or not. */
  counted: number;
  errors: ErrorLine[];
}

/**
 * Column order of the staging table (see imports.repository.ts). NIK and phone arrive sealed
 * (keyed hash and ciphertext, src/server/crypto/field-crypto.ts) and the phone masked: staging
 * never holds them in plaintext. nik_last_zero serves the file-level check for NIKs Excel cut.
 */
export const STAGE_COLUMNS = [
  'row_no', 'nik_hash', 'nik_enc', 'nik_last_zero', 'name', 'birth_date', 'sex', 'kelurahan_code', 'rt', 'rw', 'street',
  'occupation_code', 'occupation_text', 'phone_hash', 'phone_enc', 'phone_mask', 'desil', 'kk_number', 'kpj_number',
  'bpjs_status', 'warnings', 'sex_nik', 'birth_date_nik',
] as const;

const BROKEN_ROW = {
  id: 'Tanda kutip (") tidak seimbang: baris ini dan baris sesudahnya tidak bisa dipisah menjadi kolom dengan pasti. Perbaiki tanda kutip di berkas lalu impor ulang.',
  en: 'Unbalanced quote ("): this row and the lines after it cannot be split into columns reliably. Fix the quotes in the file and import it again.',
};

/** Postgres array literal for text[] in COPY text format. */
function pgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** The function that stages one batch of rows (already past the header row). */
export function batchStager(setup: StageSetup): (rows: SheetRow[]) => StagedBatch {
  const ctx = buildRowContext(setup.context);
  const keys = singleKey(setup.key);
  return (rows) => {
    const errors: ErrorLine[] = [];
    const good: { rowNumber: number; x: StagedRecord }[] = [];
    let counted = 0;
    for (const row of rows) {
      if (row.broken) {
        counted++;
        errors.push([row.rowNumber, '-', '', 'CSV_QUOTES', BROKEN_ROW.id, BROKEN_ROW.en]);
        continue;
      }
      const r = validateRow(row.cells, setup.plan, ctx);
      if (r.ok === 'empty') continue;
      counted++;
      if (r.ok) good.push({ rowNumber: row.rowNumber, x: r.record });
      else for (const e of r.errors) errors.push([row.rowNumber, e.column, e.value, e.problem.code, e.problem.id, e.problem.en]);
    }
    const nik = sealMany(keys, 'nik', good.map((g) => g.x.nik), setup.key.id);
    const phone = sealMany(keys, 'phone', good.map((g) => g.x.phone), setup.key.id);
    let lines = '';
    for (let i = 0; i < good.length; i++) {
      const { rowNumber, x } = good[i]!;
      lines += copyLine([
        rowNumber, nik.hash[i]!, nik.enc[i]!, x.nik.endsWith('0') ? 't' : 'f', x.name, x.birth_date, x.sex,
        x.kelurahan_code, x.rt, x.rw, x.street, x.occupation_code, x.occupation_text,
        phone.hash[i] ?? null, phone.enc[i] ?? null, x.phone === null ? null : maskPhone(x.phone),
        x.desil, x.kk_number, x.kpj_number, x.bpjs_status, pgArray(x.warnings), x.sex_nik, x.birth_date_nik,
      ]);
    }
    return { lines, good: good.length, counted, errors };
  };
}

export interface Stager {
  /** Stages a batch; results come back in the order batches were given. */
  stage(rows: SheetRow[]): Promise<StagedBatch>;
  close(): Promise<void>;
}

/** A stager in this thread, or (`worker`) on a worker thread of its own (stage-worker.mjs). */
export function openStager(setup: StageSetup, opts: { worker: boolean }): Stager {
  // Callers keep a few batches in flight and await them in order: a failure of one not awaited yet
  // must not count as an unhandled rejection meanwhile (which would end the process).
  const handled = (p: Promise<StagedBatch>) => {
    p.catch(() => {});
    return p;
  };
  if (!opts.worker) {
    const stage = batchStager(setup);
    let closed = false;
    return {
      stage: (rows) => handled(closed ? Promise.reject(new Error('the stager is closed')) : (async () => stage(rows))()),
      close: async () => {
        closed = true;
      },
    };
  }
  // A larger young generation than the default: validating makes many short-lived strings and
  // objects, and with the default the worker spent a quarter of its time collecting them (measured
  // on 200,000 rows: staging 7 s -> 5 s). The old generation holds only the row context.
  const worker = new Worker(new URL('./stage-worker.mjs', import.meta.url), {
    workerData: setup,
    resourceLimits: { maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 128 },
  });
  const waiting = new Map<number, { resolve: (b: StagedBatch) => void; reject: (e: Error) => void }>();
  let next = 0;
  let broken: Error | undefined;
  const fail = (e: Error) => {
    broken ??= e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: (StagedBatch & { id: number }) | { id: number; failed: true }) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    // Never the values: only that staging failed.
    if ('failed' in m) w.reject(new Error('validating rows failed on the import worker'));
    else w.resolve(m);
  });
  // The error's code or name only: its message could quote a value.
  const why = (e: unknown) => (e as { code?: string } | null)?.code ?? (e as Error | null)?.name ?? 'unknown';
  worker.on('error', (e) => fail(new Error(`the import worker failed (${why(e)})`)));
  worker.on('messageerror', (e) => fail(new Error(`a message from the import worker could not be read (${why(e)})`)));
  worker.on('exit', () => fail(new Error('the import worker stopped')));
  return {
    stage(rows) {
      if (broken) return handled(Promise.reject(broken));
      const id = next++;
      return handled(
        new Promise<StagedBatch>((resolve, reject) => {
          waiting.set(id, { resolve, reject });
          worker.postMessage({ id, rows });
        }),
      );
    },
    async close() {
      broken ??= new Error('the import worker is closed');
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
