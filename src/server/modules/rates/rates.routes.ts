// Rate rules and the month-by-month quote a sponsor sees before committing.
import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { FUNDINGS, MIN_DECLARED_INCOME } from './rates.ts';
import { listRateRules } from './rates.repository.ts';
import { quotePledge } from './rates.service.ts';

const Line = z.object({ program: z.string(), base: z.number(), discount: z.number(), amount: z.number(), ruleIds: z.array(z.number()) });

export function rateRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  app.get(
    '/api/rate-rules',
    {
      schema: {
        tags: ['rates'],
        response: {
          200: z.object({
            items: z.array(
              z.object({ id: z.number(), code: z.string(), kind: z.string(), programs: z.array(z.string()), value: z.number(), cap: z.number().nullable(), sectors: z.array(z.string()), excludedFunding: z.array(z.string()), from: z.string(), to: z.string().nullable(), legalBasis: z.string() }),
            ),
          }),
        },
      },
    },
    async () => ({ items: (await listRateRules(ctx.database.db)).map(({ brackets: _b, ...r }) => r) }),
  );

  app.get(
    '/api/rates/quote',
    {
      schema: {
        tags: ['rates'],
        querystring: z.object({
          start: z.string().regex(/^\d{4}-\d{2}$/),
          months: z.coerce.number().int().min(1).max(36),
          workers: z.coerce.number().int().min(1).max(100_000).default(1),
          income: z.coerce.number().int().min(MIN_DECLARED_INCOME).default(MIN_DECLARED_INCOME),
          package: z.enum(['JKK_JKM', 'JKK_JKM_JHT']).default('JKK_JKM'),
          sector: z.string().max(40).default('other'),
          funding: z.enum(FUNDINGS).default('csr'),
        }),
        response: {
          200: z.object({
            months: z.array(z.object({ month: z.string(), perWorker: z.number(), total: z.number(), discounted: z.boolean(), lines: z.array(Line) })),
            perWorker: z.number(),
            total: z.number(),
          }),
        },
      },
    },
    async (req) => quotePledge(ctx, req.query),
  );
}
