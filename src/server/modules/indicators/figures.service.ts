// The figures Sekitar does not count itself: the workforce (the denominator, per year, from BPS)
// and BPJS TK's participants (per month: total, formal, informal/BPU), per kab/kota, kecamatan or
// kelurahan, entered one by one or imported from a file; the programme's targets per year; the
// region boundaries of the map. Each change notifies the dashboards.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError, RowsRejected, parseInput, type RowProblem } from '../../domain-error.ts';
import { actorLabel, type Actor } from '../access/actor.ts';
import { authorize, type Capability } from '../access/policies.ts';
import { recordAudit } from '../audit/audit.ts';
import { cellText, readKeyedRows } from '../imports/keyed-rows.ts';
import type { Cell } from '../imports/values.ts';
import { INDICATOR_CHANNEL } from './indicator-cache.ts';

export type FigureKind = 'workforce' | 'participants';

export interface FigureRow {
  kind: FigureKind;
  /** 'YYYY' for workforce, 'YYYY-MM' for participants */
  period: string;
  regionCode: string;
  total: number;
  formal: number | null;
  informal: number | null;
  source: string;
}

const PERIOD: Record<FigureKind, RegExp> = { workforce: /^\d{4}$/, participants: /^\d{4}-(0[1-9]|1[0-2])$/ };
const capabilityFor = (kind: FigureKind): Capability => (kind === 'workforce' ? 'indicators.manage' : 'participants.import');

/** Tells every process's dashboards that a programme's figures changed (sent at commit). */
export async function notifyIndicators(db: Kysely<DB>, programId: number): Promise<void> {
  await sql`SELECT pg_notify(${INDICATOR_CHANNEL}, ${String(programId)})`.execute(db);
}

/** '3672011001', '36.72.01.1001' or '36 72 01 1001' -> '36.72.01.1001'; null when not a code. */
export function normalizeRegionCode(raw: string): string | null {
  const digits = raw.replace(/[\s.]/g, '');
  if (!/^\d+$/.test(digits) || ![2, 4, 6, 10].includes(digits.length)) return null;
  return [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4, 6), digits.slice(6)].filter(Boolean).join('.');
}

/** A count as offices write it: 174897, 174.897, 174,897 or a spreadsheet number; whole and >= 0. */
export function readCount(cell: Cell): { ok: true; value: number | null } | { ok: false; id: string; en: string } {
  if (cell === null || cell === undefined || cellText(cell) === '') return { ok: true, value: null };
  if (typeof cell === 'number') {
    return Number.isSafeInteger(cell) && cell >= 0 ? { ok: true, value: cell } : { ok: false, id: 'Harus bilangan bulat 0 atau lebih', en: 'Must be a whole number, 0 or more' };
  }
  const s = cellText(cell).replace(/\s/g, '');
  const m = /^(\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+)$/.exec(s);
  if (!m) return { ok: false, id: 'Tidak terbaca sebagai jumlah orang (bilangan bulat)', en: 'Not readable as a number of people (a whole number)' };
  const value = Number(s.replace(/[.,]/g, ''));
  return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, id: 'Angka terlalu besar', en: 'The number is too large' };
}

async function programRegions(db: Kysely<DB>, programId: number): Promise<{ regionCode: string; codes: Set<string> }> {
  const program = await db.selectFrom('programs').select(['region_code']).where('id', '=', programId).executeTakeFirst();
  if (!program) throw new DomainError('PROGRAM_NOT_FOUND', { code: programId });
  const rows = await db.selectFrom('regions').select(['code']).where('code', 'like', `${program.region_code}.%`).execute();
  return { regionCode: program.region_code, codes: new Set([program.region_code, ...rows.map((r) => r.code)]) };
}

const FigureInput = z.object({
  kind: z.enum(['workforce', 'participants']),
  period: z.string().trim(),
  regionCode: z.string().trim(),
  total: z.number().int().min(0),
  formal: z.number().int().min(0).nullable().default(null),
  informal: z.number().int().min(0).nullable().default(null),
  source: z.string().trim().min(1).max(200),
});

