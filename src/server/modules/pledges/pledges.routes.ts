import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { DomainError } from '../../domain-error.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { RegionCodeParam } from '../programs/programs.routes.ts';
import { commitPledge, createPledge, listPledges, previewPledge, programPledges, type PledgeInput } from './pledges.service.ts';
import { renewalsDue, renewPledge } from './renewals.service.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const Pledge = z.object({
  id: z.number(),
  sponsorId: z.number(),
  kind: z.enum(['workers', 'budget']),
  workers: z.number(),
  months: z.number(),
  budget: z.number().nullable(),
  start: z.string(),
  package: z.string(),
  declaredIncome: z.number(),
  schedule: z.string(),
  status: z.string(),
  preferences: z.unknown(),
  quote: z.array(z.object({ month: z.string(), perWorker: z.number(), total: z.number(), discounted: z.boolean() })),
  total: z.number(),
  committedAt: z.string().nullable(),
});

const QuoteRow = z.object({ month: z.string(), perWorker: z.number(), total: z.number(), discounted: z.boolean() });
const Renewal = z.object({
  pledgeId: z.number(),
  sponsorId: z.number(),
  sponsorName: z.string(),
  endMonth: z.string(),
  endsOn: z.string(),
  daysLeft: z.number(),
  workers: z.number(),
  start: z.string(),
  months: z.number(),
  total: z.number(),
  quote: z.array(QuoteRow),
});

export function pledgeRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  // The price before anything is saved, with the sponsor's own rules (funding, sector).
  app.post(
    '/api/sponsors/:id/pledge-quotes',
    {
      schema: {
        tags: ['pledges'],
        summary: 'Price a pledge month by month without saving it',
        params: IdParam,
        body: z.record(z.string(), z.unknown()),
        response: { 200: z.object({ workers: z.number(), total: z.number(), quote: z.array(QuoteRow) }) },
      },
    },
    async (req) => previewPledge(ctx, req.params.id, req.body as PledgeInput, req.actor),
  );

  app.get('/api/sponsors/:id/renewals', { schema: { tags: ['pledges'], params: IdParam, response: { 200: z.object({ items: z.array(Renewal) }) } } }, async (req) => {
    const sponsor = await ctx.database.db.selectFrom('sponsors').select('program_id').where('id', '=', req.params.id).executeTakeFirst();
    if (!sponsor) throw new DomainError('SPONSOR_NOT_FOUND', { id: req.params.id });
    return { items: await renewalsDue(ctx, req.actor, { programId: Number(sponsor.program_id), sponsorId: req.params.id }) };
  });

  app.get(
    '/api/programs/:regionCode/pledges',
    {
      schema: {
        tags: ['pledges'],
        summary: "The programme's pledges and how far each is filled",
        params: RegionCodeParam,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                sponsorId: z.number(),
                sponsorName: z.string(),
                workers: z.number(),
                months: z.number(),
                start: z.string(),
                status: z.string(),
                total: z.number(),
                placed: z.number(),
                enrolled: z.number(),
                renewsPledgeId: z.number().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const program = await requireProgram(ctx.database.db, req.params.regionCode);
      return { items: await programPledges(ctx, req.actor, program.id) };
    },
  );

  app.get('/api/programs/:regionCode/renewals', { schema: { tags: ['pledges'], params: RegionCodeParam, response: { 200: z.object({ items: z.array(Renewal) }) } } }, async (req) => {
    const program = await requireProgram(ctx.database.db, req.params.regionCode);
    return { items: await renewalsDue(ctx, req.actor, { programId: program.id }) };
  });

  app.post(
    '/api/pledges/:id/renew',
    { schema: { tags: ['pledges'], summary: 'Draft the renewal of a pledge: its enrolled workers, from the month after it ends', params: IdParam, response: { 201: z.object({ pledge: Pledge }) } } },
    async (req, reply) => reply.status(201).send({ pledge: await renewPledge(ctx, req.actor, req.params.id) }),
  );

  app.get('/api/sponsors/:id/pledges', { schema: { tags: ['pledges'], params: IdParam, response: { 200: z.object({ items: z.array(Pledge) }) } } }, async (req) => ({
    items: await listPledges(ctx, req.actor, req.params.id),
  }));

  // The body is checked in the service (PledgeInput), so the CLI and jobs get the same errors.
  app.post('/api/sponsors/:id/pledges', { schema: { tags: ['pledges'], params: IdParam, body: z.record(z.string(), z.unknown()), response: { 201: z.object({ pledge: Pledge }) } } }, async (req, reply) =>
    reply.status(201).send({ pledge: await createPledge(ctx, req.actor, req.params.id, req.body as PledgeInput) }),
  );

  app.post(
    '/api/pledges/:id/commit',
    { schema: { tags: ['pledges'], params: IdParam, body: z.object({ expectedTotal: z.number().int().min(0) }), response: { 200: z.object({ pledge: Pledge }) } } },
    async (req) => ({ pledge: await commitPledge(ctx, req.actor, req.params.id, req.body.expectedTotal) }),
  );
}
