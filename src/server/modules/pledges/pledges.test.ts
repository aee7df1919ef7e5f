// Pledges priced month by month before the sponsor commits, on both engines.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../context.ts';
import { describeEachEngine, openTestDatabase } from '../../../../test/db.ts';
import { testContext } from '../../../../test/context.ts';
import { errorCode } from '../../../../test/error-code.ts';
import { systemActor, type Actor } from '../access/actor.ts';
import { createProgram } from '../programs/programs.service.ts';
import { addRateRule } from '../rates/rates.service.ts';
import { createSponsor } from '../sponsors/sponsors.service.ts';
import { commitPledge, createPledge, listPledges } from './pledges.service.ts';

const op = systemActor('test');

describeEachEngine('pledges', (kind) => {
  let ctx: AppContext;
  let programId: number;
  let company: number;
  let city: number;
  const sponsorUser = (sponsorId: number): Actor => ({ kind: 'user', userId: 1, email: 's@x.id', name: 'S', grants: [{ role: 'sponsor', programId, sponsorId, kelurahan: [] }], ip: null, sessionId: null });
  beforeAll(async () => {
    ctx = testContext(await openTestDatabase(kind));
    programId = (await createProgram(ctx, op, { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
    company = (await createSponsor(ctx, op, { programId, kind: 'company', name: 'PT Krakatau Baja', addressKelurahan: '36.72.01.1001' })).id;
    city = (await createSponsor(ctx, op, { programId, kind: 'government', name: 'APBD Kota Cilegon' })).id;
  });
  afterAll(async () => ctx.database.close());

  it('quotes N workers for M months month by month: 10 workers from 2026-10 for 6 months', async () => {
    const p = await createPledge(ctx, sponsorUser(company), company, { kind: 'workers', workers: 10, months: 6, start: '2026-10' });
    expect(p.quote.map((m) => [m.month, m.perWorker, m.total])).toEqual([
      ['2026-10', 8_400, 84_000],
      ['2026-11', 8_400, 84_000],
      ['2026-12', 8_400, 84_000],
      ['2027-01', 16_800, 168_000],
      ['2027-02', 16_800, 168_000],
      ['2027-03', 16_800, 168_000],
    ]);
    expect([p.status, p.total]).toEqual(['draft', 756_000]);
    // An invoice-like check: the total is the sum of its months.
    expect(p.quote.reduce((s, m) => s + m.total, 0)).toBe(p.total);
  });

  it('turns a budget into the workers it covers, prices transport preferences and government budgets by their rules', async () => {
    const budget = await createPledge(ctx, op, company, { kind: 'budget', budget: 500_000, months: 6, start: '2026-10' });
    expect([budget.workers, budget.total]).toEqual([6, 453_600]);
    const ojek = await createPledge(ctx, op, company, { kind: 'workers', workers: 1, months: 6, start: '2026-10', preferences: { occupations: ['OJEK'] } });
    expect(ojek.total).toBe(6 * 8_400);
    const apbd = await createPledge(ctx, op, city, { kind: 'workers', workers: 1, months: 6, start: '2026-10' });
    expect(apbd.total).toBe(6 * 16_800);
    expect(await errorCode(createPledge(ctx, op, company, { kind: 'budget', budget: 10_000, months: 6, start: '2026-10' }))).toBe('PLEDGE_BUDGET_TOO_SMALL');
    expect(await errorCode(createPledge(ctx, op, company, { kind: 'workers', months: 6, start: '2026-10' }))).toBe('FIELD_INVALID');
  });

  it('lets only an individual sponsor name workers, a few of this programme', async () => {
    const named = (sponsorId: number, workerIds: number[]) => createPledge(ctx, op, sponsorId, { kind: 'workers', workers: 1, months: 6, start: '2026-10', preferences: { workerIds } });
    expect(await errorCode(named(company, [1]))).toBe('FIELD_INVALID');
    const person = (await createSponsor(ctx, op, { programId, kind: 'individual', name: 'Bu Rina' })).id;
    expect(await errorCode(named(person, [999_999]))).toBe('FIELD_INVALID');
    expect(await errorCode(named(person, [1, 2, 3, 4, 5, 6]))).toBe('FIELD_INVALID');
  });

  it('keeps each sponsor to its own pledges', async () => {
    expect(await errorCode(createPledge(ctx, sponsorUser(city), company, { kind: 'workers', workers: 1, months: 1, start: '2026-10' }))).toBe('FORBIDDEN');
    expect(await errorCode(listPledges(ctx, sponsorUser(city), company))).toBe('FORBIDDEN');
    expect((await listPledges(ctx, sponsorUser(company), company)).length).toBeGreaterThan(0);
  });

  it('commits at the price seen, and refuses when a new rule moved it', async () => {
    const p = await createPledge(ctx, op, company, { kind: 'workers', workers: 2, months: 12, start: '2027-06' });
    expect(p.total).toBe(2 * 12 * 16_800);
    expect(await errorCode(commitPledge(ctx, op, p.id, p.total + 1))).toBe('PLEDGE_QUOTE_CHANGED');
    // A new regulation after the quote: JKM Rp7,000 from 2027-06.
    await addRateRule(ctx, op, { code: 'JKM-UJI-2027', kind: 'flat', programs: ['JKM'], value: 7_000, from: '2027-06', legalBasis: 'Peraturan uji: tarif JKM baru' });
    const changed = await commitPledge(ctx, op, p.id, p.total).catch((e: unknown) => e);
    expect(changed).toMatchObject({ code: 'PLEDGE_QUOTE_CHANGED', details: { total: 2 * 12 * 17_000 } });
    const done = await commitPledge(ctx, op, p.id, 2 * 12 * 17_000);
    expect([done.status, done.total]).toEqual(['committed', 408_000]);
    expect(await errorCode(commitPledge(ctx, op, p.id, 408_000))).toBe('PLEDGE_NOT_DRAFT');
  });
});