/** Problems of one figure, in both languages; empty when it may be stored. */
function checkFigure(f: Omit<FigureRow, 'source'>, codes: Set<string>): { field: string; id: string; en: string }[] {
  const out: { field: string; id: string; en: string }[] = [];
  if (!PERIOD[f.kind].test(f.period)) {
    out.push(
      f.kind === 'workforce'
        ? { field: 'period', id: 'Tahun harus 4 angka, misalnya 2025', en: 'The year must be 4 digits, e.g. 2025' }
        : { field: 'period', id: 'Bulan harus YYYY-MM, misalnya 2025-07', en: 'The month must be YYYY-MM, e.g. 2025-07' },
    );
  }
  if (!codes.has(f.regionCode)) out.push({ field: 'regionCode', id: 'Kode wilayah bukan kab/kota program ini atau kecamatan/kelurahannya', en: "The region code is not this programme's kab/kota or one of its kecamatan/kelurahan" });
  if ((f.formal ?? 0) + (f.informal ?? 0) > f.total) out.push({ field: 'total', id: 'Formal + informal melebihi total', en: 'Formal + informal exceed the total' });
  return out;
}

export async function upsertFigures(db: Kysely<DB>, programId: number, rows: FigureRow[], by: string): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('region_figures')
      .values(rows.slice(i, i + 500).map((f) => ({ program_id: programId, kind: f.kind, period: f.period, region_code: f.regionCode, total: f.total, formal: f.formal, informal: f.informal, source: f.source, updated_by: by })))
      .onConflict((oc) =>
        oc.columns(['program_id', 'kind', 'period', 'region_code']).doUpdateSet((eb) => ({
          total: eb.ref('excluded.total'),
          formal: eb.ref('excluded.formal'),
          informal: eb.ref('excluded.informal'),
          source: eb.ref('excluded.source'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
}

/** Enters (or replaces) one figure. */
export async function setFigure(ctx: AppContext, actor: Actor, programId: number, input: unknown): Promise<FigureRow> {
  const f = parseInput(FigureInput, input, 'figure');
  authorize(actor, capabilityFor(f.kind), { programId });
  const regionCode = normalizeRegionCode(f.regionCode) ?? f.regionCode;
  const row: FigureRow = { ...f, regionCode };
  const problem = checkFigure(row, (await programRegions(ctx.database.db, programId)).codes)[0];
  if (problem) throw new DomainError('FIELD_INVALID', { field: problem.field, alasan: problem.id, reason: problem.en });
  await ctx.database.db.transaction().execute(async (trx) => {
    await upsertFigures(trx, programId, [row], actorLabel(actor));
    await recordAudit(trx, ctx.keyring, actor, { action: `figures.${f.kind}`, entity: 'program', entityId: programId, programId, after: { ...row } });
    await notifyIndicators(trx, programId);
  });
  return row;
}

const HEADERS = {
  region: ['Kode Wilayah', 'Kode', 'Kode Kemendagri', 'Kode Desa', 'Kode Kelurahan', 'Kode Kecamatan', 'Region code', 'Code'],
  period: ['Periode', 'Tahun', 'Bulan', 'Period', 'Year', 'Month'],
  total: ['Total', 'Jumlah', 'Jumlah Total', 'Angkatan Kerja', 'Peserta', 'Total Peserta', 'Workforce', 'Participants'],
  formal: ['Formal', 'PU', 'Penerima Upah', 'Peserta PU', 'Wage earners'],
  informal: ['Informal', 'BPU', 'Bukan Penerima Upah', 'Peserta BPU', 'Non-wage earners'],
} as const;
type Column = keyof typeof HEADERS;

/** A period cell: 2025 (a year), 2025-07, 07/2025, 07-2025 or a date (its month). */
function readPeriod(kind: FigureKind, cell: Cell): string {
  if (cell instanceof Date) return kind === 'workforce' ? String(cell.getUTCFullYear()) : cell.toISOString().slice(0, 7);
  const s = cellText(cell);
  const mmYYYY = /^(\d{1,2})[/-](\d{4})$/.exec(s);
  if (mmYYYY) return `${mmYYYY[2]}-${mmYYYY[1]!.padStart(2, '0')}`;
  const iso = /^(\d{4})-(\d{1,2})(?:-\d{1,2})?$/.exec(s);
  if (iso) return `${iso[1]}-${iso[2]!.padStart(2, '0')}`;
  return s.replace(/\.0$/, '');
}

export interface FiguresImport {
  kind: FigureKind;
  rows: number;
  periods: string[];
}

/**
 * Imports a file of figures: one row per region and period. Every row is checked first (region
 * of the programme, period, whole numbers, formal + informal within the total, no region and
 * period twice); any problem and nothing is stored. Importing the same file again changes nothing.
 */
export async function importFigures(ctx: AppContext, actor: Actor, programId: number, kind: FigureKind, filePath: string, source: string): Promise<FiguresImport> {
  authorize(actor, capabilityFor(kind), { programId });
  const src = source.trim();
  if (!src) throw new DomainError('FIELD_INVALID', { field: 'source', alasan: 'sumber data wajib diisi', reason: 'the source is required' });
  const { codes } = await programRegions(ctx.database.db, programId);
  const problems: RowProblem[] = [];
  const rows: FigureRow[] = [];
  const seen = new Map<string, number>();
  for await (const r of readKeyedRows(filePath, HEADERS, [['region'], ['period'], ['total']], 'FIGURES_INVALID')) {
    const report = (column: Column, id: string, en: string) => problems.push({ row: r.row, column: r.column(column), value: cellText(r.cell(column)).slice(0, 40), id, en });
    const counts: Partial<Record<'total' | 'formal' | 'informal', number | null>> = {};
    let bad = false;
    for (const c of ['total', 'formal', 'informal'] as const) {
      const v = readCount(r.cell(c));
      if (!v.ok) {
        report(c, v.id, v.en);
        bad = true;
      } else counts[c] = v.value;
    }
    if (!bad && counts.total === null) {
      report('total', 'Total wajib diisi', 'The total is required');
      bad = true;
    }
    const rawCode = cellText(r.cell('region'));
    const regionCode = normalizeRegionCode(rawCode.replace(/\.0$/, ''));
    if (!regionCode) {
      report('region', 'Kode wilayah Kemendagri tidak terbaca (2, 4, 6 atau 10 angka)', 'The Kemendagri region code is unreadable (2, 4, 6 or 10 digits)');
      continue;
    }
    const f = { kind, period: readPeriod(kind, r.cell('period')), regionCode, total: counts.total ?? 0, formal: counts.formal ?? null, informal: counts.informal ?? null };
    const figureProblems = checkFigure(f, codes);
    for (const p of figureProblems) report(p.field === 'period' ? 'period' : p.field === 'regionCode' ? 'region' : 'total', p.id, p.en);
    const key = `${f.regionCode}|${f.period}`;
    const first = seen.get(key);
    if (first !== undefined) report('region', `Wilayah dan periode ini sudah ada di baris ${first}`, `This region and period already appear on row ${first}`);
    else seen.set(key, r.row);
    if (!bad && figureProblems.length === 0 && first === undefined) rows.push({ ...f, source: src });
  }
  if (problems.length > 0) throw new RowsRejected('FIGURES_INVALID', problems);
  if (rows.length === 0) throw new RowsRejected('FIGURES_INVALID', [{ row: 0, column: '-', value: '', id: 'Berkas tidak berisi baris data', en: 'The file has no data rows' }]);
  await ctx.database.db.transaction().execute(async (trx) => {
    await upsertFigures(trx, programId, rows, actorLabel(actor));
    await recordAudit(trx, ctx.keyring, actor, { action: `figures.${kind}.import`, entity: 'program', entityId: programId, programId, after: { rows: rows.length, source: src, periods: [...new Set(rows.map((r) => r.period))].join(',') } });
    await notifyIndicators(trx, programId);
  });
  return { kind, rows: rows.length, periods: [...new Set(rows.map((r) => r.period))].sort() };
}

export async function listFigures(ctx: AppContext, actor: Actor, programId: number): Promise<FigureRow[]> {
  authorize(actor, 'indicators.read', { programId });
  const rows = await ctx.database.db.selectFrom('region_figures').selectAll().where('program_id', '=', programId).orderBy('kind').orderBy('period', 'desc').orderBy('region_code').execute();
  return rows.map((r) => ({ kind: r.kind, period: r.period, regionCode: r.region_code, total: Number(r.total), formal: r.formal === null ? null : Number(r.formal), informal: r.informal === null ? null : Number(r.informal), source: r.source }));
}

export interface TargetRow {
  id: number;
  year: number;
  indicator: 'ucj' | 'bpu' | 'kampung';
  regionCode: string;
  percent: number | null;
  participants: number | null;
  basis: string | null;
}

const TargetInput = z
  .object({
    year: z.number().int().min(2000).max(2100),
    indicator: z.enum(['ucj', 'bpu', 'kampung']),
    regionCode: z.string().trim().default(''),
    percent: z.number().gt(0).max(100).multipleOf(0.01).nullable().default(null),
    participants: z.number().int().positive().nullable().default(null),
    basis: z.string().trim().max(300).nullable().default(null),
  })
  .refine((t) => t.percent !== null || t.participants !== null, { message: 'percent or participants', path: ['percent'] });

/** Sets the target of a year (replacing the one there was). */
export async function setTarget(ctx: AppContext, actor: Actor, programId: number, input: unknown): Promise<TargetRow> {
  const t = parseInput(TargetInput, input, 'target');
  authorize(actor, 'indicators.manage', { programId });
  const regionCode = t.regionCode === '' ? '' : (normalizeRegionCode(t.regionCode) ?? t.regionCode);
  if (regionCode !== '') {
    const { codes, regionCode: regency } = await programRegions(ctx.database.db, programId);
    if (!codes.has(regionCode) || regionCode === regency) throw new DomainError('FIELD_INVALID', { field: 'regionCode', alasan: 'bukan kecamatan/kelurahan program ini', reason: "not one of this programme's kecamatan/kelurahan" });
  }
  return ctx.database.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('program_targets')
      .values({ program_id: programId, year: t.year, indicator: t.indicator, region_code: regionCode, percent: t.percent === null ? null : String(t.percent), participants: t.participants, basis: t.basis, updated_by: actorLabel(actor) })
      .onConflict((oc) =>
        oc.columns(['program_id', 'year', 'indicator', 'region_code']).doUpdateSet((eb) => ({
          percent: eb.ref('excluded.percent'),
          participants: eb.ref('excluded.participants'),
          basis: eb.ref('excluded.basis'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    const out: TargetRow = { id: Number(row.id), year: t.year, indicator: t.indicator, regionCode, percent: t.percent, participants: t.participants, basis: t.basis };
    await recordAudit(trx, ctx.keyring, actor, { action: 'target.set', entity: 'program', entityId: programId, programId, after: { ...out } });
    await notifyIndicators(trx, programId);
    return out;
  });
}

export async function deleteTarget(ctx: AppContext, actor: Actor, programId: number, targetId: number): Promise<void> {
  authorize(actor, 'indicators.manage', { programId });
  await ctx.database.db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('program_targets').where('id', '=', targetId).where('program_id', '=', programId).returningAll().executeTakeFirst();
    if (!gone) throw new DomainError('TARGET_NOT_FOUND', { id: targetId });
    await recordAudit(trx, ctx.keyring, actor, { action: 'target.delete', entity: 'program', entityId: programId, programId, before: { year: gone.year, indicator: gone.indicator, regionCode: gone.region_code } });
    await notifyIndicators(trx, programId);
  });
}

export async function listTargets(db: Kysely<DB>, programId: number): Promise<TargetRow[]> {
  const rows = await db.selectFrom('program_targets').selectAll().where('program_id', '=', programId).orderBy('year', 'desc').orderBy('indicator').orderBy('region_code').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    year: r.year,
    indicator: r.indicator,
    regionCode: r.region_code,
    percent: r.percent === null ? null : Number(r.percent),
    participants: r.participants === null ? null : Number(r.participants),
    basis: r.basis,
  }));
}

const CODE_PROPERTIES = ['kode', 'kode_wilayah', 'kode_kemendagri', 'kdepum', 'code', 'region_code', 'id'];

/**
 * Stores the map's region boundaries: a GeoJSON FeatureCollection whose features carry a
 * Kemendagri code of the programme's kecamatan or kelurahan (in a property named kode,
 * kode_wilayah, code, ... or as the feature id). Features without one are refused by number.
 */
export async function uploadBoundaries(ctx: AppContext, actor: Actor, programId: number, text: string): Promise<{ features: number }> {
  authorize(actor, 'indicators.manage', { programId });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new RowsRejected('BOUNDARIES_INVALID', [{ row: 0, column: '-', value: '', id: 'Berkas bukan JSON yang sah', en: 'The file is not valid JSON' }]);
  }
  const fc = doc as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new RowsRejected('BOUNDARIES_INVALID', [{ row: 0, column: 'type', value: String(fc?.type ?? ''), id: 'Berkas harus GeoJSON FeatureCollection', en: 'The file must be a GeoJSON FeatureCollection' }]);
  }
  const { codes } = await programRegions(ctx.database.db, programId);
  const problems: RowProblem[] = [];
  const features = (fc.features as { id?: unknown; properties?: Record<string, unknown> | null; geometry?: { type?: string } | null }[]).map((f, i) => {
    const props = f.properties ?? {};
    const raw = [...CODE_PROPERTIES.map((k) => props[k] ?? props[k.toUpperCase()]), f.id].find((v) => v !== undefined && v !== null);
    const code = raw === undefined ? null : normalizeRegionCode(String(raw));
    const geometry = f.geometry?.type;
    if (!code || !codes.has(code)) problems.push({ row: i + 1, column: 'properties.kode', value: String(raw ?? '').slice(0, 20), id: 'Fitur tanpa kode Kemendagri wilayah program ini', en: "A feature without a Kemendagri code of this programme's regions" });
    else if (geometry !== 'Polygon' && geometry !== 'MultiPolygon') problems.push({ row: i + 1, column: 'geometry', value: String(geometry ?? ''), id: 'Geometri harus Polygon atau MultiPolygon', en: 'The geometry must be a Polygon or MultiPolygon' });
    return { type: 'Feature', properties: { kode: code }, geometry: f.geometry };
  });
  if (problems.length > 0) throw new RowsRejected('BOUNDARIES_INVALID', problems.slice(0, 200));
  if (features.length === 0) throw new RowsRejected('BOUNDARIES_INVALID', [{ row: 0, column: 'features', value: '0', id: 'Tidak ada fitur', en: 'There are no features' }]);
  const geojson = JSON.stringify({ type: 'FeatureCollection', features });
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('region_boundaries')
      .values({ program_id: programId, geojson, features: features.length, uploaded_by: actorLabel(actor) })
      .onConflict((oc) => oc.column('program_id').doUpdateSet((eb) => ({ geojson: eb.ref('excluded.geojson'), features: eb.ref('excluded.features'), uploaded_by: eb.ref('excluded.uploaded_by'), uploaded_at: sql<Date>`now()` })))
      .execute();
    await recordAudit(trx, ctx.keyring, actor, { action: 'boundaries.upload', entity: 'program', entityId: programId, programId, after: { features: features.length } });
    await notifyIndicators(trx, programId);
  });
  return { features: features.length };
}

/** The uploaded boundaries as GeoJSON text, or null. */
export async function readBoundaries(ctx: AppContext, actor: Actor, programId: number): Promise<string | null> {
  authorize(actor, 'indicators.read', { programId });
  const r = await ctx.database.db.selectFrom('region_boundaries').select(['geojson']).where('program_id', '=', programId).executeTakeFirst();
  return r ? JSON.stringify(r.geojson) : null;
}
