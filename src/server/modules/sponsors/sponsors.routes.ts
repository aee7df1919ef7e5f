import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { RegionCodeParam } from '../programs/programs.routes.ts';
import { createSponsor, getSponsor, listSponsors, SPONSOR_FUNDINGS, SPONSOR_KINDS } from './sponsors.service.ts';

const Kelurahan = z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/);

const Sponsor = z.object({ id: z.number(), programId: z.number(), kind: z.enum(SPONSOR_KINDS), name: z.string(), createdAt: z.string() });

export function sponsorRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const db = ctx.database.db;
  app.get('/api/programs/:regionCode/sponsors', { schema: { tags: ['sponsors'], params: RegionCodeParam, response: { 200: z.object({ items: z.array(Sponsor) }) } } }, async (req) => {
    const program = await requireProgram(db, req.params.regionCode);
    return { items: await listSponsors(ctx, req.actor, program.id) };
  });

  app.post(
    '/api/programs/:regionCode/sponsors',
    {
      schema: {
        tags: ['sponsors'],
        params: RegionCodeParam,
        body: z.object({
          kind: z.enum(SPONSOR_KINDS),
          name: z.string().max(300),
          funding: z.enum(SPONSOR_FUNDINGS).optional(),
          nib: z.string().max(20).optional(),
          address: z.string().max(300).optional(),
          addressKelurahan: Kelurahan.optional(),
          ring1: z.array(Kelurahan).max(500).optional(),
          ring2: z.array(Kelurahan).max(500).optional(),
          contactName: z.string().max(200).optional(),
          contactEmail: z.string().email().max(200).optional(),
        }),
        response: { 201: z.object({ sponsor: Sponsor }) },
      },
    },
    async (req, reply) => {
      const program = await requireProgram(db, req.params.regionCode);
      return reply.status(201).send({ sponsor: await createSponsor(ctx, req.actor, { programId: program.id, ...req.body }) });
    },
  );

  app.get('/api/sponsors/:id', { schema: { tags: ['sponsors'], params: z.object({ id: z.coerce.number().int().positive() }), response: { 200: z.object({ sponsor: Sponsor }) } } }, async (req) => ({
    sponsor: await getSponsor(ctx, req.actor, req.params.id),
  }));
}
