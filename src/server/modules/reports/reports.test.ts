// Reports on both engines: a sponsor's CSR report carries its figures, masked workers, payments and
// claims; its PDF (read back with pdftotext) and XLSX say the same; the verification code confirms
// it and refuses a changed code or a changed stored content; the programme report lists cover
// ending next month; the schedule issues each report once.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../context.ts';
import { describeEachEngine, openTestDatabase } from '../../../../test/db.ts';
import { testContext } from '../../../../test/context.ts';
import { errorCode } from '../../../../test/error-code.ts';
import { tmpDir } from '../../../../test/import-helpers.ts';
import { BAGENDUNG, CIBEBER, committedPledge, enrolEveryone, seedPool, userActor, type Person } from '../../../../test/sponsorship.ts';
import { systemActor } from '../access/actor.ts';
import { runBilling } from '../billing/billing.service.ts';
import { recordPayment } from '../billing/payments.service.ts';
import { recordClaim } from '../claims/claims.service.ts';
import { createProgram } from '../programs/programs.service.ts';
import { createSponsor } from '../sponsors/sponsors.service.ts';
import { renderPdf, renderXlsx } from './render.ts';
import { issueProgramReport, issueSponsorReport, previousQuarter, readReport, runScheduledReports, sponsorReports, verifyReport } from './reports.service.ts';

const op = systemActor('test');
const PEOPLE: Person[] = [
  [41, 'Ani Rahayu', '1985-03-12', CIBEBER, '1'],
  [42, 'Bambang Irawan', '1990-05-01', CIBEBER, '2'],
  [43, 'Cahya Putri', '1988-07-20', BAGENDUNG, '1'],
];

