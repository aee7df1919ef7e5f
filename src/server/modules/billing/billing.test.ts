// Money on both engines: the monthly billing run (set-based, safe twice, catching up a skipped
// month, billing payment blocks in advance), invoices equal to the sum of their lines, payments
// once per key with partial and over-payments, credit carried forward, cover month by month, and
// memberships ending after more than 3 unpaid months.
import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../context.ts';
import { describeEachEngine, openTestDatabase } from '../../../../test/db.ts';
import { testContext } from '../../../../test/context.ts';
import { errorCode } from '../../../../test/error-code.ts';
import { tmpDir, writeCsv } from '../../../../test/import-helpers.ts';
import { BAGENDUNG, CIBEBER, committedPledge, enrolEveryone, seedPool, userActor, type Person } from '../../../../test/sponsorship.ts';
import { systemActor } from '../access/actor.ts';
import { createProgram } from '../programs/programs.service.ts';
import { listRateRules } from '../rates/rates.repository.ts';
import { createSponsor } from '../sponsors/sponsors.service.ts';
import { invoiceMismatches, runBilling } from './billing.service.ts';
import { arrearsList, continuity, workerCover } from './cover.service.ts';
import { recordPayment, sponsorAccount } from './payments.service.ts';
import { readRupiah, reconcilePayments } from './reconcile.service.ts';
import { RowsRejected } from '../../domain-error.ts';

const op = systemActor('test');
const PEOPLE: Person[] = [
  [21, 'Ani Rahayu', '1985-03-12', CIBEBER, '1'],
  [22, 'Bambang Irawan', '1990-05-01', CIBEBER, '2'],
  [23, 'Cahya Putri', '1988-07-20', BAGENDUNG, '1'],
];

