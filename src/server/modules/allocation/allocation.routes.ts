import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { RegionCodeParam } from '../programs/programs.routes.ts';
import { CRITERIA } from './allocate.ts';
import { decidePlacements, getAllocationCriteria, listPlacements, listPledgePlacements, runAllocation, setAllocationCriteria } from './allocation.service.ts';

const STATUSES = ['proposed', 'approved', 'rejected', 'enrolled', 'declined', 'lapsed'] as const;
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

const Run = z.object({
  runId: z.number(),
  criteria: z.array(z.enum(CRITERIA)),
  candidates: z.number(),
  proposed: z.number(),
  pledges: z.array(z.object({ pledgeId: z.number(), sponsorId: z.number(), slots: z.number(), proposed: z.number() })),
});

const Placement = z.object({
  id: z.number(),
  pledgeId: z.number(),
  sponsorId: z.number(),
  sponsorName: z.string(),
  workerId: z.number(),
  workerName: z.string(),
  nik: z.string().nullable(),
  kelurahanCode: z.string().nullable(),
  kelurahanName: z.string().nullable(),
  occupationCode: z.string().nullable(),
  start: z.string(),
  months: z.number(),
  status: z.enum(STATUSES),
  rank: z.number(),
  reason: z.object({
    named: z.boolean(),
    continuity: z.boolean(),
    desil: z.number().nullable(),
    proximity: z.enum(['ring1', 'ring2', 'area']),
    preference: z.boolean().nullable(),
    waitingSince: z.string(),
  }),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
const Page = z.object({ items: z.array(Placement), total: z.number() });
const ListQuery = z.object({
  status: z.enum(STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export function allocationRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const db = ctx.database.db;
  const Criteria = z.object({ criteria: z.array(z.enum(CRITERIA)) });

  app.get('/api/programs/:regionCode/allocation-criteria', { schema: { tags: ['allocation'], params: RegionCodeParam, response: { 200: Criteria } } }, async (req) => {
    const program = await requireProgram(db, req.params.regionCode);
    return { criteria: await getAllocationCriteria(ctx, req.actor, program.id) };
  });

  app.put(
    '/api/programs/:regionCode/allocation-criteria',
    { schema: { tags: ['allocation'], summary: "The programme's priority order for allocation", params: RegionCodeParam, body: z.record(z.string(), z.unknown()), response: { 200: Criteria } } },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      return { criteria: await setAllocationCriteria(ctx, req.actor, program.id, req.body) };
    },
  );

  app.post(
    '/api/programs/:regionCode/allocation-runs',
    {
      schema: {
        tags: ['allocation'],
        summary: 'Propose workers for the open pledges (all, or the ones given)',
        params: RegionCodeParam,
        body: z.object({ pledgeIds: z.array(z.number().int().positive()).max(5000).optional(), asOf: Month.optional() }),
        response: { 201: z.object({ run: Run }) },
      },
    },
    async (req, reply) => {
      const program = await requireProgram(db, req.params.regionCode);
      const opts = { ...(req.body.pledgeIds ? { pledgeIds: req.body.pledgeIds } : {}), ...(req.body.asOf ? { asOf: req.body.asOf } : {}) };
      return reply.status(201).send({ run: await runAllocation(ctx, req.actor, program.id, opts) });
    },
  );

  app.get(
    '/api/programs/:regionCode/placements',
    { schema: { tags: ['allocation'], params: RegionCodeParam, querystring: ListQuery.extend({ pledgeId: z.coerce.number().int().positive().optional() }), response: { 200: Page } } },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      const { pledgeId, status, limit, offset } = req.query;
      return listPlacements(ctx, req.actor, program.id, { ...(pledgeId ? { pledgeId } : {}), ...(status ? { status } : {}), limit, offset });
    },
  );

  app.get(
    '/api/pledges/:id/placements',
    { schema: { tags: ['allocation'], params: z.object({ id: z.coerce.number().int().positive() }), querystring: ListQuery, response: { 200: Page } } },
    async (req) => {
      const { status, limit, offset } = req.query;
      return listPledgePlacements(ctx, req.actor, req.params.id, { ...(status ? { status } : {}), limit, offset });
    },
  );

  app.post(
    '/api/programs/:regionCode/placements/decisions',
    {
      schema: {
        tags: ['allocation'],
        summary: 'Approve proposed placements, or reject them with a reason',
        params: RegionCodeParam,
        body: z.object({ ids: z.array(z.number().int().positive()).min(1).max(5000), decision: z.enum(['approve', 'reject']), note: z.string().max(500).optional() }),
        response: { 200: z.object({ decided: z.number(), skipped: z.number() }) },
      },
    },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      return decidePlacements(ctx, req.actor, program.id, { ids: req.body.ids, decision: req.body.decision, ...(req.body.note !== undefined ? { note: req.body.note } : {}) });
    },
  );
}
