// Indicators on both engines: the running totals the triggers keep equal what the base tables
// say (recounted here independently) through a whole cycle of pledges, enrolment, billing,
// payments, a claim, a lapse and registry changes; Cilegon's figures on the dashboard and in the
// simulator; figure files checked whole; the public summary withholding small counts; and a
// cached dashboard dropped by the database's notification when a payment lands.
import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../context.ts';
import { describeEachEngine, openTestDatabase } from '../../../../test/db.ts';
import { testContext } from '../../../../test/context.ts';
import { errorCode } from '../../../../test/error-code.ts';
import { tmpDir, writeCsv } from '../../../../test/import-helpers.ts';
import { BAGENDUNG, CIBEBER, KEDALEMAN, committedPledge, enrolEveryone, seedPool, userActor, type Person } from '../../../../test/sponsorship.ts';
import { RowsRejected } from '../../domain-error.ts';
import { systemActor } from '../access/actor.ts';
import { runBilling } from '../billing/billing.service.ts';
import { recordPayment } from '../billing/payments.service.ts';
import { recordClaim } from '../claims/claims.service.ts';
import { setLifeStatus } from '../fieldwork/worker-edits.service.ts';
import { createProgram } from '../programs/programs.service.ts';
import { monthIndex, monthText } from '../rates/rates.ts';
import { createSponsor } from '../sponsors/sponsors.service.ts';
import { programDashboard, publicSummary, simulateTarget } from './dashboard.service.ts';
import { importFigures, readBoundaries, setFigure, setTarget, uploadBoundaries } from './figures.service.ts';
import { IndicatorCache } from './indicator-cache.ts';

const op = systemActor('test');
const PEOPLE: Person[] = [
  [31, 'Ani Rahayu', '1985-03-12', CIBEBER, '1'],
  [32, 'Bambang Irawan', '1990-05-01', CIBEBER, '2'],
  [33, 'Cahya Putri', '1988-07-20', BAGENDUNG, '1'],
  [34, 'Dedi Kurnia', '1979-01-02', KEDALEMAN, '3'],
  [35, 'Euis Sumarni', '1992-11-30', KEDALEMAN, '4'],
];

