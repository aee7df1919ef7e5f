import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { listRegionsUnder } from '../regions/regions.repository.ts';
import { listOccupations } from '../registry/registry.repository.ts';
import { listProgramsFor, openProgram } from './programs.service.ts';

const Program = z.object({ id: z.number(), regionCode: z.string(), regionName: z.string(), name: z.string(), legalBasis: z.string() });
export const RegionCodeParam = z.object({ regionCode: z.string().regex(/^\d{2}\.\d{2}$/) });

// Programs are created by the operator with `sekitar program create`; the API lists and opens them.
export function programRoutes(app: ZodApp, { database }: RouteDeps): void {
  app.get('/api/programs', { schema: { tags: ['programs'], response: { 200: z.object({ items: z.array(Program) }) } } }, async (req) => ({
    items: await listProgramsFor(database.db, req.actor),
  }));

  app.get(
    '/api/programs/:regionCode/regions',
    {
      schema: {
        tags: ['programs'],
        params: RegionCodeParam,
        response: {
          200: z.object({
            kecamatan: z.array(z.object({ code: z.string(), name: z.string(), kelurahan: z.array(z.object({ code: z.string(), name: z.string() })) })),
          }),
        },
      },
    },
    async (req) => {
      const program = await openProgram(database.db, req.actor, req.params.regionCode);
      const regions = await listRegionsUnder(database.db, program.regionCode);
      const kecamatan = regions
        .filter((r) => r.level === 3)
        .map((k) => ({
          code: k.code,
          name: k.name,
          kelurahan: regions.filter((r) => r.level === 4 && r.parentCode === k.code).map((r) => ({ code: r.code, name: r.name })),
        }));
      return { kecamatan };
    },
  );

  app.get(
    '/api/occupations',
    {
      schema: {
        tags: ['registry'],
        response: { 200: z.object({ items: z.array(z.object({ code: z.string(), nameId: z.string(), nameEn: z.string(), sector: z.string() })) }) },
      },
    },
    async () => ({ items: await listOccupations(database.db) }),
  );
}
