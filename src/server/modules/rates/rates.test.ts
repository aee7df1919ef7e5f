// The figures of domain.md §2, pinned: a regression here is money.
import { describe, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase } from '../../../../test/db.ts';
import { addMonths, priceMonth, quote, RateError, type PriceInput, type RateRule } from './rates.ts';
import { listRateRules } from './rates.repository.ts';
import { addRateRule } from './rates.service.ts';
import { testContext } from '../../../../test/context.ts';
import { errorCode } from '../../../../test/error-code.ts';
import { systemActor, type Actor } from '../access/actor.ts';
import { SEED_RULES } from './seed-rules.ts';

const RULES: RateRule[] = SEED_RULES.map((r, i) => ({ ...r, id: i + 1 }));
const MIN: Omit<PriceInput, 'month'> = { declaredIncome: 1_000_000, pkg: 'JKK_JKM', sector: 'other', funding: 'csr' };

describe('contribution rates', () => {
  it('prices JKK + JKM at Rp16,800 a month and Rp100,800 for 6 months before any discount', () => {
    const m = priceMonth(RULES, { ...MIN, month: '2025-07' });
    expect(m.lines.map((l) => [l.program, l.amount])).toEqual([
      ['JKK', 10_000],
      ['JKM', 6_800],
    ]);
    expect(m.total).toBe(16_800);
    expect(quote(RULES, { ...MIN, start: '2025-06', months: 6 }).total).toBe(100_800);
  });

  it('adds JHT at 2%: Rp36,800 at the minimum income', () => {
    expect(priceMonth(RULES, { ...MIN, pkg: 'JKK_JKM_JHT', month: '2025-07' }).total).toBe(36_800);
  });

  it('halves JKK + JKM under PP 50/2025 to Rp8,400, naming the discount rule on each line', () => {
    const m = priceMonth(RULES, { ...MIN, month: '2026-10' });
    expect(m.total).toBe(8_400);
    expect(m.lines.map((l) => [l.program, l.base, l.discount, l.amount])).toEqual([
      ['JKK', 10_000, 5_000, 5_000],
      ['JKM', 6_800, 3_400, 3_400],
    ]);
    const discountId = RULES.find((r) => r.code === 'PP50-2025-SEKTOR-LAIN')!.id;
    expect(m.lines.every((l) => l.ruleIds.includes(discountId))).toBe(true);
    // JHT is not discounted.
    expect(priceMonth(RULES, { ...MIN, pkg: 'JKK_JKM_JHT', month: '2026-10' }).total).toBe(28_400);
  });

  it('prices a 6-month pledge from 2026-10 as 3 discounted months and 3 full ones', () => {
    const q = quote(RULES, { ...MIN, start: '2026-10', months: 6 });
    expect(q.months.map((m) => [m.month, m.total])).toEqual([
      ['2026-10', 8_400],
      ['2026-11', 8_400],
      ['2026-12', 8_400],
      ['2027-01', 16_800],
      ['2027-02', 16_800],
      ['2027-03', 16_800],
    ]);
    expect(q.total).toBe(75_600);
  });

  it('follows each sector’s discount period and excludes government budgets', () => {
    const transport = { ...MIN, sector: 'transport' };
    expect(priceMonth(RULES, { ...transport, month: '2025-12' }).total).toBe(16_800);
    expect(priceMonth(RULES, { ...transport, month: '2026-01' }).total).toBe(8_400);
    expect(priceMonth(RULES, { ...transport, month: '2027-03' }).total).toBe(8_400);
    expect(priceMonth(RULES, { ...transport, month: '2027-04' }).total).toBe(16_800);
    expect(priceMonth(RULES, { ...MIN, month: '2026-03' }).total).toBe(16_800);
    expect(priceMonth(RULES, { ...MIN, month: '2026-04' }).total).toBe(8_400);
    for (const funding of ['apbd', 'apbn', 'apbdes'] as const) expect(priceMonth(RULES, { ...MIN, funding, month: '2026-06' }).total).toBe(16_800);
    expect(priceMonth(RULES, { ...MIN, funding: 'individual', month: '2026-06' }).total).toBe(8_400);
  });

  it('scales JKK with declared income up to its cap, JKM stays flat', () => {
    expect(priceMonth(RULES, { ...MIN, declaredIncome: 3_500_000, month: '2025-07' }).lines.map((l) => l.amount)).toEqual([35_000, 6_800]);
    expect(priceMonth(RULES, { ...MIN, declaredIncome: 50_000_000, month: '2025-07' }).lines[0]!.amount).toBe(207_000);
  });

  it('uses a bracket table when a newer rule brings one, from its month on', () => {
    const brackets: RateRule = { ...RULES[0]!, id: 99, code: 'JKK-BRACKETS', brackets: [[1_000_000, 10_000], [1_500_000, 15_000], [2_000_000, 20_000]], from: '2027-01' };
    const rules = [...RULES, brackets];
    expect(priceMonth(rules, { ...MIN, declaredIncome: 1_900_000, month: '2026-12' }).lines[0]).toMatchObject({ base: 19_000, ruleIds: [1, 5] });
    expect(priceMonth(rules, { ...MIN, declaredIncome: 1_900_000, month: '2027-01' }).lines[0]).toMatchObject({ base: 15_000, ruleIds: [99] });
  });

  it('refuses an income under the minimum, a malformed month, and a month no rule covers', () => {
    expect(() => priceMonth(RULES, { ...MIN, declaredIncome: 900_000, month: '2025-07' })).toThrow(RateError);
    expect(() => priceMonth(RULES, { ...MIN, month: '2025-13' })).toThrow(RateError);
    expect(() => priceMonth(RULES, { ...MIN, month: '2015-06' })).toThrowError(expect.objectContaining({ code: 'RATE_MISSING' }));
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
  });
});

