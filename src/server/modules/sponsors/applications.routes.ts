import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { listPrograms } from '../programs/programs.repository.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { RegionCodeParam } from '../programs/programs.routes.ts';
import { listRegionsUnder } from '../regions/regions.repository.ts';
import { applyAsSponsor, decideApplication, listApplications, type ApplicationInput } from './applications.service.ts';

const Application = z.object({
  id: z.number(),
  kind: z.string(),
  name: z.string(),
  nib: z.string().nullable(),
  sector: z.string().nullable(),
  address: z.string().nullable(),
  addressKelurahan: z.string().nullable(),
  contactName: z.string(),
  contactEmail: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  decisionNote: z.string().nullable(),
  sponsorId: z.number().nullable(),
  createdAt: z.string(),
});

export function applicationRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const db = ctx.database.db;

  // The public registration form: which programmes exist, and the kelurahan of one.
  app.get(
    '/api/public/programs',
    { config: { public: true }, schema: { tags: ['public'], response: { 200: z.object({ items: z.array(z.object({ regionCode: z.string(), name: z.string(), regionName: z.string() })) }) } } },
    async () => ({ items: (await listPrograms(db)).map((p) => ({ regionCode: p.regionCode, name: p.name, regionName: p.regionName })) }),
  );

  app.get(
    '/api/public/programs/:regionCode/kelurahan',
    {
      config: { public: true },
      schema: { tags: ['public'], params: RegionCodeParam, response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), kecamatan: z.string() })) }) } },
    },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      const regions = await listRegionsUnder(db, program.regionCode);
      const kecamatan = new Map(regions.filter((r) => r.level === 3).map((r) => [r.code, r.name]));
      return { items: regions.filter((r) => r.level === 4).map((r) => ({ code: r.code, name: r.name, kecamatan: kecamatan.get(r.parentCode ?? '') ?? '' })) };
    },
  );

  // The body is checked in the service (ApplicationInput); the password never comes back.
  app.post(
    '/api/public/sponsor-applications',
    {
      config: { public: true },
      schema: { tags: ['public'], summary: 'Apply to become a sponsor (an admin approves)', body: z.record(z.string(), z.unknown()), response: { 201: z.object({ id: z.number() }) } },
    },
    async (req, reply) => reply.status(201).send(await applyAsSponsor(ctx, req.body as ApplicationInput, req.ip ?? null)),
  );

  app.get(
    '/api/programs/:regionCode/sponsor-applications',
    {
      schema: {
        tags: ['sponsors'],
        params: RegionCodeParam,
        querystring: z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() }),
        response: { 200: z.object({ items: z.array(Application) }) },
      },
    },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      return { items: await listApplications(ctx, req.actor, program.id, req.query.status) };
    },
  );

  app.post(
    '/api/sponsor-applications/:id/decision',
    {
      schema: {
        tags: ['sponsors'],
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: z.object({ decision: z.enum(['approve', 'reject']), note: z.string().max(500).optional() }),
        response: { 200: z.object({ application: Application }) },
      },
    },
    async (req) => ({ application: await decideApplication(ctx, req.actor, req.params.id, { decision: req.body.decision, ...(req.body.note !== undefined ? { note: req.body.note } : {}) }) }),
  );
}
