// Reports: a sponsor's CSR report for a period (a quarter by default), the programme's monthly
// report for the mayor or regent, and a certificate of appreciation. Each is issued once: its
// content (figures and lists, NIKs masked, names as initials) is stored with a SHA-256 digest and
// a MAC over the digest (the audit key), and every copy (PDF, XLSX) is rendered from that stored
// content. The QR code on a copy opens the verification page, which confirms the figures only when
// the code's MAC and the stored content's digest both hold.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { unseal } from '../../crypto/field-crypto.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError, parseInput } from '../../domain-error.ts';
import { todayJakarta } from '../../lib/dates.ts';
import { actorLabel, systemActor, type Actor } from '../access/actor.ts';
import { authorize } from '../access/policies.ts';
import { canonicalJson, recordAudit } from '../audit/audit.ts';
import { computeDashboard } from '../indicators/dashboard.service.ts';
import { requireProgramById } from '../programs/programs.service.ts';
import { sponsorProgramId } from '../sponsors/sponsors.service.ts';
import { addMonths, monthIndex } from '../rates/rates.ts';
import { maskName, maskNik } from '../registry/masks.ts';

export type ReportKind = 'csr' | 'program' | 'certificate';

/** One labelled figure: the verification page shows these. */
export interface Figure {
  key: string;
  id: string;
  en: string;
  value: number | string;
  /** how to show it */
  unit?: 'rupiah' | 'percent';
}

export interface Table {
  key: string;
  id: string;
  en: string;
  columns: { id: string; en: string; numeric?: boolean }[];
  rows: (string | number)[][];
}

export interface ReportContent {
  kind: ReportKind;
  title: { id: string; en: string };
  program: { name: string; regionCode: string; regionName: string; legalBasis: string };
  sponsor: { id: number; name: string } | null;
  period: { from: string; to: string };
  issued: string;
  figures: Figure[];
  tables: Table[];
}

export interface ReportView {
  id: string;
  kind: ReportKind;
  sponsorId: number | null;
  sponsorName: string | null;
  periodFrom: string;
  periodTo: string;
  scheduled: boolean;
  createdBy: string;
  createdAt: string;
  /** what the QR code carries: id and the MAC's first 20 hex digits */
  code: string;
}

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const ReportInput = z
  .object({ kind: z.enum(['csr', 'program', 'certificate']), from: Month.optional(), to: Month.optional(), month: Month.optional() })
  .refine((r) => (r.from === undefined) === (r.to === undefined), { message: 'from and to together', path: ['to'] });

/** The quarter before the one `today` is in: the default period of a CSR report. */
export function previousQuarter(today: string): { from: string; to: string } {
  const m = monthIndex(today.slice(0, 7));
  const startOfThis = m - (m % 3);
  return { from: addMonths(today.slice(0, 7), startOfThis - 3 - m), to: addMonths(today.slice(0, 7), startOfThis - 1 - m) };
}

const digestOf = (c: ReportContent) => createHash('sha256').update(canonicalJson(c)).digest('hex');
const codeOf = (id: string, mac: string) => `${id}.${mac.slice(0, 20)}`;

async function programHeader(db: Kysely<DB>, programId: number): Promise<ReportContent['program']> {
  const p = await requireProgramById(db, programId);
  return { name: p.name, regionCode: p.regionCode, regionName: p.regionName, legalBasis: p.legalBasis };
}


