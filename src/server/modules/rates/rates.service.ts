import type { AppContext } from '../../context.ts';
import { quote, type Funding, type Package } from './rates.ts';
import { listRateRules } from './rates.repository.ts';

export interface PledgeQuoteInput {
  start: string;
  months: number;
  workers: number;
  income: number;
  package: Package;
  sector: string;
  funding: Funding;
}

/** Month by month: the price per worker (with the rules that made it) and for the pledge's workers. */
export async function quotePledge(ctx: AppContext, q: PledgeQuoteInput) {
  const rules = await listRateRules(ctx.database.db);
  const r = quote(rules, { start: q.start, months: q.months, declaredIncome: q.income, pkg: q.package, sector: q.sector, funding: q.funding });
  return {
    months: r.months.map((m) => ({ month: m.month, perWorker: m.total, total: m.total * q.workers, discounted: m.discounted, lines: m.lines })),
    perWorker: r.total,
    total: r.total * q.workers,
  };
}
