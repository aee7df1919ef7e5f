// Bulk import of registry files: upload -> analyse -> stage (read, validate, COPY) -> dry run or
// commit (set-based merge in one transaction). Memory stays flat: rows stream from the file into
// COPY, and the error report streams out of the database.
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError } from '../../domain-error.ts';
import { unseal } from '../../crypto/field-crypto.ts';
import type { Keyring } from '../../crypto/keyring.ts';
import { todayJakarta } from '../../lib/dates.ts';
import { actorLabel, type Actor } from '../access/actor.ts';
import { authorize } from '../access/policies.ts';
import { appendAudit, type AuditKeys } from '../audit/audit.ts';
import { lockKeyState, readKeyState } from '../keys/keys.repository.ts';
import { useDatabaseKey } from '../keys/keys.service.ts';
import { maskNik } from '../registry/masks.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { listOccupations } from '../registry/registry.repository.ts';
import { isSource, type Source } from '../registry/merge-rules.ts';
import { normalizeHeader, suggestMapping, validateMapping, WORKER_FIELDS, type WorkerFieldKey } from './columns.ts';
import { readRowBatches, readRows, sniff, UnreadableFileError, type RawCell, type SheetInfo } from './file-reader.ts';
import { cellText, shownValue, truncatedNikProblem, type ColumnPlan } from './import-rows.ts';
import { openStager, STAGE_COLUMNS, type RowContextData, type StagedBatch } from './stage-rows.ts';
import {
  classify,
  countStaged,
  countZeroEndingNiks,
  createStaging,
  deleteZeroEndingNiks,
  dropStaging,
  errorTable,
  ERROR_COLUMNS,
  mergeDuplicateRows,
  mergeStaged,
  stagedWithOtherKey,
  stageTable,
  stagingExists,
  zeroEndingNiks,
  type MergeCounts,
} from './imports.repository.ts';

export type ImportStatus =
  | 'uploaded'
  | 'staging'
  | 'staged'
  | 'checking'
  | 'checked'
  | 'committing'
  | 'committed'
  | 'not_committed'
  | 'failed';

export interface ImportCounts extends MergeCounts {
  rejected: number;
  /** Rows of the file merged into another row of the same NIK. */
  duplicates: number;
  rows: number;
}