async function sponsorContent(ctx: AppContext, sponsorId: number, kind: 'csr' | 'certificate', from: string, to: string): Promise<ReportContent> {
  const db = ctx.database.db;
  const sponsor = await db.selectFrom('sponsors').select(['id', 'name', 'program_id']).where('id', '=', sponsorId).executeTakeFirstOrThrow();
  const program = await programHeader(db, Number(sponsor.program_id));
  const [workers, invoiced, payments, claims, pledged] = await Promise.all([
    // each worker's months of cover within the period, counted as the indicator cells count them
    sql<{ name: string; nik_enc: string; kelurahan: string | null; months: number }>`
      SELECT w.name, w.nik_enc, r.name AS kelurahan, sum(upper(cover.c) - lower(cover.c))::integer AS months
      FROM placements p JOIN workers w ON w.id = p.worker_id LEFT JOIN regions r ON r.code = p.kelurahan_code
      CROSS JOIN LATERAL (SELECT sekitar_cover_months(p.period, p.enrolled_from, p.status, p.lapsed_from) * int4range(${monthIndex(from)}, ${monthIndex(to) + 1}) AS c) AS cover
      WHERE p.sponsor_id = ${sponsorId} AND p.status IN ('enrolled', 'lapsed') AND NOT isempty(cover.c)
      GROUP BY w.id, w.name, w.nik_enc, r.name ORDER BY w.name`.execute(db),
    sql<{ amount: number }>`
      SELECT coalesce(sum(c.amount), 0) AS amount FROM invoices i JOIN contribution_lines c ON c.invoice_id = i.id
      WHERE i.sponsor_id = ${sponsorId} AND c.month BETWEEN ${from} AND ${to}`.execute(db),
    sql<{ paid_on: string; amount: number; reference: string | null; method: string }>`
      SELECT paid_on, amount, reference, method FROM payments
      WHERE sponsor_id = ${sponsorId} AND to_char(paid_on, 'YYYY-MM') BETWEEN ${from} AND ${to} ORDER BY paid_on, id`.execute(db),
    sql<{ type: string; event_date: string; amount_paid: number }>`
      SELECT type, event_date, amount_paid FROM claims
      WHERE sponsor_id = ${sponsorId} AND to_char(event_date, 'YYYY-MM') BETWEEN ${from} AND ${to} ORDER BY event_date, id`.execute(db),
    sql<{ places: number; amount: number }>`
      SELECT coalesce(sum(workers), 0) AS places, coalesce(sum(quoted_total), 0) AS amount FROM pledges
      WHERE sponsor_id = ${sponsorId} AND status = 'committed'
        AND sekitar_month_index(start_month) <= ${monthIndex(to)} AND sekitar_month_index(start_month) + months > ${monthIndex(from)}`.execute(db),
  ]);
  const workerMonths = workers.rows.reduce((s, w) => s + Number(w.months), 0);
  const paid = payments.rows.reduce((s, p) => s + Number(p.amount), 0);
  const benefits = claims.rows.reduce((s, c) => s + Number(c.amount_paid), 0);
  const figures: Figure[] = [
    { key: 'workers', id: 'Pekerja dilindungi', en: 'Workers covered', value: workers.rows.length },
    { key: 'workerMonths', id: 'Bulan perlindungan', en: 'Months of cover', value: workerMonths },
    { key: 'places', id: 'Kuota dijanjikan', en: 'Places pledged', value: Number(pledged.rows[0]?.places ?? 0) },
    { key: 'pledged', id: 'Nilai komitmen', en: 'Pledged', value: Number(pledged.rows[0]?.amount ?? 0), unit: 'rupiah' },
    { key: 'invoiced', id: 'Iuran ditagih', en: 'Contributions invoiced', value: Number(invoiced.rows[0]?.amount ?? 0), unit: 'rupiah' },
    { key: 'paid', id: 'Iuran dibayar', en: 'Contributions paid', value: paid, unit: 'rupiah' },
    { key: 'claims', id: 'Klaim dibayarkan', en: 'Claims paid', value: claims.rows.length },
    { key: 'benefits', id: 'Manfaat klaim', en: 'Claim benefits', value: benefits, unit: 'rupiah' },
  ];
  const title =
    kind === 'csr'
      ? { id: 'Laporan CSR Perlindungan Jaminan Sosial Ketenagakerjaan', en: 'CSR report: employment social security cover' }
      : { id: 'Piagam Penghargaan', en: 'Certificate of appreciation' };
  const tables: Table[] =
    kind === 'certificate'
      ? []
      : [
          {
            key: 'workers',
            id: 'Pekerja yang dilindungi',
            en: 'Workers covered',
            columns: [{ id: 'Nama', en: 'Name' }, { id: 'NIK', en: 'NIK' }, { id: 'Kelurahan', en: 'Kelurahan' }, { id: 'Bulan', en: 'Months', numeric: true }],
            rows: workers.rows.map((w) => [maskName(w.name), maskNik(unseal(ctx.keyring, 'nik', w.nik_enc)), w.kelurahan ?? '-', Number(w.months)]),
          },
          {
            key: 'payments',
            id: 'Pembayaran',
            en: 'Payments',
            columns: [{ id: 'Tanggal', en: 'Date' }, { id: 'Cara', en: 'Method' }, { id: 'Referensi', en: 'Reference' }, { id: 'Jumlah (Rp)', en: 'Amount (Rp)', numeric: true }],
            rows: payments.rows.map((p) => [p.paid_on, p.method, p.reference ?? '-', Number(p.amount)]),
          },
          {
            key: 'claims',
            id: 'Klaim',
            en: 'Claims',
            columns: [{ id: 'Jenis', en: 'Type' }, { id: 'Tanggal kejadian', en: 'Event date' }, { id: 'Manfaat (Rp)', en: 'Benefit (Rp)', numeric: true }],
            rows: claims.rows.map((c) => [c.type, c.event_date, Number(c.amount_paid)]),
          },
        ];
  return { kind, title, program, sponsor: { id: Number(sponsor.id), name: sponsor.name }, period: { from, to }, issued: todayJakarta(), figures, tables };
}