const pdfText = (pdf: Buffer, dir: string) => {
  const file = path.join(dir, `r-${Math.random().toString(16).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

describeEachEngine('reports', (kind) => {
  let ctx: AppContext;
  let dir: string;
  let programId: number;
  let steel: number;
  let shop: number;

  beforeAll(async () => {
    ctx = testContext(await openTestDatabase(kind));
    dir = tmpDir();
    programId = (await createProgram(ctx, op, { regionCode: '36.72', name: 'GEMET SEKUL', legalBasis: 'Perwal Cilegon 41/2024' })).id;
    const who = await seedPool(ctx, dir, PEOPLE);
    steel = (await createSponsor(ctx, op, { programId, kind: 'company', name: 'PT Baja Cibeber', addressKelurahan: CIBEBER })).id;
    shop = (await createSponsor(ctx, op, { programId, kind: 'company', name: 'CV Toko Bagendung', addressKelurahan: BAGENDUNG })).id;
    await committedPledge(ctx, steel, { workers: 2, months: 3, start: '2026-10' });
    await committedPledge(ctx, shop, { workers: 1, months: 6, start: '2026-10' });
    expect(await enrolEveryone(ctx, programId, dir, { asOf: '2026-09' })).toBe(3);
    for (const m of ['2026-10', '2026-11', '2026-12']) await runBilling(ctx, op, programId, m, { today: `${m}-01` });
    await recordPayment(ctx, op, steel, { amount: 50_400, paidOn: '2026-11-05', method: 'transfer', reference: 'TRX-77', idempotencyKey: 'r-1' });
    const kpj = await ctx.database.db.selectFrom('placements').select(['kpj_number']).where('worker_id', '=', who.get('Bambang Irawan')!).executeTakeFirstOrThrow();
    await recordClaim(ctx, op, programId, { kpj: kpj.kpj_number!, type: 'JKK', eventDate: '2026-11-20', paidOn: '2026-11-28', amountPaid: 1_750_000 }, '2026-11-30');
  });
  afterAll(async () => {
    await ctx.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("issues a CSR report with the sponsor's figures, and every copy carries them", async () => {
    expect(await errorCode(issueSponsorReport(ctx, userActor('sponsor', programId, shop), steel, { kind: 'csr', from: '2026-10', to: '2026-12' }))).toBe('FORBIDDEN');
    const report = await issueSponsorReport(ctx, userActor('sponsor', programId, steel), steel, { kind: 'csr', from: '2026-10', to: '2026-12' });
    const { content } = await readReport(ctx, userActor('sponsor', programId, steel), report.id);
    const fig = Object.fromEntries(content.figures.map((f) => [f.key, f.value]));
    // 2 workers x 3 months, JKK + JKM at the PP 50/2025 discount: 2 x 3 x 8,400
    expect(fig).toMatchObject({ workers: 2, workerMonths: 6, places: 2, invoiced: 50_400, paid: 50_400, claims: 1, benefits: 1_750_000 });
    const workers = content.tables.find((t) => t.key === 'workers')!;
    expect(workers.rows.map((r) => r[0])).toEqual(['A••• R•••', 'B••• I•••']);
    for (const r of workers.rows) expect(String(r[1])).toMatch(/^\d{4}•{8}\d{4}$/);
    expect(JSON.stringify(content)).not.toMatch(/Rahayu|Irawan|\d{16}/);

    const text = pdfText(await renderPdf(content, `https://sekitar.example/verifikasi/${report.code}`), dir);
    for (const expected of ['PEMERINTAH KOTA CILEGON', 'Laporan CSR', 'PT Baja Cibeber', 'Oktober – Desember 2026', 'Rp 50.400', 'Rp 1.750.000', 'TRX-77', 'Kepala Dinas Tenaga Kerja', report.code]) {
      expect(text).toContain(expected);
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(content, 'https://sekitar.example/v')) as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('Ringkasan')!;
    const values = summary.getSheetValues().flat().map(String);
    expect(values).toContain('Iuran dibayar / Contributions paid');
    expect(values).toContain('50400');
    expect(wb.getWorksheet('workers')!.rowCount).toBe(3);

    expect((await sponsorReports(ctx, userActor('sponsor', programId, steel), steel)).map((r) => r.id)).toEqual([report.id]);
    expect(await errorCode(readReport(ctx, userActor('sponsor', programId, shop), report.id))).toBe('FORBIDDEN');
  });

  it('verifies a genuine code, and refuses a changed code or changed stored figures', async () => {
    const report = await issueSponsorReport(ctx, op, steel, { kind: 'certificate', from: '2026-10', to: '2026-12' });
    const ok = await verifyReport(ctx, report.code);
    expect(ok).toMatchObject({ valid: true, kind: 'certificate', sponsor: 'PT Baja Cibeber', period: { from: '2026-10', to: '2026-12' } });
    expect(ok.valid && ok.figures.find((f) => f.key === 'paid')?.value).toBe(50_400);
    const [id, mac] = report.code.split('.') as [string, string];
    const flipped = `${id}.${mac.slice(0, -1)}${mac.endsWith('0') ? '1' : '0'}`;
    for (const bad of [flipped, `${id}`, `x${report.code.slice(1)}`, 'anything']) expect(await verifyReport(ctx, bad)).toEqual({ valid: false });
    // someone with database access raises the paid figure: the digest no longer holds
    await sql`UPDATE reports SET content = jsonb_set(content, '{figures,5,value}', '99999999') WHERE id = ${id}`.execute(ctx.database.db);
    expect(await verifyReport(ctx, report.code)).toEqual({ valid: false });
  });

  it("issues the programme's monthly report, with cover ending next month", async () => {
    expect(await errorCode(issueProgramReport(ctx, userActor('insurer', programId), programId, { kind: 'program', month: '2026-11' }))).toBe('FORBIDDEN');
    const report = await issueProgramReport(ctx, userActor('admin', programId), programId, { kind: 'program', month: '2026-11' });
    const { content } = await readReport(ctx, userActor('insurer', programId), report.id);
    const fig = Object.fromEntries(content.figures.map((f) => [f.key, f.value]));
    expect(fig).toMatchObject({ covered: 3, sponsors: 2, paid: 50_400, ending: 2 });
    const ending = content.tables.find((t) => t.key === 'ending')!;
    expect(ending.rows.map((r) => r[3])).toEqual(['PT Baja Cibeber', 'PT Baja Cibeber']);
    const sponsors = content.tables.find((t) => t.key === 'sponsors')!;
    expect(sponsors.rows).toEqual([
      ['CV Toko Bagendung', 1, expect.any(Number), 0, 0],
      ['PT Baja Cibeber', 2, expect.any(Number), 50_400, 0],
    ]);
    const text = pdfText(await renderPdf(content, 'https://sekitar.example/verifikasi/x'), dir);
    expect(text).toContain('Laporan Bulanan');
    expect(text).toContain('November 2026');
    expect(text).toContain('Cibeber');
  });

  it('issues the scheduled reports once: last month, and CSR reports when a quarter ended', async () => {
    expect(previousQuarter('2027-01-01')).toEqual({ from: '2026-10', to: '2026-12' });
    expect(previousQuarter('2026-11-23')).toEqual({ from: '2026-07', to: '2026-09' });
    const first = await runScheduledReports(ctx, '2027-01-01');
    // the programme's December report, and CV Toko's Q4 CSR report (PT Baja issued its own above)
    expect(first.issued).toBe(2);
    expect(await runScheduledReports(ctx, '2027-01-02')).toEqual({ issued: 0 });
    const scheduled = await ctx.database.db.selectFrom('reports').select(['kind', 'sponsor_id', 'period_from', 'period_to']).where('scheduled', '=', true).orderBy('kind').execute();
    expect(scheduled).toEqual([
      { kind: 'csr', sponsor_id: shop, period_from: '2026-10', period_to: '2026-12' },
      { kind: 'program', sponsor_id: null, period_from: '2026-12', period_to: '2026-12' },
    ]);
  });
});