export interface ImportView {
  id: number;
  programId: number;
  source: string;
  fileName: string;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  status: ImportStatus;
  phase: string | null;
  rowsDone: number;
  counts: ImportCounts | null;
  validOnly: boolean;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export type Mapping = Record<string, WorkerFieldKey | null>;

export interface Analysis {
  headerRow: number;
  headers: string[];
  sample: string[][];
  suggestedMapping: Mapping;
}

/** Progress of imports running in this process: read without touching the database. */
const live = new Map<number, { phase: string; rowsDone: number }>();

const HEADER_SCAN_ROWS = 15;
/** Batches of rows staged ahead of the COPY (a batch is what the CSV parser hands over, ~1,500 rows). */
const STAGING_AHEAD = 3;
/** Files from this size on are validated and sealed on a worker thread (stage-rows.ts). */
const WORKER_FILE_BYTES = 4 * 1024 * 1024;

function toView(r: Awaited<ReturnType<typeof loadImport>>): ImportView {
  const running = live.get(r.id);
  return {
    id: r.id,
    programId: r.program_id,
    source: r.source,
    fileName: r.file_name,
    format: r.format,
    encoding: r.encoding,
    delimiter: r.delimiter,
    status: r.status as ImportStatus,
    phase: running?.phase ?? r.phase,
    rowsDone: running?.rowsDone ?? r.rows_done,
    counts: (r.counts as ImportCounts | null) ?? null,
    validOnly: r.valid_only,
    error: r.error,
    createdAt: new Date(r.created_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
  };
}

async function loadImport(db: Kysely<DB>, id: number) {
  const r = await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new DomainError('IMPORT_NOT_FOUND', { id });
  return r;
}

async function setStatus(db: Kysely<DB>, id: number, patch: Partial<{ status: ImportStatus; phase: string | null; rows_done: number; counts: ImportCounts; error: string | null; finished: boolean; valid_only: boolean; mapping: Mapping; source: string }>) {
  await db
    .updateTable('imports')
    .set({
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.phase !== undefined ? { phase: patch.phase } : {}),
      ...(patch.rows_done !== undefined ? { rows_done: patch.rows_done } : {}),
      ...(patch.counts ? { counts: JSON.stringify(patch.counts) } : {}),
      ...(patch.error !== undefined ? { error: patch.error } : {}),
      ...(patch.valid_only !== undefined ? { valid_only: patch.valid_only } : {}),
      ...(patch.mapping ? { mapping: JSON.stringify(patch.mapping) } : {}),
      ...(patch.source ? { source: patch.source } : {}),
      ...(patch.finished ? { finished_at: new Date() } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export function parseSource(s: string | undefined, fallback: Source = 'DTSEN'): Source {
  if (s === undefined || s === '') return fallback;
  const up = s.trim().toUpperCase();
  if (!isSource(up)) throw new DomainError('IMPORT_SOURCE_UNKNOWN', { source: s });
  return up;
}

/** Where each step may start from: one step at a time per import, never after a commit. */
const STARTS: Record<'staging' | 'checking' | 'committing', ImportStatus[]> = {
  staging: ['uploaded', 'staged', 'checked', 'not_committed', 'failed'],
  checking: ['staged', 'checked', 'not_committed'],
  committing: ['staged', 'checked', 'not_committed'],
};

/**
 * Moves an import into a step only from a state that allows it, in one conditional UPDATE, so
 * two requests can never run steps of the same import at once. A step queued by a route
 * (phase 'queued') is taken over by the service that runs it.
 */
async function claim(db: Kysely<DB>, id: number, step: keyof typeof STARTS, phase: string): Promise<void> {
  const r = await db
    .updateTable('imports')
    .set({ status: step, phase, error: null, updated_at: new Date() })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('status', 'in', STARTS[step]), eb.and([eb('status', '=', step), eb('phase', '=', 'queued')])]))
    .returning('id')
    .executeTakeFirst();
  if (r) return;
  const current = await loadImport(db, id);
  if (current.status === 'committed') throw new DomainError('IMPORT_ALREADY_COMMITTED', { id });
  if (step !== 'staging' && ['uploaded', 'failed'].includes(current.status)) throw new DomainError('IMPORT_NOT_STAGED', { id });
  throw new DomainError('IMPORT_BUSY', { id });
}

/** A step that failed: recorded on the import, never over a commit that already happened. */
async function recordFailure(db: Kysely<DB>, id: number, e: unknown): Promise<void> {
  await db
    .updateTable('imports')
    .set({ status: 'failed', phase: null, error: errorText(e), finished_at: new Date(), updated_at: new Date() })
    .where('id', '=', id)
    .where('status', '<>', 'committed')
    .execute();
}

/** Shows a step as started before it runs in the background, so the first poll sees it. */
export async function markQueued(database: Database, id: number, step: 'staging' | 'committing'): Promise<void> {
  await claim(database.db, id, step, 'queued');
}

/** Registers a file to import. An unreadable file throws UnreadableFileError before anything is written. */
export async function createImport(
  database: Database,
  input: { programCode: string; filePath: string; fileName: string; source: Source; actor: Actor },
): Promise<ImportView> {
  const program = await requireProgram(database.db, input.programCode);
  authorize(input.actor, 'import.manage', { programId: program.id });
  const info = sniff(input.filePath);
  const size = fs.statSync(input.filePath).size;
  const r = await database.db
    .insertInto('imports')
    .values({
      program_id: program.id,
      source: input.source,
      file_name: input.fileName,
      file_path: input.filePath,
      file_size: size,
      format: info.format,
      encoding: info.encoding,
      delimiter: info.delimiter,
      mapping: null,
      phase: null,
      counts: null,
      error: null,
      finished_at: null,
      actor: actorLabel(input.actor),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getImport(database, r.id);
}

export async function getImport(database: Database, id: number): Promise<ImportView> {
  return toView(await loadImport(database.db, id));
}

/**
 * The import, if the actor may manage imports of its program. The steps that follow (analysis,
 * staging, commit, error report) act on an import opened here or created by createImport.
 */
export async function openImport(database: Database, actor: Actor, id: number): Promise<ImportView> {
  const imp = await loadImport(database.db, id);
  authorize(actor, 'import.manage', { programId: imp.program_id });
  return toView(imp);
}

export async function listImports(database: Database, actor: Actor, programId: number): Promise<ImportView[]> {
  authorize(actor, 'import.manage', { programId });
  const rows = await database.db.selectFrom('imports').selectAll().where('program_id', '=', programId).orderBy('id', 'desc').limit(50).execute();
  return rows.map(toView);
}

function infoOf(r: { format: string; encoding: string | null; delimiter: string | null }): SheetInfo {
  return { format: r.format as SheetInfo['format'], encoding: r.encoding as SheetInfo['encoding'], delimiter: r.delimiter };
}

/** Finds the header row (offices put titles above it), the columns and a suggested mapping. */
export async function analyzeImport(database: Database, id: number): Promise<Analysis> {
  const imp = await loadImport(database.db, id);
  const saved = await database.db
    .selectFrom('import_mappings')
    .select('mapping')
    .where('program_id', '=', imp.program_id)
    .where('source', '=', imp.source)
    .executeTakeFirst();
  const first: { rowNumber: number; cells: RawCell[] }[] = [];
  for await (const row of readRows(imp.file_path, infoOf(imp))) {
    first.push(row);
    if (first.length >= HEADER_SCAN_ROWS + 5) break;
  }
  const savedMapping = (saved?.mapping as Record<string, string> | undefined) ?? undefined;
  for (let i = 0; i < Math.min(first.length, HEADER_SCAN_ROWS); i++) {
    const headers = first[i]!.cells.map((c) => cellText(c).trim());
    const mapping = suggestMapping(headers, savedMapping);
    if (Object.values(mapping).includes('nik')) {
      return {
        headerRow: first[i]!.rowNumber,
        headers,
        // NIKs and phone numbers leave the server masked, samples included.
        sample: first.slice(i + 1, i + 6).map((r) => headers.map((h, j) => shownValue(mapping[h], cellText(r.cells[j])))),
        suggestedMapping: mapping,
      };
    }
  }
  const seen = first.find((r) => r.cells.some((c) => cellText(c).trim() !== ''));
  const cells = seen ? seen.cells.map((c) => cellText(c).trim()).filter(Boolean) : [];
  // A file without a header starts with a person's data: then name the count, never the values.
  const looksLikeData = cells.some((c) => /\d{6,}|\dE\+?\d/i.test(c) || c.length > 40);
  const cols = looksLikeData ? `${cells.length} kolom/columns, tanpa judul/no header` : cells.slice(0, 12).join(', ');
  throw new UnreadableFileError(
    'FILE_NO_NIK_COLUMN',
    `Tidak ada kolom NIK di ${HEADER_SCAN_ROWS} baris pertama (kolom yang terbaca: ${cols || 'tidak ada'})`,
    `No NIK column in the first ${HEADER_SCAN_ROWS} rows (columns found: ${cols || 'none'})`,
  );
}

async function rowContextData(db: Kysely<DB>, regencyCode: string): Promise<RowContextData> {
  const codes = async (levels: [number, number]) =>
    (await db.selectFrom('regions').select('code').where('level', '>=', levels[0]).where('level', '<=', levels[1]).execute()).map((r) => r.code);
  return {
    regencyCode,
    today: todayJakarta(),
    upperCodes: await codes([1, 2]),
    villageCodes: await codes([4, 4]),
    local: await db.selectFrom('regions').select(['code', 'level', 'name']).where('code', 'like', `${regencyCode}.%`).execute(),
    occupations: await listOccupations(db),
  };
}

function planOf(headers: string[], mapping: Mapping): ColumnPlan {
  const plan: ColumnPlan = {};
  headers.forEach((h, index) => {
    const f = mapping[h];
    if (f && !plan[f]) plan[f] = { index, header: h };
  });
  return plan;
}

export interface StageResult {
  rows: number;
  valid: number;
  rejected: number;
  duplicates: number;
}

/**
 * Reads the whole file into the import's staging tables: valid rows to one, each problem to the
 * other. The registry is not touched. Runs outside a transaction so that, on the embedded
 * database, other requests are served between COPY batches. NIK and phone are sealed here, in
 * the process, before COPY: the staging table holds their keyed hashes and ciphertexts only, and
 * the error table masked values.
 */
export async function stageImport(
  database: Database,
  keyring: Keyring,
  id: number,
  /** `worker` overrides where rows are validated and sealed (by default: a worker thread for large files). */
  opts: { mapping?: Mapping; source?: Source; onProgress?: (rows: number) => void; worker?: boolean } = {},
): Promise<StageResult> {
  await claim(database.db, id, 'staging', 'reading');
  live.set(id, { phase: 'reading', rowsDone: 0 });
  let rows = 0;
  let reported = -1;
  try {
    const imp = await loadImport(database.db, id);
    const source = opts.source ?? parseSource(imp.source);
    const program = await database.db.selectFrom('programs').select(['id', 'region_code']).where('id', '=', imp.program_id).executeTakeFirstOrThrow();
    const analysis = await analyzeImport(database, id);
    const mapping: Mapping = opts.mapping ?? analysis.suggestedMapping;
    const problems = validateMapping(mapping);
    if (problems.length > 0) throw new DomainError('IMPORT_MAPPING_INVALID', { reason: problems.map((p) => p.en).join('; '), alasan: problems.map((p) => p.id).join('; ') });
    const plan = planOf(analysis.headers, mapping);
    const context = await rowContextData(database.db, program.region_code);
    const keyId = await useDatabaseKey(database.db, keyring);
    await setStatus(database.db, id, { mapping, source });
    const stager = openStager(
      { plan, context, key: { id: keyId, scheme: keyring.scheme(keyId), enc: keyring.encKey(keyId), mac: keyring.macKey(keyId) } },
      { worker: opts.worker ?? imp.file_size >= WORKER_FILE_BYTES },
    );
    await database.bulk(
      async (s) => {
        await createStaging(s.db, id);
        const good = s.copy(stageTable(id), STAGE_COLUMNS);
        // One connection carries one COPY at a time: problems go through the pool, in batches.
        const bad = batchedInsert(database.db, errorTable(id), ERROR_COLUMNS);
        // A few batches are staged (validated, sealed, written as COPY text) while the next rows
        // are read; they are written in file order.
        const staging: Promise<StagedBatch>[] = [];
        const writeOldest = async () => {
          const batch = await staging.shift()!;
          const wait = good.writeLines(batch.lines, batch.good);
          if (wait) await wait;
          for (const e of batch.errors) await bad.write(e);
          const before = rows;
          rows += batch.counted;
          if (Math.floor(rows / 5000) > Math.floor(before / 5000)) {
            live.set(id, { phase: 'reading', rowsDone: rows });
            opts.onProgress?.(rows);
            reported = rows;
          }
        };
        for await (const fileRows of readRowBatches(imp.file_path, infoOf(imp))) {
          const data = fileRows[0]!.rowNumber > analysis.headerRow ? fileRows : fileRows.filter((r) => r.rowNumber > analysis.headerRow);
          if (data.length === 0) continue;
          staging.push(stager.stage(data));
          if (staging.length > STAGING_AHEAD) await writeOldest();
        }
        while (staging.length > 0) await writeOldest();
        await good.end();
        await bad.end();
      },
      { transaction: false },
    ).finally(() => stager.close());
    live.set(id, { phase: 'checking', rowsDone: rows });
    if (plan.nik) await rejectTruncatedNiks(database, keyring, id, plan.nik.header);
    const duplicates = await mergeDuplicateRows(database.db, id);
    const { valid, rejected } = await countStaged(database.db, id);
    const result = { rows, valid, rejected, duplicates };
    await setStatus(database.db, id, {
      status: 'staged',
      phase: null,
      rows_done: rows,
      counts: { rows, rejected, duplicates, imported: 0, updated: 0, unchanged: 0 },
    });
    if (reported !== rows) opts.onProgress?.(rows);
    return result;
  } catch (e) {
    await dropStaging(database.db, id).catch(() => {});
    await recordFailure(database.db, id, e);
    throw e;
  } finally {
    live.delete(id);
  }
}

/**
 * Excel keeps 15 significant digits, so a 16-digit NIK stored as a number ends in 0. One NIK in ten
 * ends in 0 by chance; when most of a file's do, the file went through that loss and those NIKs
 * cannot be trusted: they move to the errors, masked. Returns how many.
 */
async function rejectTruncatedNiks(database: Database, keyring: Keyring, id: number, nikHeader: string): Promise<number> {
  const { total, zero } = await countZeroEndingNiks(database.db, id);
  if (total < 10 || zero * 2 <= total) return 0;
  const p = truncatedNikProblem(zero, total);
  const bad = batchedInsert(database.db, errorTable(id), ERROR_COLUMNS);
  for await (const batch of zeroEndingNiks(database.db, id)) {
    for (const r of batch) await bad.write([r.row_no, nikHeader, maskNik(unseal(keyring, 'nik', r.nik_enc)), p.code, p.id, p.en]);
  }
  await bad.end();
  await deleteZeroEndingNiks(database.db, id);
  return zero;
}

/**
 * At start: an import that was running when the process stopped is marked failed, so nobody waits
 * for it. Its staging stays, so a dry run can be repeated; the registry was never half-written.
 */
export async function failInterruptedImports(database: Database): Promise<number> {
  const r = await database.db
    .updateTable('imports')
    .set({ status: 'failed', phase: null, error: 'Terputus karena server berhenti / interrupted: the server stopped', finished_at: new Date(), updated_at: new Date() })
    .where('status', 'in', ['staging', 'checking', 'committing'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Drops what imports older than `days` left behind: staging tables (which hold raw file values,
 * personal data included) and uploaded copies. The import records and their counts stay.
 */
export async function cleanupStaleImports(database: Database, uploadsDir: string, days = 7): Promise<number> {
  const stale = await database.db
    .selectFrom('imports')
    .select(['id', 'file_path'])
    .where('created_at', '<', new Date(Date.now() - days * 86_400_000))
    .execute();
  for (const imp of stale) {
    await dropStaging(database.db, imp.id);
    if (path.dirname(path.resolve(imp.file_path)) === path.resolve(uploadsDir)) fs.rmSync(imp.file_path, { force: true });
  }
  return stale.length;
}

/** Rows written with multi-row INSERTs of a few hundred rows each. */
function batchedInsert(db: Kysely<DB>, table: string, columns: readonly string[], size = 500) {
  let rows: (string | number | null)[][] = [];
  const flush = async () => {
    if (rows.length === 0) return;
    const values = rows.map((r) => sql`(${sql.join(r.map((v) => sql`${v}`))})`);
    rows = [];
    await sql`insert into ${sql.id(table)} (${sql.join(columns.map((c) => sql.id(c)))}) values ${sql.join(values)}`.execute(db);
  };
  return {
    async write(row: (string | number | null)[]) {
      rows.push(row);
      if (rows.length >= size) await flush();
    },
    end: flush,
  };
}

function errorText(e: unknown): string {
  if (e instanceof UnreadableFileError) return e.message;
  if (e instanceof DomainError) return e.code;
  return 'Kesalahan internal / internal error';
}


/**
 * Merges a staged import. Dry run: counts only, nothing written. Commit: all rows or nothing,
 * unless validOnly, in one transaction; an interruption leaves the registry as it was.
 */
export async function finishImport(
  database: Database,
  id: number,
  /** `keys` chain the audit entry a commit writes (the per-field before/after is in worker_history). */
  opts: { dryRun: boolean; validOnly: boolean; actor: Actor; keys: AuditKeys },
): Promise<ImportCounts & { committed: boolean }> {
  const before = await loadImport(database.db, id);
  const staged = before.counts as ImportCounts | null;
  const base = { rows: staged?.rows ?? 0, rejected: staged?.rejected ?? 0, duplicates: staged?.duplicates ?? 0 };
  const countOnly = opts.dryRun || (base.rejected > 0 && !opts.validOnly);
  await claim(database.db, id, countOnly && opts.dryRun ? 'checking' : 'committing', countOnly ? 'checking' : 'merging');
  const imp = await loadImport(database.db, id);
  const source = parseSource(imp.source);
  live.set(id, { phase: countOnly ? 'checking' : 'merging', rowsDone: base.rows });
  try {
    if (!(await stagingExists(database.db, id))) throw new DomainError('IMPORT_NOT_STAGED', { id });
    if (countOnly) {
      const key = await readKeyState(database.db);
      if (!key || (await stagedWithOtherKey(database.db, id, key.key_id))) throw new DomainError('IMPORT_KEYS_ROTATED', { id });
      const counts = { ...base, ...(await classify(database.db, id, imp.program_id, source)) };
      const status: ImportStatus = opts.dryRun ? 'checked' : 'not_committed';
      await setStatus(database.db, id, { status, phase: null, counts, valid_only: opts.validOnly, finished: !opts.dryRun });
      return { ...counts, committed: false };
    }
    await setStatus(database.db, id, { valid_only: opts.validOnly });
    const merged = await database.bulk(async (s) => {
      // The import row is held for the whole merge: no other step of it can start meanwhile.
      const held = await s.db.selectFrom('imports').select('status').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      if (held.status !== 'committing') throw new DomainError('IMPORT_BUSY', { id });
      // A key rotation waits for this merge, or this merge for it: the staged hashes must be the
      // registry's (a rotation re-keys staged rows too, but not rows staged while it ran).
      const key = await lockKeyState(s.db, 'share');
      if (!key || (await stagedWithOtherKey(s.db, id, key.key_id))) throw new DomainError('IMPORT_KEYS_ROTATED', { id });
      const cs = await s.db
        .insertInto('changesets')
        .values({ program_id: imp.program_id, kind: 'import', source, import_id: id, actor: actorLabel(opts.actor) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const counts = await mergeStaged(s.db, { importId: id, programId: imp.program_id, source, changesetId: cs.id });
      if (imp.mapping) {
        await s.db
          .insertInto('import_mappings')
          .values({ program_id: imp.program_id, source, mapping: JSON.stringify(imp.mapping) })
          .onConflict((oc) => oc.columns(['program_id', 'source']).doUpdateSet({ mapping: JSON.stringify(imp.mapping), updated_at: new Date() }))
          .execute();
      }
      await s.db
        .updateTable('imports')
        .set({ status: 'committed', phase: null, counts: JSON.stringify({ ...base, ...counts }), finished_at: new Date(), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      await appendAudit(s.db, opts.keys, opts.actor, {
        action: 'import.commit',
        entity: 'import',
        entityId: id,
        programId: imp.program_id,
        after: { fileName: imp.file_name, source, changesetId: Number(cs.id), validOnly: opts.validOnly, ...counts },
      });
      return counts;
    });
    await sql`DROP TABLE IF EXISTS ${sql.id(stageTable(id))}`.execute(database.db);
    // Fresh statistics after a large load, or the planner keeps planning for the old table size.
    if (merged.imported + merged.updated >= 1000) await sql`ANALYZE workers`.execute(database.db);
    return { ...base, ...merged, committed: true };
  } catch (e) {
    await recordFailure(database.db, id, e);
    throw e;
  } finally {
    live.delete(id);
  }
}