async function programContent(ctx: AppContext, programId: number, month: string): Promise<ReportContent> {
  const db = ctx.database.db;
  const program = await programHeader(db, programId);
  const d = await computeDashboard(db, programId, Number(month.slice(0, 4)), month);
  const thisMonth = d.trend.find((t) => t.month === month);
  const next = addMonths(month, 1);
  const [sponsors, ending] = await Promise.all([
    sql<{ name: string; places: number; pledged: number; paid: number; renewed: number }>`
      SELECT s.name, sum(pl.workers)::integer AS places, sum(pl.quoted_total) AS pledged,
             (SELECT coalesce(sum(amount), 0) FROM payments WHERE sponsor_id = s.id) AS paid,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pledges r WHERE r.renews_pledge_id = pl.id AND r.status = 'committed'))::integer AS renewed
      FROM pledges pl JOIN sponsors s ON s.id = pl.sponsor_id
      WHERE pl.program_id = ${programId} AND pl.status = 'committed'
        AND sekitar_month_index(pl.start_month) <= ${monthIndex(month)} AND sekitar_month_index(pl.start_month) + pl.months > ${monthIndex(month)}
      GROUP BY s.id, s.name ORDER BY s.name`.execute(db),
    // cover that ends with next month: the last month of an enrolled placement not continued by another
    sql<{ name: string; nik_enc: string; kelurahan: string | null; sponsor: string }>`
      SELECT w.name, w.nik_enc, r.name AS kelurahan, s.name AS sponsor
      FROM placements p JOIN workers w ON w.id = p.worker_id JOIN sponsors s ON s.id = p.sponsor_id LEFT JOIN regions r ON r.code = p.kelurahan_code
      WHERE p.program_id = ${programId} AND p.status = 'enrolled' AND upper(p.period) - 1 = ${monthIndex(next)}
        AND NOT EXISTS (SELECT 1 FROM placements q WHERE q.worker_id = p.worker_id AND q.status IN ('proposed', 'approved', 'enrolled') AND lower(q.period) = upper(p.period))
      ORDER BY r.name, w.name`.execute(db),
  ]);
  const figures: Figure[] = [
    { key: 'ucj', id: 'Cakupan UCJ', en: 'UCJ coverage', value: d.headline.ucj.percent === null ? '-' : Number(d.headline.ucj.percent.toFixed(1)), unit: 'percent' },
    { key: 'ucjTarget', id: 'Target UCJ', en: 'UCJ target', value: d.headline.ucj.targetPercent ?? '-', unit: 'percent' },
    { key: 'missing', id: 'Kekurangan peserta', en: 'Participants missing', value: d.headline.ucj.missing ?? '-' },
    { key: 'covered', id: 'Pekerja terlindungi program', en: 'Workers covered by the programme', value: d.programme.coveredNow },
    { key: 'registered', id: 'Pekerja rentan terdaftar', en: 'Vulnerable workers registered', value: d.programme.registered },
    { key: 'sponsors', id: 'Sponsor aktif', en: 'Active sponsors', value: sponsors.rows.length },
    { key: 'invoiced', id: 'Iuran ditagih bulan ini', en: 'Contributions invoiced this month', value: thisMonth?.invoiced ?? 0, unit: 'rupiah' },
    { key: 'paid', id: 'Iuran dibayar bulan ini', en: 'Contributions paid this month', value: thisMonth?.paid ?? 0, unit: 'rupiah' },
    { key: 'ending', id: 'Perlindungan berakhir bulan depan', en: 'Cover ending next month', value: ending.rows.length },
  ];
  const tables: Table[] = [
    {
      key: 'kecamatan',
      id: 'Cakupan per kecamatan',
      en: 'Coverage by kecamatan',
      columns: [
        { id: 'Kecamatan', en: 'Kecamatan' },
        { id: 'Angkatan kerja', en: 'Workforce', numeric: true },
        { id: 'Peserta', en: 'Participants', numeric: true },
        { id: 'Cakupan %', en: 'Coverage %', numeric: true },
        { id: 'Terlindungi program', en: 'Covered by the programme', numeric: true },
      ],
      rows: d.regions.filter((r) => r.level === 3).map((r) => [r.name, r.workforce?.total ?? '-', r.participants?.total ?? '-', r.ucjPercent === null ? '-' : r.ucjPercent.toFixed(1), r.covered]),
    },
    {
      key: 'sponsors',
      id: 'Sponsor dan komitmennya',
      en: 'Sponsors and their commitments',
      columns: [
        { id: 'Sponsor', en: 'Sponsor' },
        { id: 'Kuota', en: 'Places', numeric: true },
        { id: 'Dijanjikan (Rp)', en: 'Pledged (Rp)', numeric: true },
        { id: 'Dibayar (Rp)', en: 'Paid (Rp)', numeric: true },
        { id: 'Diperpanjang', en: 'Renewed', numeric: true },
      ],
      rows: sponsors.rows.map((s) => [s.name, Number(s.places), Number(s.pledged), Number(s.paid), Number(s.renewed)]),
    },
    {
      key: 'ending',
      id: `Perlindungan berakhir ${next}`,
      en: `Cover ending ${next}`,
      columns: [{ id: 'Nama', en: 'Name' }, { id: 'NIK', en: 'NIK' }, { id: 'Kelurahan', en: 'Kelurahan' }, { id: 'Sponsor', en: 'Sponsor' }],
      rows: ending.rows.map((e) => [maskName(e.name), maskNik(unseal(ctx.keyring, 'nik', e.nik_enc)), e.kelurahan ?? '-', e.sponsor]),
    },
  ];
  return {
    kind: 'program',
    title: { id: 'Laporan Bulanan Program Perlindungan Pekerja Rentan', en: 'Monthly report: protection of vulnerable workers' },
    program,
    sponsor: null,
    period: { from: month, to: month },
    issued: todayJakarta(),
    figures,
    tables,
  };
}