describeEachEngine('rate rules in the database', (kind) => {
  it('holds the seeded rules with their citations, and prices from them', async () => {
    const database = await openTestDatabase(kind);
    try {
      const rules = await listRateRules(database.db);
      expect(rules.map(({ id: _id, ...r }) => r)).toEqual(SEED_RULES);
      expect(rules.every((r) => r.legalBasis.length > 20)).toBe(true);
      expect(quote(rules, { ...MIN, start: '2026-10', months: 6 }).total).toBe(75_600);

      // A new regulation is a row: JKM at Rp7,000 from 2027-06, added by the operator.
      const ctx = testContext(database);
      const rule = { code: 'JKM-BPU-2027', kind: 'flat', programs: ['JKM'], value: 7_000, from: '2027-06', legalBasis: 'Peraturan Pemerintah (contoh uji) tarif JKM baru' };
      const admin: Actor = { kind: 'user', userId: 1, email: 'a@b.id', name: 'A', grants: [{ role: 'admin', programId: 1, sponsorId: null, kelurahan: [] }], ip: null, sessionId: null };
      expect(await errorCode(addRateRule(ctx, admin, rule))).toBe('FORBIDDEN');
      expect(await errorCode(addRateRule(ctx, systemActor('t'), { ...rule, from: '2027-13' }))).toBe('RATE_RULE_INVALID');
      const added = await addRateRule(ctx, systemActor('t'), rule);
      expect(await errorCode(addRateRule(ctx, systemActor('t'), rule))).toBe('RATE_RULE_EXISTS');
      const after = await listRateRules(database.db);
      expect(priceMonth(after, { ...MIN, month: '2027-05' }).total).toBe(16_800);
      const june = priceMonth(after, { ...MIN, month: '2027-06' });
      expect([june.total, june.lines[1]!.ruleIds]).toEqual([17_000, [added.id]]);
      const audit = await database.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'rate_rule.create').execute();
      expect(audit).toEqual([{ action: 'rate_rule.create', entity_id: String(added.id) }]);
    } finally {
      await database.close();
    }
  });
});
