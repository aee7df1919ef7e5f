import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { DomainError } from '../../domain-error.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.ts';
import { FUNDINGS, PROGRAMS, quote, type Funding, type Package, type RateRule } from './rates.ts';
import { listRateRules } from './rates.repository.ts';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
export const NewRateRule = z
  .object({
    code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,60}$/),
    kind: z.enum(['percent', 'flat', 'discount']),
    programs: z.array(z.enum(PROGRAMS)).min(1),
    value: z.number().int().positive(),
    brackets: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])).default([]),
    cap: z.number().int().positive().nullable().default(null),
    sectors: z.array(z.string().max(40)).default([]),
    excludedFunding: z.array(z.enum(FUNDINGS)).default([]),
    from: Month,
    to: Month.nullable().default(null),
    legalBasis: z.string().min(10).max(500),
  })
  .refine((r) => r.to === null || r.to >= r.from, { message: 'to before from', path: ['to'] })
  .refine((r) => r.kind !== 'discount' || r.value <= 10_000, { message: 'a discount is at most 10000 bp', path: ['value'] })
  .refine((r) => r.brackets.every((b, i) => i === 0 || b[0] > r.brackets[i - 1]![0]), { message: 'brackets must ascend', path: ['brackets'] });

/**
 * Adds a rule (a new regulation) without a release. Rules are national and shared by every
 * programme of the installation, so adding one is the operator's act (CLI), not one programme
 * admin's; it is audited.
 */
export async function addRateRule(ctx: AppContext, actor: Actor, input: unknown): Promise<RateRule> {
  if (actor.kind !== 'system') throw new DomainError(actor.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  const parsed = NewRateRule.safeParse(input);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '-'}: ${i.message}`).join('; ');
    throw new DomainError('RATE_RULE_INVALID', { reason: why, alasan: why });
  }
  const r = parsed.data;
  return ctx.database.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('rate_rules').select('id').where('code', '=', r.code).executeTakeFirst()) throw new DomainError('RATE_RULE_EXISTS', { code: r.code });
    const row = await trx
      .insertInto('rate_rules')
      .values({
        code: r.code,
        kind: r.kind,
        programs: r.programs,
        value: r.value,
        brackets: JSON.stringify(r.brackets),
        cap: r.cap,
        sectors: r.sectors,
        excluded_funding: r.excludedFunding,
        effective_from: r.from,
        effective_to: r.to,
        legal_basis: r.legalBasis,
        created_by: actor.name,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.keyring, actor, { action: 'rate_rule.create', entity: 'rate_rule', entityId: Number(row.id), after: r });
    return { id: Number(row.id), ...r };
  });
}

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