async function store(ctx: AppContext, actor: Actor, programId: number, content: ReportContent, scheduled: boolean): Promise<ReportView> {
  const id = randomBytes(10).toString('hex').slice(0, 16);
  const digest = digestOf(content);
  const { keyId, mac } = ctx.keyring.auditMac(`report:${id}:${digest}`);
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('reports')
      .values({ id, kind: content.kind, program_id: programId, sponsor_id: content.sponsor?.id ?? null, period_from: content.period.from, period_to: content.period.to, content: JSON.stringify(content), digest, mac_key: keyId, mac, scheduled, created_by: actorLabel(actor) })
      .execute();
    await recordAudit(trx, ctx.keyring, actor, { action: `report.${content.kind}`, entity: 'report', entityId: id, programId, after: { sponsorId: content.sponsor?.id ?? null, from: content.period.from, to: content.period.to, digest } });
  });
  return (await listReports(ctx.database.db, { id }))[0]!;
}

/** Issues a CSR report (default: the last full quarter) or a certificate (default: the year so far) for a sponsor. */
export async function issueSponsorReport(ctx: AppContext, actor: Actor, sponsorId: number, input: unknown, opts: { scheduled?: boolean } = {}): Promise<ReportView> {
  const r = parseInput(ReportInput, input, 'report');
  if (r.kind === 'program') throw new DomainError('FIELD_INVALID', { field: 'kind', alasan: 'laporan program dibuat dari halaman program', reason: 'programme reports are made for the programme' });
  const programId = await sponsorProgramId(ctx.database.db, sponsorId);
  authorize(actor, 'report.sponsor', { programId, sponsorId });
  const today = todayJakarta();
  const period = r.from && r.to ? { from: r.from, to: r.to } : r.kind === 'csr' ? previousQuarter(today) : { from: `${today.slice(0, 4)}-01`, to: today.slice(0, 7) };
  if (period.to < period.from || monthIndex(period.to) - monthIndex(period.from) > 35) throw new DomainError('FIELD_INVALID', { field: 'to', alasan: 'periode 1 sampai 36 bulan', reason: 'a period of 1 to 36 months' });
  return store(ctx, actor, programId, await sponsorContent(ctx, sponsorId, r.kind, period.from, period.to), opts.scheduled ?? false);
}