describeEachEngine('billing', (kind) => {
  let ctx: AppContext;
  let dir: string;
  let programId: number;
  let monthly: number; // PT Baja: 2 workers, monthly
  let quarterly: number; // CV Toko: 1 worker, 3 months in advance
  let who: Map<string, number>;
  const admin = () => userActor('admin', programId);
  const invoices = async (sponsorId: number) => (await sponsorAccount(ctx, op, sponsorId)).invoices.map((i) => [i.period, i.total, i.paid, i.status]).reverse();

  beforeAll(async () => {
    ctx = testContext(await openTestDatabase(kind));
    dir = tmpDir();
    programId = (await createProgram(ctx, op, { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
    who = await seedPool(ctx, dir, PEOPLE);
    monthly = (await createSponsor(ctx, op, { programId, kind: 'company', name: 'PT Baja Cibeber', addressKelurahan: CIBEBER })).id;
    quarterly = (await createSponsor(ctx, op, { programId, kind: 'company', name: 'CV Toko Bagendung', addressKelurahan: BAGENDUNG })).id;
    await committedPledge(ctx, monthly, { workers: 2, months: 6, start: '2026-10' });
    await committedPledge(ctx, quarterly, { workers: 1, months: 6, start: '2026-10', schedule: 'quarterly' });
    expect(await enrolEveryone(ctx, programId, dir, { asOf: '2026-09' })).toBe(3);
  });
  afterAll(async () => {
    await ctx.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bills the month for monthly sponsors and the whole quarter for those paying in advance, each line citing its rules', async () => {
    expect(await errorCode(runBilling(ctx, userActor('sponsor', programId, monthly), programId, '2026-10'))).toBe('FORBIDDEN');
    const oct = await runBilling(ctx, admin(), programId, '2026-10', { today: '2026-10-01' });
    // 2 workers x 1 month x (JKK + JKM), and 1 worker x 3 months x 2, all at the PP 50/2025 discount.
    expect(oct).toMatchObject({ month: '2026-10', lines: 10, invoices: 2, total: 2 * 8_400 + 3 * 8_400, lapsed: 0 });
    expect(await invoices(monthly)).toEqual([['2026-10', 16_800, 0, 'open']]);
    expect(await invoices(quarterly)).toEqual([['2026-10', 25_200, 0, 'open']]);
    const rules = new Map((await listRateRules(ctx.database.db)).map((r) => [r.id, r]));
    const lines = await ctx.database.db.selectFrom('contribution_lines').selectAll().where('worker_id', '=', who.get('Ani Rahayu')!).execute();
    expect(lines.map((l) => [l.month, l.program, l.base, l.discount, l.amount])).toEqual(
      expect.arrayContaining([
        ['2026-10', 'JKK', 10_000, 5_000, 5_000],
        ['2026-10', 'JKM', 6_800, 3_400, 3_400],
      ]),
    );
    for (const l of lines) {
      const cited = l.rule_ids.map((id) => rules.get(Number(id))!);
      expect(cited.map((r) => r.kind).sort()).toEqual(['discount', l.program === 'JKM' ? 'flat' : 'percent']);
    }
    expect(await invoiceMismatches(ctx.database.db)).toEqual([]);
  });

  it('writes nothing when run twice, and catches up a skipped month', async () => {
    expect(await runBilling(ctx, admin(), programId, '2026-10', { today: '2026-10-02' })).toMatchObject({ lines: 0, invoices: 0, total: 0 });
    await runBilling(ctx, admin(), programId, '2026-11', { today: '2026-11-01' });
    // December is skipped; January bills December (discounted) and January (full price) for the
    // monthly sponsor, and the next quarter in advance for the other.
    const jan = await runBilling(ctx, admin(), programId, '2027-01', { today: '2027-01-01' });
    expect(jan).toMatchObject({ invoices: 2, total: 2 * (8_400 + 16_800) + 3 * 16_800 });
    expect(await invoices(monthly)).toEqual([
      ['2026-10', 16_800, 0, 'open'],
      ['2026-11', 16_800, 0, 'open'],
      ['2027-01', 50_400, 0, 'open'],
    ]);
    expect(await invoices(quarterly)).toEqual([
      ['2026-10', 25_200, 0, 'open'],
      ['2027-01', 50_400, 0, 'open'],
    ]);
    const billed = await sql<{ n: number }>`SELECT count(*) AS n FROM contribution_lines GROUP BY placement_id, month, program HAVING count(*) > 1`.execute(ctx.database.db);
    expect(billed.rows).toEqual([]);
  });

  it('records a payment once per key, pays the oldest invoices first, and carries credit forward', async () => {
    const pay = (amount: number, key: string, paidOn = '2026-10-10') => recordPayment(ctx, admin(), monthly, { amount, paidOn, idempotencyKey: key, reference: key });
    expect(await errorCode(recordPayment(ctx, userActor('sponsor', programId, monthly), monthly, { amount: 1, paidOn: '2026-10-10', idempotencyKey: 'x' }))).toBe('FORBIDDEN');
    const first = await pay(16_800, 'TRF-001');
    expect(first.duplicate).toBe(false);
    expect((await pay(16_800, 'TRF-001')).duplicate).toBe(true);
    expect(await errorCode(pay(20_000, 'TRF-001'))).toBe('PAYMENT_KEY_REUSED');
    expect(await errorCode(pay(20_000, 'TRF-009', '2027-02-30'))).toBe('FIELD_INVALID');
    expect(await invoices(monthly)).toEqual([
      ['2026-10', 16_800, 16_800, 'paid'],
      ['2026-11', 16_800, 0, 'open'],
      ['2027-01', 50_400, 0, 'open'],
    ]);
    // Partial, then more than is owed.
    await pay(10_000, 'TRF-002', '2026-11-10');
    expect((await invoices(monthly))[1]).toEqual(['2026-11', 16_800, 10_000, 'partial']);
    const over = await pay(100_000, 'TRF-003', '2027-01-10');
    expect(over.account).toMatchObject({ invoiced: 84_000, paid: 84_000, outstanding: 0, credit: 126_800 - 84_000 });
    // The next run's invoice is paid from that credit. (CV Toko has 3 months past due by then:
    // not more than 3, so its membership goes on.)
    expect((await runBilling(ctx, admin(), programId, '2027-02', { today: '2027-01-10' })).lapsed).toBe(0);
    const account = await sponsorAccount(ctx, userActor('sponsor', programId, monthly), monthly);
    expect(account.invoices[0]).toMatchObject({ period: '2027-02', total: 33_600, paid: 33_600, status: 'paid' });
    expect(account.credit).toBe(42_800 - 33_600);
    expect(await errorCode(sponsorAccount(ctx, userActor('sponsor', programId, quarterly), monthly))).toBe('FORBIDDEN');
  });

  it('shows cover month by month, and ends a membership after more than 3 unpaid months past due', async () => {
    const ani = await workerCover(ctx, admin(), who.get('Ani Rahayu')!, '2027-02-20');
    expect(ani.months.map((m) => [m.month, m.status])).toEqual([
      ['2026-10', 'paid'],
      ['2026-11', 'paid'],
      ['2026-12', 'paid'],
      ['2027-01', 'paid'],
      ['2027-02', 'paid'],
      ['2027-03', 'scheduled'],
    ]);
    expect(ani).toMatchObject({ paidMonths: 5, longestPaidRun: 5, jkmFullBenefit: true, countedForTargets: false, membershipEnded: false });

    // CV Toko never paid: Oct-Dec due 2026-10-15, Jan-Mar due 2027-01-15.
    const cahya = who.get('Cahya Putri')!;
    const before = await workerCover(ctx, admin(), cahya, '2027-01-10');
    expect(before.months.map((m) => m.status)).toEqual(['arrears', 'arrears', 'arrears', 'due', 'due', 'due']);
    expect(before.membershipEnded).toBe(false);
    // On 20 January, October to January are in arrears; February and March, paid in advance, are not yet.
    const arrears = await arrearsList(ctx, admin(), programId, '2027-01-20');
    expect(arrears.map((a) => [a.workerName, a.unpaidMonths.length, a.amount])).toEqual([['Cahya Putri', 4, 25_200 + 16_800]]);
    const run = await runBilling(ctx, admin(), programId, '2027-03', { today: '2027-01-20' });
    expect(run.lapsed).toBe(1);
    const placement = await ctx.database.db.selectFrom('placements as p').innerJoin('workers as w', 'w.id', 'p.worker_id').select(['p.status', 'p.lapsed_from', 'w.coverage_status']).where('p.worker_id', '=', cahya).executeTakeFirstOrThrow();
    expect(placement).toEqual({ status: 'lapsed', lapsed_from: '2026-10', coverage_status: 'lapsed' });
    // Nobody was covered in those months: what was billed for them is voided, the invoices are 0.
    expect(await invoices(quarterly)).toEqual([
      ['2026-10', 0, 0, 'void'],
      ['2027-01', 0, 0, 'void'],
    ]);
    expect(await invoiceMismatches(ctx.database.db)).toEqual([]);
    expect(await errorCode(workerCover(ctx, userActor('sponsor', programId, quarterly), cahya))).toBe('FORBIDDEN');
  });

  it('reports the share of worker-months without a gap between sponsorships', async () => {
    // Ani and Bambang: 2026-10 .. 2027-03 covered. Cahya lapsed from her first month: never covered.
    expect(await continuity(ctx, admin(), programId)).toEqual({ workers: 2, workerMonths: 12, coveredMonths: 12, share: 1, workersWithGap: 0 });
    // Ani is covered again from 2027-06 (by a later pledge): April and May are a gap.
    const later = await committedPledge(ctx, monthly, { workers: 1, months: 3, start: '2027-06' });
    const first = await ctx.database.db.selectFrom('placements').selectAll().where('worker_id', '=', who.get('Ani Rahayu')!).executeTakeFirstOrThrow();
    await ctx.database.db
      .insertInto('placements')
      .values({ program_id: programId, pledge_id: later, sponsor_id: monthly, worker_id: first.worker_id, start_month: '2027-06', months: 3, status: 'enrolled', rank: 1, reason: '{}', batch_id: first.batch_id, kpj_number: first.kpj_number, enrolled_from: '2027-06-01' })
      .execute();
    const c = await continuity(ctx, admin(), programId);
    expect(c).toMatchObject({ workers: 2, workerMonths: 11 + 6, coveredMonths: 9 + 6, workersWithGap: 1 });
    expect(c.share).toBeCloseTo(15 / 17, 10);
    expect(await errorCode(continuity(ctx, userActor('sponsor', programId, monthly), programId))).toBe('FORBIDDEN');
  });

  it('reads rupiah the way offices write it, whole rupiah only', () => {
    const read = (c: string | number) => {
      const r = readRupiah(c);
      return r.ok ? r.value : 'refused';
    };
    expect(['1500000', '1.500.000', '1.500.000,00', 'Rp 16.800', 'Rp. 16.800', '1,500,000.00', 16_800].map(read)).toEqual([1_500_000, 1_500_000, 1_500_000, 16_800, 16_800, 1_500_000, 16_800]);
    expect(['1.500.000,50', '16.800,5', 'abc', '0', '-5', '1.50.000', 16_800.5].map(read)).toEqual(Array(7).fill('refused'));
  });

  it('records the payments of a bank statement whole or not at all, and the same statement twice records nothing new', async () => {
    const oct = (await sponsorAccount(ctx, op, quarterly)).invoices.find((i) => i.period === '2026-10')!;
    const bad = writeCsv(dir, 'mutasi-salah.csv', [
      ['Tanggal', 'Keterangan', 'Jumlah', 'Referensi'],
      ['15/10/2026', `Pembayaran ${oct.number}`, '25.200,50', 'BCA-7781'],
      ['15/10/2026', `Pembayaran ${oct.number}`, '25.200', ''],
      ['15/10/2026', 'Pembayaran iuran', '25.200', 'BCA-7782'],
    ], { delimiter: ';' });
    const refused = await reconcilePayments(ctx, admin(), programId, bad).then(() => [], (e: unknown) => (e instanceof RowsRejected ? e.problems.map((p) => [p.row, p.column]) : Promise.reject(e)));
    expect(refused).toEqual([
      [2, 'Jumlah'],
      [3, 'Referensi'],
      [4, 'Keterangan'],
    ]);
    expect((await sponsorAccount(ctx, op, quarterly)).payments).toEqual([]);
    const good = writeCsv(dir, 'mutasi.csv', [
      ['Tanggal', 'Keterangan', 'Jumlah', 'Referensi'],
      ['15/10/2026', `Pembayaran ${oct.number.toLowerCase()} CV Toko`, 'Rp 25.200', 'BCA-7781'],
    ], { delimiter: ';' });
    expect(await reconcilePayments(ctx, admin(), programId, good)).toEqual({ recorded: 1, unchanged: 0, amount: 25_200 });
    expect(await reconcilePayments(ctx, admin(), programId, good)).toEqual({ recorded: 0, unchanged: 1, amount: 0 });
    // The invoice was voided when the membership ended: the late payment is the sponsor's credit.
    const account = await sponsorAccount(ctx, op, quarterly);
    expect(account).toMatchObject({ outstanding: 0, credit: 25_200 });
    expect(await errorCode(reconcilePayments(ctx, userActor('insurer', programId), programId, good))).toBe('FORBIDDEN');
  });

  it('has a check on invoice totals that fails when a line is changed behind its invoice', async () => {
    expect(await invoiceMismatches(ctx.database.db)).toEqual([]);
    const line = await ctx.database.db.selectFrom('contribution_lines').select(['id', 'invoice_id']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    await ctx.database.db.updateTable('contribution_lines').set({ base: sql`base + 1`, amount: sql`amount + 1` }).where('id', '=', line.id).execute();
    expect((await invoiceMismatches(ctx.database.db)).map((m) => m.id)).toEqual([Number(line.invoice_id)]);
  });
});
