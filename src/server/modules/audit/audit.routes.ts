import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { RegionCodeParam } from '../programs/programs.routes.ts';
import { authorize } from '../access/policies.ts';
import { exportAuditCsv, listAudit } from './audit.service.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Filter = z.object({
  action: z.string().max(60).optional(),
  entity: z.string().max(40).optional(),
  entityId: z.string().max(40).optional(),
  actorUserId: z.coerce.number().int().positive().optional(),
  from: Day.optional(),
  to: Day.optional(),
});

const Entry = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  actorUserId: z.number().nullable(),
  actorEmail: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});

export function auditRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const db = ctx.database.db;
  app.get(
    '/api/programs/:regionCode/audit',
    {
      schema: {
        tags: ['audit'],
        params: RegionCodeParam,
        querystring: Filter.extend({ beforeId: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ items: z.array(Entry), nextBeforeId: z.number().nullable() }) },
      },
    },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      return listAudit(ctx, req.actor, { ...req.query, programId: program.id });
    },
  );

  app.get('/api/programs/:regionCode/audit.csv', { schema: { tags: ['audit'], params: RegionCodeParam, querystring: Filter } }, async (req, reply) => {
    const program = await requireProgram(db, req.params.regionCode);
    // Checked before the response starts, so a refusal is a 403 and not a broken download.
    authorize(req.actor, 'audit.read', { programId: program.id });
    const body = new PassThrough();
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="jejak-audit-${program.regionCode}.csv"`);
    void exportAuditCsv(ctx, req.actor, { ...req.query, programId: program.id }, body).catch((e: unknown) => body.destroy(e as Error));
    return reply.send(body);
  });
}