/** Issues the programme's report for a month (default: last month). */
export async function issueProgramReport(ctx: AppContext, actor: Actor, programId: number, input: unknown, opts: { scheduled?: boolean } = {}): Promise<ReportView> {
  const r = parseInput(ReportInput, input, 'report');
  authorize(actor, 'report.program', { programId });
  const month = r.month ?? addMonths(todayJakarta().slice(0, 7), -1);
  return store(ctx, actor, programId, await programContent(ctx, programId, month), opts.scheduled ?? false);
}

export async function listReports(db: Kysely<DB>, filter: { id?: string; programId?: number; sponsorId?: number; kind?: ReportKind }): Promise<ReportView[]> {
  let q = db.selectFrom('reports as r').leftJoin('sponsors as s', 's.id', 'r.sponsor_id').select(['r.id', 'r.kind', 'r.sponsor_id', 's.name as sponsor_name', 'r.period_from', 'r.period_to', 'r.scheduled', 'r.created_by', 'r.created_at', 'r.mac']);
  if (filter.id !== undefined) q = q.where('r.id', '=', filter.id);
  if (filter.programId !== undefined) q = q.where('r.program_id', '=', filter.programId);
  if (filter.sponsorId !== undefined) q = q.where('r.sponsor_id', '=', filter.sponsorId);
  if (filter.kind !== undefined) q = q.where('r.kind', '=', filter.kind);
  const rows = await q.orderBy('r.created_at', 'desc').orderBy('r.id').limit(200).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    sponsorId: r.sponsor_id === null ? null : Number(r.sponsor_id),
    sponsorName: r.sponsor_name,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    scheduled: r.scheduled,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    code: codeOf(r.id, r.mac),
  }));
}

export async function programReports(ctx: AppContext, actor: Actor, programId: number): Promise<ReportView[]> {
  authorize(actor, 'report.program.read', { programId });
  return listReports(ctx.database.db, { programId, kind: 'program' });
}

export async function sponsorReports(ctx: AppContext, actor: Actor, sponsorId: number): Promise<ReportView[]> {
  authorize(actor, 'report.sponsor.read', { programId: await sponsorProgramId(ctx.database.db, sponsorId), sponsorId });
  return listReports(ctx.database.db, { sponsorId });
}

