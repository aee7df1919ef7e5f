import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Funding, Program, RateRule } from './rates.ts';

export async function listRateRules(db: Kysely<DB>): Promise<RateRule[]> {
  const rows = await db.selectFrom('rate_rules').selectAll().orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    kind: r.kind,
    programs: r.programs as Program[],
    value: Number(r.value),
    brackets: r.brackets as [number, number][],
    cap: r.cap === null ? null : Number(r.cap),
    sectors: r.sectors,
    excludedFunding: r.excluded_funding as Funding[],
    from: r.effective_from,
    to: r.effective_to,
    legalBasis: r.legal_basis,
  }));
}
