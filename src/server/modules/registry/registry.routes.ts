import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { RegionCodeParam } from '../programs/programs.routes.ts';
import { getWorkerDetail, listWorkers } from './registry.service.ts';

const WorkerRow = z.object({
  id: z.number(),
  nik: z.string(),
  name: z.string(),
  birthDate: z.string().nullable(),
  sex: z.string().nullable(),
  kelurahanCode: z.string().nullable(),
  kelurahanName: z.string().nullable(),
  kecamatanName: z.string().nullable(),
  occupationCode: z.string().nullable(),
  desil: z.number().nullable(),
  coverageStatus: z.string(),
  warnings: z.array(z.string()),
  hasConsent: z.boolean(),
  lifeStatus: z.string(),
});

const ListQuery = z.object({
  /** A fragment of a name, or a whole NIK (16 digits: exact match). */
  q: z.string().max(100).optional(),
  kecamatan: z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/).optional(),
  kelurahan: z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/).optional(),
  desil: z
    .string()
    .regex(/^(10|[1-9])(,(10|[1-9]))*$/)
    .optional(),
  occupation: z.string().max(40).optional(),
  coverage: z.enum(['none', 'active', 'inactive']).optional(),
  consent: z.enum(['given', 'missing']).optional(),
  cursor: z.string().regex(/^[0-9a-z]{1,12}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function registryRoutes(app: ZodApp, { database, ctx }: RouteDeps): void {
  app.get(
    '/api/programs/:regionCode/workers',
    {
      schema: {
        tags: ['registry'],
        params: RegionCodeParam,
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(WorkerRow), nextCursor: z.string().nullable(), total: z.number(), totalCapped: z.boolean() }) },
      },
    },
    async (req) => {
      const program = await requireProgram(database.db, req.params.regionCode);
      const q = req.query;
      return listWorkers(ctx, req.actor, {
        programId: program.id,
        q: q.q,
        kecamatan: q.kecamatan,
        kelurahan: q.kelurahan,
        desil: q.desil?.split(',').map(Number),
        occupation: q.occupation,
        coverage: q.coverage,
        consent: q.consent,
        cursor: q.cursor,
        limit: q.limit,
      });
    },
  );

  app.get(
    '/api/workers/:id',
    { schema: { tags: ['registry'], params: z.object({ id: z.coerce.number().int().positive() }) } },
    async (req) => getWorkerDetail(ctx, req.actor, req.params.id),
  );
}