/** A report's stored content, for someone who may read it. */
export async function readReport(ctx: AppContext, actor: Actor, id: string): Promise<{ view: ReportView; content: ReportContent }> {
  const row = await ctx.database.db.selectFrom('reports').select(['program_id', 'sponsor_id', 'kind', 'content']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('REPORT_NOT_FOUND', { id: id.slice(0, 16) });
  const programId = Number(row.program_id);
  if (row.kind === 'program') authorize(actor, 'report.program.read', { programId });
  else authorize(actor, 'report.sponsor.read', { programId, sponsorId: Number(row.sponsor_id) });
  return { view: (await listReports(ctx.database.db, { id }))[0]!, content: row.content as ReportContent };
}

export type Verification =
  | { valid: true; kind: ReportKind; title: ReportContent['title']; program: string; regionName: string; sponsor: string | null; period: ReportContent['period']; issued: string; figures: Figure[] }
  | { valid: false };

/**
 * What the QR code opens: the report's headline figures when the code is one Sekitar issued and
 * the stored content is what was issued; otherwise only { valid: false } (nothing about whether
 * such a report exists).
 */
export async function verifyReport(ctx: AppContext, code: string): Promise<Verification> {
  const m = /^([a-z0-9]{16})\.([0-9a-f]{20})$/.exec(code.trim());
  if (!m) return { valid: false };
  const row = await ctx.database.db.selectFrom('reports').select(['id', 'content', 'digest', 'mac_key', 'mac']).where('id', '=', m[1]!).executeTakeFirst();
  if (!row) return { valid: false };
  const content = row.content as ReportContent;
  const given = Buffer.from(m[2]!);
  const stored = Buffer.from(row.mac.slice(0, 20));
  const genuine = given.length === stored.length && timingSafeEqual(given, stored) && digestOf(content) === row.digest && ctx.keyring.verifyAuditMac(`report:${row.id}:${row.digest}`, row.mac_key, row.mac);
  if (!genuine) return { valid: false };
  return { valid: true, kind: content.kind, title: content.title, program: content.program.name, regionName: content.program.regionName, sponsor: content.sponsor?.name ?? null, period: content.period, issued: content.issued, figures: content.figures };
}

/**
 * The scheduled reports, on the 1st of each month and whenever it is called after that: the
 * programme report for last month, and when last month ended a quarter, each sponsor's CSR report
 * for that quarter. Issued once: a report already there (scheduled or by hand) is not issued again.
 */
export async function runScheduledReports(ctx: AppContext, today = todayJakarta()): Promise<{ issued: number }> {
  const db = ctx.database.db;
  const actor = systemActor('jadwal');
  const lastMonth = addMonths(today.slice(0, 7), -1);
  let issued = 0;
  for (const p of await db.selectFrom('programs').select(['id']).execute()) {
    const programId = Number(p.id);
    const has = await db.selectFrom('reports').select('id').where('program_id', '=', programId).where('kind', '=', 'program').where('period_from', '=', lastMonth).executeTakeFirst();
    if (!has) {
      await issueProgramReport(ctx, actor, programId, { kind: 'program', month: lastMonth }, { scheduled: true });
      issued++;
    }
    if (monthIndex(lastMonth) % 3 !== 2) continue;
    const quarter = { from: addMonths(lastMonth, -2), to: lastMonth };
    const sponsors = await sql<{ id: number }>`
      SELECT DISTINCT p.sponsor_id AS id FROM placements p
      WHERE p.program_id = ${programId} AND p.status IN ('enrolled', 'lapsed') AND lower(p.period) <= ${monthIndex(quarter.to)} AND upper(p.period) > ${monthIndex(quarter.from)}
        AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.sponsor_id = p.sponsor_id AND r.kind = 'csr' AND r.period_from = ${quarter.from} AND r.period_to = ${quarter.to})`.execute(db);
    for (const s of sponsors.rows) {
      await issueSponsorReport(ctx, actor, Number(s.id), { kind: 'csr', ...quarter }, { scheduled: true });
      issued++;
    }
  }
  return { issued };
}
