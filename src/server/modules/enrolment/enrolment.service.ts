// Enrolment with BPJS Ketenagakerjaan. Approved placements go out as a batch: a file for
// collective registration, in the column layout the programme set (the official template is not
// public, so the layout is data, with a sensible default). The insurer officer uploads the results:
// a KPJ number and the date cover starts (TMT) for each worker accepted, a reason for each one
// declined. Accepted workers are members; declined ones return to the pool with the reason shown.
// A results file is applied whole or not at all, and applying it twice changes nothing.
import type { Writable } from 'node:stream';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { blindIndex, unseal } from '../../crypto/field-crypto.ts';
import { DomainError, parseInput, RowsRejected, type RowProblem } from '../../domain-error.ts';
import { writeSheet, type SheetFormat } from '../../spreadsheet.ts';
import { actorLabel, type Actor } from '../access/actor.ts';
import { authorize } from '../access/policies.ts';
import { recordAudit } from '../audit/audit.ts';
import { cellText, readKeyedRows } from '../imports/keyed-rows.ts';
import { readDate, readKpj, readNik } from '../imports/values.ts';
import { requireProgramById } from '../programs/programs.service.ts';
import { addMonths } from '../rates/rates.ts';
import { maskDigitRuns } from '../registry/masks.ts';
import { useDatabaseKey } from '../keys/keys.service.ts';

export const ENROLMENT_FIELDS = [
  'nik', 'name', 'birth_date', 'sex', 'address', 'kelurahan_code', 'kelurahan_name', 'kecamatan_name', 'occupation',
  'declared_income', 'programs', 'period_start', 'period_end', 'months', 'participation_code', 'sponsor', 'reference',
] as const;
export type EnrolmentField = (typeof ENROLMENT_FIELDS)[number];

export const EnrolmentLayout = z.object({
  dateFormat: z.enum(['DD-MM-YYYY', 'DD/MM/YYYY', 'YYYY-MM-DD']).default('DD-MM-YYYY'),
  columns: z
    .array(z.object({ header: z.string().trim().min(1).max(60), field: z.enum(ENROLMENT_FIELDS) }))
    .min(1)
    .max(40)
    .refine((cs) => cs.some((c) => c.field === 'nik'), { message: 'the layout needs a NIK column: results are matched on it' }),
});
export type EnrolmentLayout = z.output<typeof EnrolmentLayout>;

export const DEFAULT_LAYOUT: EnrolmentLayout = {
  dateFormat: 'DD-MM-YYYY',
  columns: [
    { header: 'NIK', field: 'nik' },
    { header: 'NAMA_LENGKAP', field: 'name' },
    { header: 'TGL_LAHIR', field: 'birth_date' },
    { header: 'JENIS_KELAMIN', field: 'sex' },
    { header: 'ALAMAT', field: 'address' },
    { header: 'KODE_WILAYAH', field: 'kelurahan_code' },
    { header: 'KELURAHAN', field: 'kelurahan_name' },
    { header: 'KECAMATAN', field: 'kecamatan_name' },
    { header: 'PEKERJAAN', field: 'occupation' },
    { header: 'UPAH_DILAPORKAN', field: 'declared_income' },
    { header: 'PROGRAM', field: 'programs' },
    { header: 'PERIODE_AWAL', field: 'period_start' },
    { header: 'PERIODE_AKHIR', field: 'period_end' },
    { header: 'JUMLAH_BULAN', field: 'months' },
    { header: 'KODE_KEPESERTAAN', field: 'participation_code' },
    { header: 'SPONSOR', field: 'sponsor' },
    { header: 'NO_REFERENSI', field: 'reference' },
  ],
};

/** The programme's layout (programs.settings.enrolment), or the default. */
export function layoutOf(settings: Record<string, unknown>): EnrolmentLayout {
  const parsed = EnrolmentLayout.safeParse(settings['enrolment']);
  return parsed.success ? parsed.data : DEFAULT_LAYOUT;
}