describeEachEngine('indicators', (kind) => {
  let ctx: AppContext;
  let dir: string;
  let programId: number;
  let steel: number;
  let shop: number;
  let who: Map<string, number>;

  /** The cells as the triggers left them, without zeros. */
  const cells = async () => {
    const rows = await ctx.database.db.selectFrom('indicator_cells').selectAll().where('program_id', '=', programId).where('value', '<>', 0).execute();
    return new Map(rows.map((r) => [`${r.metric}|${r.month}|${r.kelurahan_code}`, Number(r.value)]));
  };

  /** The same totals counted from the base tables, written here without the triggers' SQL. */
  const recount = async () => {
    const db = ctx.database.db;
    const out = new Map<string, number>();
    const add = (k: string, v: number) => out.set(k, (out.get(k) ?? 0) + v);
    const workers = await db.selectFrom('workers').select(['id', 'kelurahan_code', 'life_status', 'anonymised_at']).where('program_id', '=', programId).execute();
    for (const w of workers) if (w.life_status === 'active' && w.anonymised_at === null) add(`registered||${w.kelurahan_code ?? ''}`, 1);
    const placements = await db.selectFrom('placements').selectAll().where('program_id', '=', programId).execute();
    const home = new Map(workers.map((w) => [Number(w.id), w.kelurahan_code ?? '']));
    for (const p of placements) {
      if (p.status !== 'enrolled' && p.status !== 'lapsed') continue;
      const kel = home.get(Number(p.worker_id))!;
      const first = Math.max(monthIndex(p.start_month), monthIndex(p.enrolled_from!.slice(0, 7)));
      const end = p.status === 'lapsed' ? monthIndex(p.lapsed_from!) : monthIndex(p.start_month) + p.months;
      for (let m = first; m < end; m++) add(`covered|${monthText(m)}|${kel}`, 1);
      if (p.status === 'lapsed') add(`lapsed|${p.lapsed_from}|${kel}`, 1);
    }
    for (const l of await db.selectFrom('contribution_lines').select(['month', 'amount']).where('program_id', '=', programId).execute()) add(`invoiced|${l.month}|`, l.amount);
    for (const p of await db.selectFrom('payments').select(['paid_on', 'amount']).where('program_id', '=', programId).execute()) add(`paid|${p.paid_on.slice(0, 7)}|`, Number(p.amount));
    for (const p of await db.selectFrom('pledges').selectAll().where('program_id', '=', programId).where('status', '=', 'committed').execute()) {
      for (const q of p.quote as { month: string; total: number }[]) add(`pledged|${q.month}|`, q.total);
      for (let i = 0; i < p.months; i++) add(`places|${monthText(monthIndex(p.start_month) + i)}|`, p.workers);
      if (p.renews_pledge_id !== null) add(`renewals|${p.start_month}|`, 1);
    }
    for (const c of await db.selectFrom('claims').selectAll().where('program_id', '=', programId).execute()) {
      const kel = home.get(Number(c.worker_id))!;
      add(`claims|${c.event_date.slice(0, 7)}|${kel}`, 1);
      add(`benefits|${c.event_date.slice(0, 7)}|${kel}`, Number(c.amount_paid));
    }
    for (const [k, v] of out) if (v === 0) out.delete(k);
    return out;
  };

  beforeAll(async () => {
    ctx = testContext(await openTestDatabase(kind));
    dir = tmpDir();
    programId = (await createProgram(ctx, op, { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
    who = await seedPool(ctx, dir, PEOPLE);
    steel = (await createSponsor(ctx, op, { programId, kind: 'company', name: 'PT Baja Cibeber', addressKelurahan: CIBEBER })).id;
    shop = (await createSponsor(ctx, op, { programId, kind: 'company', name: 'CV Toko Bagendung', addressKelurahan: BAGENDUNG })).id;
    await committedPledge(ctx, steel, { workers: 3, months: 6, start: '2026-10' });
    await committedPledge(ctx, shop, { workers: 1, months: 6, start: '2026-10', schedule: 'quarterly' });
  });
  afterAll(async () => {
    await ctx.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps running totals equal to a recount of the base tables through the whole cycle', async () => {
    expect(await cells()).toEqual(await recount());
    expect((await cells()).get(`registered||${CIBEBER}`)).toBe(2);
    expect(await enrolEveryone(ctx, programId, dir, { asOf: '2026-09' })).toBe(4);
    await runBilling(ctx, op, programId, '2026-10', { today: '2026-10-01' });
    await runBilling(ctx, op, programId, '2026-11', { today: '2026-11-01' });
    await recordPayment(ctx, op, steel, { amount: 30_000, paidOn: '2026-11-05', method: 'transfer', idempotencyKey: 'bayar-1' });
    // the same payment again records nothing and counts nothing
    await recordPayment(ctx, op, steel, { amount: 30_000, paidOn: '2026-11-05', method: 'transfer', idempotencyKey: 'bayar-1' });
    const kpj = await ctx.database.db.selectFrom('placements').select(['kpj_number']).where('worker_id', '=', who.get('Cahya Putri')!).executeTakeFirstOrThrow();
    await recordClaim(ctx, op, programId, { kpj: kpj.kpj_number!, type: 'JKK', eventDate: '2026-10-20', paidOn: '2026-11-02', amountPaid: 2_500_000 }, '2026-11-10');
    const c = await cells();
    expect(c).toEqual(await recount());
    expect(c.get('paid|2026-11|')).toBe(30_000);
    expect(c.get(`benefits|2026-10|${BAGENDUNG}`)).toBe(2_500_000);
    expect([...c].filter(([k]) => k.startsWith('covered|2026-10|')).reduce((s, [, v]) => s + v, 0)).toBe(4);

    // Unpaid months end a membership: its months go, a lapse is counted.
    await runBilling(ctx, op, programId, '2027-01', { today: '2027-01-02' });
    await runBilling(ctx, op, programId, '2027-03', { today: '2027-03-05' });
    const after = await cells();
    expect(after).toEqual(await recount());
    expect([...after].filter(([k]) => k.startsWith('lapsed|')).length).toBeGreaterThan(0);

    // The registry: a death leaves it; a hand-written UPDATE moving a worker is counted too.
    await setLifeStatus(ctx, op, who.get('Dedi Kurnia')!, { status: 'deceased', date: '2026-11-01' });
    await sql`UPDATE workers SET kelurahan_code = ${BAGENDUNG} WHERE id = ${who.get('Euis Sumarni')!}`.execute(ctx.database.db);
    const moved = await cells();
    expect(moved).toEqual(await recount());
    expect(moved.get(`registered||${KEDALEMAN}`)).toBeUndefined();
    expect(moved.get(`registered||${BAGENDUNG}`)).toBe(2);
  });

  it("shows Cilegon's 43.5% against 55%, and the simulator's 27,377 workers and Rp459,933,600 a month", async () => {
    const admin = userActor('admin', programId);
    expect(await errorCode(setFigure(ctx, userActor('insurer', programId), programId, { kind: 'workforce', period: '2025', regionCode: '36.72', total: 174_897, source: 'BPS' }))).toBe('FORBIDDEN');
    await setFigure(ctx, admin, programId, { kind: 'workforce', period: '2025', regionCode: '36.72', total: 174_897, source: 'BPS Kota Cilegon 2025' });
    await setFigure(ctx, userActor('insurer', programId), programId, { kind: 'participants', period: '2025-07', regionCode: '3672', total: 76_062, source: 'BPJS TK Cilegon' });
    await setTarget(ctx, admin, programId, { year: 2025, indicator: 'ucj', percent: 55, participants: 103_439, basis: 'Perwal 41/2024' });
    const d = await programDashboard(ctx, admin, programId, 2025);
    expect(d.headline.ucj.percent!.toFixed(1)).toBe('43.5');
    expect(d.headline.ucj).toMatchObject({ targetPercent: 55, targetParticipants: 103_439, missing: 27_377, reached: false, targetYear: 2025 });
    expect(d.headline.workforce).toMatchObject({ total: 174_897, period: '2025' });
    expect(d.headline.participants).toMatchObject({ total: 76_062, period: '2025-07' });
    expect(await errorCode(programDashboard(ctx, userActor('sponsor', programId, steel), programId))).toBe('FORBIDDEN');

    const sim = await simulateTarget(ctx, admin, programId, { by: '2027-12' });
    expect(sim).toMatchObject({ current: 76_062, target: 103_439, workers: 27_377, basePerWorker: 16_800, monthlyBase: 459_933_600 });
    // a target given as a percentage of the workforce: 60% of 174,897 is 104,938.2, so 104,939 people
    const pct = await simulateTarget(ctx, admin, programId, { by: '2027-12', targetPercent: 60 });
    expect(pct).toMatchObject({ target: 104_939, workers: 104_939 - 76_062, targetBasis: 'percent' });
    expect(await errorCode(simulateTarget(ctx, admin, programId, { by: '2020-01' }))).toBe('FIELD_INVALID');
  });

  it('reads the trend, the regions and the programme totals from the running totals', async () => {
    const d = await programDashboard(ctx, op, programId, 2026);
    const c = await cells();
    const oct = d.trend.find((t) => t.month === '2026-10')!;
    expect(oct.covered).toBe([...c].filter(([k]) => k.startsWith('covered|2026-10|')).reduce((s, [, v]) => s + v, 0));
    expect(d.programme.paid).toBe(30_000);
    expect(d.programme.benefits).toBe(2_500_000);
    expect(d.programme.sponsors).toBe(2);
    const bagendung = d.regions.find((r) => r.code === BAGENDUNG)!;
    expect(bagendung).toMatchObject({ level: 4, registered: 2 });
    const kecamatan = d.regions.find((r) => r.code === '36.72.01')!;
    expect(kecamatan.registered).toBe(d.regions.filter((r) => r.parentCode === '36.72.01').reduce((s, r) => s + r.registered, 0));
  });

  it('imports a figures file only when every row is right, and sums kelurahan figures up to the city', async () => {
    const insurer = userActor('insurer', programId);
    const bad = writeCsv(dir, 'peserta-salah.csv', [
      ['Kode Wilayah', 'Bulan', 'Total Peserta', 'PU', 'BPU'],
      ['3672011001', '08/2025', '1.200', '1.000', '200'],
      ['3672011001', '2025-08', '1.300', '1.000', '300'],
      ['3671011001', '2025-08', '10', '', ''],
      ['36.72.01.1002', '2025-08', '12,5', '', ''],
      ['36.72.02.1001', '2025-08', '100', '90', '20'],
    ]);
    const refused = await importFigures(ctx, insurer, programId, 'participants', bad, 'BPJS TK').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RowsRejected);
    expect((refused as RowsRejected).problems.map((p) => [p.row, p.column])).toEqual([
      [3, 'Kode Wilayah'],
      [4, 'Kode Wilayah'],
      [5, 'Total Peserta'],
      [6, 'Total Peserta'],
    ]);
    expect(await ctx.database.db.selectFrom('region_figures').select('period').where('period', '=', '2025-08').execute()).toEqual([]);

    const good = writeCsv(dir, 'peserta.csv', [
      ['Kode Wilayah', 'Bulan', 'Total Peserta', 'PU', 'BPU'],
      ['3672011001', '08/2025', '1.200', '1.000', '200'],
      ['36.72.02.1001', '2025-08', '100', '90', '10'],
    ]);
    expect(await importFigures(ctx, insurer, programId, 'participants', good, 'BPJS TK')).toEqual({ kind: 'participants', rows: 2, periods: ['2025-08'] });
    expect(await importFigures(ctx, insurer, programId, 'participants', good, 'BPJS TK')).toMatchObject({ rows: 2 });
    const d = await programDashboard(ctx, op, programId, 2025);
    expect(d.headline.participants).toMatchObject({ period: '2025-08', total: 1_300, formal: 1_090, informal: 210 });
    expect(d.regions.find((r) => r.code === '36.72.01')!.participants).toMatchObject({ total: 1_200 });
  });

  it('takes region boundaries keyed by Kemendagri code, and refuses features it cannot place', async () => {
    const square = (x: number) => ({ type: 'Polygon', coordinates: [[[x, -6], [x + 0.01, -6], [x + 0.01, -6.01], [x, -6.01], [x, -6]]] });
    const good = { type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { kode: '3672011001' }, geometry: square(106) },
      { type: 'Feature', properties: { KODE_WILAYAH: '36.72.02.1001' }, geometry: square(106.02) },
    ] };
    expect(await errorCode(uploadBoundaries(ctx, userActor('insurer', programId), programId, JSON.stringify(good)))).toBe('FORBIDDEN');
    const bad = { type: 'FeatureCollection', features: [...good.features, { type: 'Feature', properties: { kode: '3173011001' }, geometry: square(107) }, { type: 'Feature', properties: { kode: '3672011002' }, geometry: { type: 'Point', coordinates: [106, -6] } }] };
    const refused = await uploadBoundaries(ctx, userActor('admin', programId), programId, JSON.stringify(bad)).catch((e: unknown) => e);
    expect((refused as RowsRejected).problems.map((p) => [p.row, p.column])).toEqual([
      [3, 'properties.kode'],
      [4, 'geometry'],
    ]);
    expect(await errorCode(uploadBoundaries(ctx, userActor('admin', programId), programId, '{"type":'))).toBe('BOUNDARIES_INVALID');
    expect(await uploadBoundaries(ctx, userActor('admin', programId), programId, JSON.stringify(good))).toEqual({ features: 2 });
    const stored = JSON.parse((await readBoundaries(ctx, userActor('insurer', programId), programId))!) as { features: { properties: { kode: string } }[] };
    expect(stored.features.map((f) => f.properties.kode)).toEqual([CIBEBER, BAGENDUNG]);
    expect((await programDashboard(ctx, op, programId, 2026)).hasBoundaries).toBe(true);
  });

  it('publishes aggregates with counts under 5 withheld and no personal data', async () => {
    await ctx.database.db.updateTable('sponsors').set({ named_publicly: true }).where('id', '=', steel).execute();
    const s = await publicSummary(ctx, '36.72');
    expect(s.namedSponsors).toEqual(['PT Baja Cibeber']);
    expect(s.sponsors).toBeNull(); // 2 sponsors: too few to show
    for (const k of s.kecamatan) {
      if (k.covered !== null) expect(k.covered === 0 || k.covered >= 5).toBe(true);
      if (k.registered !== null) expect(k.registered === 0 || k.registered >= 5).toBe(true);
    }
    const text = JSON.stringify(s);
    expect(text).not.toMatch(/Rahayu|Irawan|Putri|Kurnia|Sumarni/);
    expect(text).not.toMatch(/"\d{16}"/);
    expect(await errorCode(publicSummary(ctx, '99.99'))).toBe('PROGRAM_NOT_FOUND');
  });

  it('drops a cached dashboard when a payment lands, told by the database', async () => {
    const cache = new IndicatorCache();
    const stop = await cache.attach(ctx.database);
    const cachedCtx: AppContext = { ...ctx, indicatorCache: cache };
    try {
      const before = await programDashboard(cachedCtx, op, programId, 2026);
      expect(await programDashboard(cachedCtx, op, programId, 2026)).toBe(before);
      await recordPayment(ctx, op, shop, { amount: 25_200, paidOn: '2026-11-20', method: 'transfer', idempotencyKey: 'bayar-2' });
      let after = before;
      for (let i = 0; i < 100 && after === before; i++) {
        await new Promise((r) => setTimeout(r, 50));
        after = await programDashboard(cachedCtx, op, programId, 2026);
      }
      expect(after.programme.paid).toBe(before.programme.paid + 25_200);
    } finally {
      await stop();
    }
  });

  // Last: it empties the payments the tests above count.
  it('takes a hand-typed TRUNCATE of a counted table out of the totals, and leaves the others alone', async () => {
    expect([...(await cells()).keys()].some((k) => k.startsWith('paid|'))).toBe(true);
    await sql`TRUNCATE payments CASCADE`.execute(ctx.database.db);
    const truncated = await cells();
    expect(truncated).toEqual(await recount());
    expect([...truncated.keys()].some((k) => k.startsWith('paid|'))).toBe(false);
    expect([...truncated.keys()].some((k) => k.startsWith('invoiced|'))).toBe(true);
  });
});
