// Indicator rules without a database: figures rolled up the region tree, targets as a
// percentage or a number, the simulator's ramp, suppression, and how offices write counts.
import { describe, expect, it } from 'vitest';
import { apportion } from '../demo/demo.service.ts';
import { normalizeRegionCode, readCount } from './figures.service.ts';
import { kampungStatus, progress, rollUp, simulate, suppress, targetParticipants, type Figure } from './indicators.ts';

const f = (total: number, formal: number | null = null, informal: number | null = null): Figure => ({ total, formal, informal });

describe('rollUp', () => {
  it("sums kelurahan into their kecamatan and the city, but keeps a region's own row", () => {
    const rows = new Map([
      ['36.72.01.1001', f(100, 60, 40)],
      ['36.72.01.1002', f(50, 20, 30)],
      ['36.72.02.1001', f(10, null, 4)],
      ['36.72.03', f(7, 7, 0)],
    ]);
    const out = rollUp(rows, ['36.72']);
    expect(out.get('36.72.01')).toEqual(f(150, 80, 70));
    // a breakdown is known only when every child knows it
    expect(out.get('36.72.02')).toEqual(f(10, null, 4));
    expect(out.get('36.72')).toEqual(f(167, null, 74));
    const own = rollUp(new Map([...rows, ['36.72', f(174_897)]]), ['36.72']);
    expect(own.get('36.72')).toEqual(f(174_897));
    expect(rollUp(new Map(), ['36.72']).get('36.72')).toBeUndefined();
  });
});

describe('targets and progress', () => {
  it("takes a target's own number of participants before its percentage", () => {
    expect(targetParticipants({ year: 2025, percent: 55, participants: 103_439 }, 174_897)).toBe(103_439);
    // 55% of 174,897 is 96,193.35: 96,194 people
    expect(targetParticipants({ year: 2025, percent: 55, participants: null }, 174_897)).toBe(96_194);
    expect(targetParticipants({ year: 2025, percent: 33.33, participants: null }, 300)).toBe(100);
    expect(targetParticipants({ year: 2025, percent: 55, participants: null }, null)).toBeNull();
  });

  it("puts Cilegon at 43.5% of 55%, 27,377 short", () => {
    const p = progress(76_062, 174_897, { year: 2025, percent: 55, participants: 103_439 });
    expect(p.percent!.toFixed(1)).toBe('43.5');
    expect(p).toMatchObject({ targetPercent: 55, targetParticipants: 103_439, missing: 27_377, reached: false });
    expect(progress(110_000, 174_897, { year: 2025, percent: 55, participants: 103_439 })).toMatchObject({ missing: 0, reached: true });
    expect(progress(10, null, null)).toMatchObject({ percent: null, missing: null, reached: null });
  });
});

describe('simulate', () => {
  it('prices the missing workers a month, and the even ramp up to the chosen month', () => {
    const s = simulate({ current: 76_062, target: 103_439, basePerWorker: 16_800, payablePerWorker: 8_400, months: 1 });
    expect(s).toMatchObject({ workers: 27_377, monthlyBase: 459_933_600, monthlyPayable: 229_966_800, perMonth: 27_377, rampBase: 459_933_600 });
    // 10 workers over 4 months: 3, 6, 9, 10 covered
    const ramp = simulate({ current: 0, target: 10, basePerWorker: 100, payablePerWorker: 100, months: 4 });
    expect(ramp).toMatchObject({ perMonth: 3, rampBase: (3 + 6 + 9 + 10) * 100 });
    expect(simulate({ current: 20, target: 10, basePerWorker: 100, payablePerWorker: 100, months: 3 })).toMatchObject({ workers: 0, monthlyBase: 0, rampBase: 0 });
  });
});

describe('open data and status', () => {
  it('withholds counts from 1 to 4', () => {
    expect([0, 1, 4, 5, 120].map(suppress)).toEqual([0, null, null, 5, 120]);
  });
  it('marks Kampung Sadar Jamsostek at or above the target share', () => {
    expect([kampungStatus(80, 80), kampungStatus(79.9, 80), kampungStatus(null, 80), kampungStatus(90, null)]).toEqual(['reached', 'not_yet', null, null]);
  });
});

describe('reading figures files', () => {
  it('reads counts as offices write them and refuses fractions', () => {
    expect(['174897', '174.897', '174,897', ' 1.234.567 ', 42, ''].map((c) => readCount(c))).toEqual([
      { ok: true, value: 174_897 },
      { ok: true, value: 174_897 },
      { ok: true, value: 174_897 },
      { ok: true, value: 1_234_567 },
      { ok: true, value: 42 },
      { ok: true, value: null },
    ]);
    for (const bad of ['12,5', '1.5', '-3', 'banyak', 2.5]) expect(readCount(bad).ok).toBe(false);
  });
  it('reads Kemendagri codes with or without dots', () => {
    expect(['3672011001', '36.72.01.1001', '36 72', '3672', '367201', '36720110'].map(normalizeRegionCode)).toEqual(['36.72.01.1001', '36.72.01.1001', '36.72', '36.72', '36.72.01', null]);
  });
  it('splits a total over weights exactly', () => {
    const parts = apportion(174_897, [3, 7, 11, 13]);
    expect(parts.reduce((s, v) => s + v, 0)).toBe(174_897);
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
  });
});
