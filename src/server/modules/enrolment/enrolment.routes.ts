import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { receiveUpload } from '../../http/uploads.ts';
import { SHEET_CONTENT_TYPE } from '../../spreadsheet.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { RegionCodeParam } from '../programs/programs.routes.ts';
import { applyResults, checkResultsUpload, createBatch, ENROLMENT_FIELDS, getLayout, listBatches, setLayout, writeBatchFile } from './enrolment.service.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const Batch = z.object({
  id: z.number(),
  placements: z.number(),
  accepted: z.number(),
  declined: z.number(),
  pending: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
  resultsAt: z.string().nullable(),
});
const Layout = z.object({
  dateFormat: z.enum(['DD-MM-YYYY', 'DD/MM/YYYY', 'YYYY-MM-DD']),
  columns: z.array(z.object({ header: z.string(), field: z.enum(ENROLMENT_FIELDS) })),
});

export function enrolmentRoutes(app: ZodApp, { ctx, dataDir }: RouteDeps): void {
  const db = ctx.database.db;
  const uploads = path.join(dataDir, 'uploads');

  app.get('/api/programs/:regionCode/enrolment-batches', { schema: { tags: ['enrolment'], params: RegionCodeParam, response: { 200: z.object({ items: z.array(Batch) }) } } }, async (req) => {
    const program = await requireProgram(db, req.params.regionCode);
    return { items: await listBatches(ctx, req.actor, program.id) };
  });

  app.post(
    '/api/programs/:regionCode/enrolment-batches',
    { schema: { tags: ['enrolment'], summary: 'Put every approved placement not yet sent into a new batch', params: RegionCodeParam, response: { 201: z.object({ batch: Batch }) } } },
    async (req, reply) => {
      const program = await requireProgram(db, req.params.regionCode);
      return reply.status(201).send({ batch: await createBatch(ctx, req.actor, program.id) });
    },
  );

  app.get('/api/programs/:regionCode/enrolment-layout', { schema: { tags: ['enrolment'], params: RegionCodeParam, response: { 200: z.object({ layout: Layout }) } } }, async (req) => {
    const program = await requireProgram(db, req.params.regionCode);
    return { layout: await getLayout(ctx, req.actor, program.id) };
  });

  app.put(
    '/api/programs/:regionCode/enrolment-layout',
    { schema: { tags: ['enrolment'], params: RegionCodeParam, body: z.record(z.string(), z.unknown()), response: { 200: z.object({ layout: Layout }) } } },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      return { layout: await setLayout(ctx, req.actor, program.id, req.body) };
    },
  );

  // The file is built whole before anything is sent (a batch is thousands of rows at most), so a
  // refusal is a clean 403, never a cut-off download.
  app.get(
    '/api/enrolment-batches/:id/file',
    { schema: { tags: ['enrolment'], summary: 'The batch file for collective registration (whole NIKs; audited)', params: IdParam, querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }) } },
    async (req, reply) => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      await writeBatchFile(ctx, req.actor, req.params.id, req.query.format, out);
      return reply
        .header('content-type', SHEET_CONTENT_TYPE[req.query.format])
        .header('content-disposition', `attachment; filename="pendaftaran-bpjstk-batch-${req.params.id}.${req.query.format}"`)
        .header('cache-control', 'no-store')
        .send(Buffer.concat(chunks));
    },
  );

  app.post(
    '/api/enrolment-batches/:id/results',
    { schema: { tags: ['enrolment'], summary: "Apply BPJS TK's results file (CSV or XLSX): all rows or none", params: IdParam, consumes: ['multipart/form-data'] } },
    async (req) => {
      await checkResultsUpload(ctx, req.actor, req.params.id);
      const saved = await receiveUpload(req, uploads, 'IMPORT_FILE_MISSING');
      try {
        return await applyResults(ctx, req.actor, req.params.id, saved.path);
      } finally {
        fs.rmSync(saved.path, { force: true });
      }
    },
  );
}