const programOf = (ctx: AppContext, programId: number) => requireProgramById(ctx.database.db, programId);

export async function getLayout(ctx: AppContext, actor: Actor, programId: number): Promise<EnrolmentLayout> {
  authorize(actor, 'enrolment.read', { programId });
  return layoutOf((await programOf(ctx, programId)).settings);
}

export async function setLayout(ctx: AppContext, actor: Actor, programId: number, input: unknown): Promise<EnrolmentLayout> {
  authorize(actor, 'enrolment.manage', { programId });
  const layout = parseInput(EnrolmentLayout, input, 'layout');
  const program = await programOf(ctx, programId);
  const before = layoutOf(program.settings);
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx.updateTable('programs').set({ settings: JSON.stringify({ ...program.settings, enrolment: layout }) }).where('id', '=', programId).execute();
    await recordAudit(trx, ctx.keyring, actor, { action: 'enrolment.layout', entity: 'program', entityId: programId, programId, before, after: layout });
  });
  return layout;
}

export interface BatchView {
  id: number;
  placements: number;
  accepted: number;
  declined: number;
  pending: number;
  createdBy: string;
  createdAt: string;
  resultsAt: string | null;
}

const batchView = (b: { id: number; placements: number; accepted: number; declined: number; created_by: string; created_at: Date; results_at: Date | null }): BatchView => ({
  id: Number(b.id),
  placements: b.placements,
  accepted: b.accepted,
  declined: b.declined,
  pending: b.placements - b.accepted - b.declined,
  createdBy: b.created_by,
  createdAt: new Date(b.created_at).toISOString(),
  resultsAt: b.results_at ? new Date(b.results_at).toISOString() : null,
});

