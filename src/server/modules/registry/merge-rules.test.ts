import { describe, expect, it } from 'vitest';
import { incomingWins, MERGE_FIELDS, SOURCE_RANK, SOURCES } from './merge-rules.ts';

describe('merge rules', () => {
  it('lets DTSEN replace a DTKS desil but not the other way round', () => {
    expect(incomingWins('poverty', 'DTSEN', 'DTKS')).toBe(true);
    expect(incomingWins('poverty', 'DTKS', 'DTSEN')).toBe(false);
  });
  it('lets a newer file of the same source win', () => {
    expect(incomingWins('poverty', 'DTSEN', 'DTSEN')).toBe(true);
  });
  it('prefers field data for phone and address, national data for identity', () => {
    expect(incomingWins('contact', 'LAPANGAN', 'DTSEN')).toBe(true);
    expect(incomingWins('identity', 'LAPANGAN', 'DTSEN')).toBe(false);
  });
  it('never lets an import override a manual correction', () => {
    for (const group of Object.keys(SOURCE_RANK) as (keyof typeof SOURCE_RANK)[]) {
      for (const s of SOURCES.filter((x) => x !== 'MANUAL')) expect(incomingWins(group, s, 'MANUAL')).toBe(false);
    }
  });
  it('fills an empty field from any source', () => {
    expect(incomingWins('identity', 'LAPANGAN', null)).toBe(true);
  });
  it('ranks every source in every group used by a field', () => {
    for (const f of MERGE_FIELDS) expect(Object.keys(SOURCE_RANK[f.group]).sort()).toEqual([...SOURCES].sort());
  });
});
