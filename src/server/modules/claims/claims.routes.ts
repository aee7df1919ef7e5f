import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { RegionCodeParam } from '../programs/programs.routes.ts';
import { listClaims, recordClaim, type ClaimInput } from './claims.service.ts';

const Claim = z.object({
  id: z.number(),
  workerId: z.number(),
  workerName: z.string(),
  kpj: z.string().nullable(),
  sponsorId: z.number(),
  sponsorName: z.string(),
  type: z.enum(['JKK', 'JKM']),
  eventDate: z.string(),
  paidOn: z.string().nullable(),
  amountPaid: z.number(),
  note: z.string().nullable(),
  createdBy: z.string(),
});

export function claimRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const db = ctx.database.db;
  app.get('/api/programs/:regionCode/claims', { schema: { tags: ['claims'], params: RegionCodeParam, response: { 200: z.object({ items: z.array(Claim) }) } } }, async (req) => {
    const program = await requireProgram(db, req.params.regionCode);
    return { items: await listClaims(ctx, req.actor, program.id) };
  });

  // The body is checked in the service (ClaimInput).
  app.post(
    '/api/programs/:regionCode/claims',
    { schema: { tags: ['claims'], summary: 'Record a JKK or JKM claim paid for a covered worker (by KPJ number or worker)', params: RegionCodeParam, body: z.record(z.string(), z.unknown()), response: { 201: z.object({ claim: Claim }) } } },
    async (req, reply) => {
      const program = await requireProgram(db, req.params.regionCode);
      return reply.status(201).send({ claim: await recordClaim(ctx, req.actor, program.id, req.body as ClaimInput) });
    },
  );
}