/** Puts every approved placement not yet sent into a new batch. */
export async function createBatch(ctx: AppContext, actor: Actor, programId: number): Promise<BatchView> {
  authorize(actor, 'enrolment.manage', { programId });
  const layout = layoutOf((await programOf(ctx, programId)).settings);
  return ctx.database.db.transaction().execute(async (trx) => {
    const waiting = await trx
      .selectFrom('placements')
      .select('id')
      .where('program_id', '=', programId)
      .where('status', '=', 'approved')
      .where('batch_id', 'is', null)
      .forUpdate()
      .execute();
    if (waiting.length === 0) throw new DomainError('ENROLMENT_NOTHING_APPROVED');
    const batch = await trx
      .insertInto('enrolment_batches')
      .values({ program_id: programId, placements: waiting.length, layout: JSON.stringify(layout), created_by: actorLabel(actor) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.updateTable('placements').set({ batch_id: batch.id }).where('id', 'in', waiting.map((w) => w.id)).execute();
    await recordAudit(trx, ctx.keyring, actor, { action: 'enrolment.batch', entity: 'enrolment_batch', entityId: batch.id, programId, after: { placements: waiting.length } });
    return batchView(batch);
  });
}

export async function listBatches(ctx: AppContext, actor: Actor, programId: number): Promise<BatchView[]> {
  authorize(actor, 'enrolment.read', { programId });
  const rows = await ctx.database.db.selectFrom('enrolment_batches').selectAll().where('program_id', '=', programId).orderBy('id', 'desc').limit(200).execute();
  return rows.map(batchView);
}

async function batchOf(ctx: AppContext, batchId: number) {
  const b = await ctx.database.db.selectFrom('enrolment_batches').selectAll().where('id', '=', batchId).executeTakeFirst();
  if (!b) throw new DomainError('ENROLMENT_BATCH_NOT_FOUND', { id: batchId });
  return b;
}

/** Checks the actor may upload results for the batch, before any file is received. */
export async function checkResultsUpload(ctx: AppContext, actor: Actor, batchId: number): Promise<void> {
  authorize(actor, 'enrolment.results', { programId: Number((await batchOf(ctx, batchId)).program_id) });
}

const PROGRAM_NAMES: Record<string, string> = { JKK_JKM: 'JKK,JKM', JKK_JKM_JHT: 'JKK,JKM,JHT' };

function formatDate(iso: string | null, format: EnrolmentLayout['dateFormat']): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  if (format === 'YYYY-MM-DD') return iso;
  return format === 'DD/MM/YYYY' ? `${d}/${m}/${y}` : `${d}-${m}-${y}`;
}

/**
 * The batch file for BPJS TK, with whole NIKs (collective registration needs them): only the
 * programme's admins and insurer officers get it, and every download is in the audit trail.
 */
export async function writeBatchFile(ctx: AppContext, actor: Actor, batchId: number, format: SheetFormat, out: Writable): Promise<number> {
  const batch = await batchOf(ctx, batchId);
  const programId = Number(batch.program_id);
  authorize(actor, 'enrolment.read', { programId });
  const layout = EnrolmentLayout.parse(batch.layout);
  const rows = await ctx.database.db
    .selectFrom('placements as p')
    .innerJoin('workers as w', 'w.id', 'p.worker_id')
    .innerJoin('pledges as pl', 'pl.id', 'p.pledge_id')
    .innerJoin('sponsors as s', 's.id', 'p.sponsor_id')
    .leftJoin('regions as kel', 'kel.code', 'w.kelurahan_code')
    .leftJoin('regions as kec', 'kec.code', 'kel.parent_code')
    .leftJoin('occupations as o', 'o.code', 'w.occupation_code')
    .select([
      'p.id', 'p.start_month', 'p.months', 'w.nik_enc', 'w.name', 'w.birth_date', 'w.sex', 'w.street', 'w.rt', 'w.rw', 'w.kelurahan_code',
      'kel.name as kelurahan_name', 'kec.name as kecamatan_name', 'o.name_id as occupation', 'w.occupation_text', 'pl.declared_income', 'pl.package',
      's.name as sponsor', 's.participation_code',
    ])
    .where('p.batch_id', '=', batchId)
    .orderBy('p.id')
    .execute();
  await recordAudit(ctx.database.db, ctx.keyring, actor, { action: 'enrolment.download', entity: 'enrolment_batch', entityId: batchId, programId, after: { format, rows: rows.length } });
  const values = rows.map((r) => {
    const address = [r.street, r.rt || r.rw ? `RT ${r.rt ?? '-'}/RW ${r.rw ?? '-'}` : null, r.kelurahan_name].filter(Boolean).join(', ');
    const cell: Record<EnrolmentField, string | number> = {
      nik: unseal(ctx.keyring, 'nik', r.nik_enc),
      name: r.name,
      birth_date: formatDate(r.birth_date, layout.dateFormat),
      sex: r.sex ?? '',
      address,
      kelurahan_code: r.kelurahan_code ?? '',
      kelurahan_name: r.kelurahan_name ?? '',
      kecamatan_name: r.kecamatan_name ?? '',
      occupation: r.occupation ?? r.occupation_text ?? '',
      declared_income: Number(r.declared_income),
      programs: PROGRAM_NAMES[r.package] ?? r.package,
      period_start: r.start_month,
      period_end: addMonths(r.start_month, r.months - 1),
      months: r.months,
      participation_code: r.participation_code,
      sponsor: r.sponsor,
      reference: `SKT-${Number(r.id)}`,
    };
    return layout.columns.map((c) => cell[c.field]);
  });
  await writeSheet(format, `Batch ${batchId}`, layout.columns.map((c) => c.header), values, out);
  return rows.length;
}

// --- results -------------------------------------------------------------------------------

const RESULT_HEADERS = {
  nik: ['NIK', 'No KTP', 'Nomor Induk Kependudukan', 'No Identitas', 'Nomor Identitas'],
  kpj: ['KPJ', 'No KPJ', 'Nomor KPJ', 'No Peserta', 'Nomor Peserta', 'Nomor Kartu', 'KPJ Number', 'Membership number'],
  start: ['TMT', 'Tanggal Mulai', 'Tgl Mulai', 'Mulai', 'TMT Kepesertaan', 'Tanggal Kepesertaan', 'Start date', 'Start'],
  status: ['Status', 'Hasil', 'Status Pendaftaran', 'Result', 'Outcome'],
  reason: ['Keterangan', 'Alasan', 'Catatan', 'Alasan Penolakan', 'Reason', 'Note', 'Remarks'],
} as const;
type ResultColumn = keyof typeof RESULT_HEADERS;

const ACCEPTED = /^(diterima|terima|berhasil|sukses|aktif|ok|accepted|success|approved)$/i;
const DECLINED = /^(ditolak|tolak|gagal|tidak diterima|rejected|declined|failed)$/i;

export interface ResultsOutcome {
  accepted: number;
  declined: number;
  unchanged: number;
  pending: number;
}

/**
 * Applies a results file from BPJS TK to a batch. Every row is checked first; any problem and
 * nothing is applied (RowsRejected lists them all). Rows already applied with the same outcome
 * are counted unchanged; a different outcome for an answered worker is a problem.
 */
export async function applyResults(ctx: AppContext, actor: Actor, batchId: number, filePath: string): Promise<ResultsOutcome> {
  const batch = await batchOf(ctx, batchId);
  const programId = Number(batch.program_id);
  authorize(actor, 'enrolment.results', { programId });
  const db = ctx.database.db;

  // The batch's workers by NIK hash.
  const placed = await db
    .selectFrom('placements as p')
    .innerJoin('workers as w', 'w.id', 'p.worker_id')
    .select(['p.id', 'p.worker_id', 'p.status', 'p.kpj_number', 'p.enrolled_from', 'p.bpjs_note', 'p.start_month', 'w.nik_hash'])
    .where('p.batch_id', '=', batchId)
    .execute();
  const byHash = new Map(placed.map((p) => [p.nik_hash, p]));
  const keyId = await useDatabaseKey(db, ctx.keyring);

  const problems: RowProblem[] = [];
  const decisions = new Map<number, { kind: 'accept'; kpj: string; from: string } | { kind: 'decline'; note: string }>();
  for await (const r of readKeyedRows(filePath, RESULT_HEADERS, [['nik'], ['kpj', 'status']], 'ENROLMENT_RESULTS_INVALID')) {
    const report = (k: ResultColumn, id: string, en: string) => problems.push({ row: r.row, column: r.column(k), value: maskDigitRuns(cellText(r.cell(k)), 8), id, en });
    const nik = readNik(r.cell('nik'));
    if (!nik.ok || nik.value === null) {
      if (nik.ok) report('nik', 'NIK kosong', 'The NIK is empty');
      else report('nik', nik.problem.id, nik.problem.en);
      continue;
    }
    const p = byHash.get(blindIndex(ctx.keyring, 'nik', nik.value, keyId));
    if (!p) {
      report('nik', 'NIK ini tidak ada di batch ini', 'This NIK is not in this batch');
      continue;
    }
    if (decisions.has(Number(p.id))) {
      report('nik', 'NIK ini muncul lebih dari sekali di berkas', 'This NIK appears more than once in the file');
      continue;
    }
    const statusText = cellText(r.cell('status'));
    const kpj = readKpj(r.cell('kpj'));
    const reason = cellText(r.cell('reason'));
    if (statusText !== '' && !ACCEPTED.test(statusText) && !DECLINED.test(statusText)) {
      report('status', 'Status harus Diterima atau Ditolak', 'The status must be Accepted (Diterima) or Declined (Ditolak)');
      continue;
    }
    if (DECLINED.test(statusText) || (statusText === '' && !(kpj.ok && kpj.value))) {
      if (reason === '') {
        report('reason', 'Alasan penolakan wajib diisi', 'A declined worker needs a reason');
        continue;
      }
      decisions.set(Number(p.id), { kind: 'decline', note: reason.slice(0, 500) });
      continue;
    }
    if (!kpj.ok) {
      report('kpj', kpj.problem.id, kpj.problem.en);
      continue;
    }
    if (kpj.value === null) {
      report('kpj', 'Nomor KPJ wajib diisi untuk pekerja yang diterima', 'An accepted worker needs a KPJ number');
      continue;
    }
    const from = readDate(r.cell('start'), '2100-12-31');
    if (!from.ok) {
      report('start', from.problem.id, from.problem.en);
      continue;
    }
    // Without a TMT, cover starts with the placement's first month.
    decisions.set(Number(p.id), { kind: 'accept', kpj: kpj.value, from: from.value ?? `${p.start_month}-01` });
  }

  // Against what is already recorded: the same answer again changes nothing; a different one is refused.
  const byId = new Map(placed.map((p) => [Number(p.id), p]));
  let unchanged = 0;
  const toApply: [number, NonNullable<ReturnType<typeof decisions.get>>][] = [];
  for (const [id, d] of decisions) {
    const p = byId.get(id)!;
    const same = d.kind === 'accept' ? p.status === 'enrolled' && p.kpj_number === d.kpj && p.enrolled_from === d.from : p.status === 'declined';
    if (same) unchanged++;
    else if (p.status === 'enrolled' || p.status === 'declined') {
      problems.push({ row: 0, column: 'NIK', value: `SKT-${id}`, id: `Hasil untuk penempatan SKT-${id} sudah tercatat berbeda`, en: `A different result is already recorded for placement SKT-${id}` });
    } else if (p.status !== 'approved') {
      // A membership that ended since (lapsed) is not brought back by an old results file.
      problems.push({ row: 0, column: 'NIK', value: `SKT-${id}`, id: `Penempatan SKT-${id} tidak lagi menunggu hasil (${p.status})`, en: `Placement SKT-${id} no longer awaits results (${p.status})` });
    } else toApply.push([id, d]);
  }
  if (problems.length > 0) throw new RowsRejected('ENROLMENT_RESULTS_INVALID', problems);

  const accepted = toApply.filter(([, d]) => d.kind === 'accept').length;
  const declined = toApply.length - accepted;
  await db.transaction().execute(async (trx) => {
    for (const [id, d] of toApply) {
      if (d.kind === 'accept') {
        await trx.updateTable('placements').set({ status: 'enrolled', kpj_number: d.kpj, enrolled_from: d.from, bpjs_note: null }).where('id', '=', id).where('status', '=', 'approved').execute();
        await trx.updateTable('workers').set({ coverage_status: 'covered', updated_at: new Date() }).where('id', '=', byId.get(id)!.worker_id).execute();
      } else {
        await trx.updateTable('placements').set({ status: 'declined', bpjs_note: d.note }).where('id', '=', id).where('status', '=', 'approved').execute();
      }
    }
    const counts = await trx
      .selectFrom('placements')
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere('status', '=', 'enrolled').as('accepted'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'declined').as('declined'),
      ])
      .where('batch_id', '=', batchId)
      .executeTakeFirstOrThrow();
    await trx.updateTable('enrolment_batches').set({ accepted: Number(counts.accepted), declined: Number(counts.declined), results_at: new Date() }).where('id', '=', batchId).execute();
    await recordAudit(trx, ctx.keyring, actor, { action: 'enrolment.results', entity: 'enrolment_batch', entityId: batchId, programId, after: { accepted, declined, unchanged } });
  });
  const after = await batchOf(ctx, batchId);
  return { accepted, declined, unchanged, pending: after.placements - after.accepted - after.declined };
}
