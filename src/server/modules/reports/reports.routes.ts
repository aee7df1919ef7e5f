import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { SHEET_CONTENT_TYPE } from '../../spreadsheet.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { RegionCodeParam } from '../programs/programs.routes.ts';
import { renderPdf, renderXlsx } from './render.ts';
import { issueProgramReport, issueSponsorReport, programReports, readReport, sponsorReports, verifyReport } from './reports.service.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const Report = z.object({
  id: z.string(),
  kind: z.enum(['csr', 'program', 'certificate']),
  sponsorId: z.number().nullable(),
  sponsorName: z.string().nullable(),
  periodFrom: z.string(),
  periodTo: z.string(),
  scheduled: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  code: z.string(),
});
const Figure = z.object({ key: z.string(), id: z.string(), en: z.string(), value: z.union([z.number(), z.string()]), unit: z.enum(['rupiah', 'percent']).optional() });
const Verification = z.union([
  z.object({
    valid: z.literal(true),
    kind: z.enum(['csr', 'program', 'certificate']),
    title: z.object({ id: z.string(), en: z.string() }),
    program: z.string(),
    regionName: z.string(),
    sponsor: z.string().nullable(),
    period: z.object({ from: z.string(), to: z.string() }),
    issued: z.string(),
    figures: z.array(Figure),
  }),
  z.object({ valid: z.literal(false) }),
]);

/** Where the QR code of a copy points: this server's verification page. */
const verifyUrl = (req: FastifyRequest, code: string) => `${req.protocol}://${req.host}/verifikasi/${code}`;

export function reportRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const db = ctx.database.db;

  app.get('/api/programs/:regionCode/reports', { schema: { tags: ['reports'], params: RegionCodeParam, response: { 200: z.object({ items: z.array(Report) }) } } }, async (req) => {
    const program = await requireProgram(db, req.params.regionCode);
    return { items: await programReports(ctx, req.actor, program.id) };
  });

  app.post(
    '/api/programs/:regionCode/reports',
    { schema: { tags: ['reports'], summary: "Issue the programme's report for a month (default: last month)", params: RegionCodeParam, body: z.object({ month: z.string().optional() }), response: { 201: z.object({ report: Report }) } } },
    async (req, reply) => {
      const program = await requireProgram(db, req.params.regionCode);
      return reply.status(201).send({ report: await issueProgramReport(ctx, req.actor, program.id, { kind: 'program', ...req.body }) });
    },
  );

  app.get('/api/sponsors/:id/reports', { schema: { tags: ['reports'], params: IdParam, response: { 200: z.object({ items: z.array(Report) }) } } }, async (req) => ({
    items: await sponsorReports(ctx, req.actor, req.params.id),
  }));

  app.post(
    '/api/sponsors/:id/reports',
    {
      schema: {
        tags: ['reports'],
        summary: "Issue a sponsor's CSR report (default: the last full quarter) or certificate of appreciation (default: this year so far)",
        params: IdParam,
        body: z.record(z.string(), z.unknown()),
        response: { 201: z.object({ report: Report }) },
      },
    },
    async (req, reply) => reply.status(201).send({ report: await issueSponsorReport(ctx, req.actor, req.params.id, req.body) }),
  );

  app.get(
    '/api/reports/:id/:file',
    { schema: { tags: ['reports'], summary: 'A copy of a report: report.pdf or report.xlsx', params: z.object({ id: z.string().regex(/^[a-z0-9]{16}$/), file: z.enum(['report.pdf', 'report.xlsx']) }) } },
    async (req, reply) => {
      const { view, content } = await readReport(ctx, req.actor, req.params.id);
      const url = verifyUrl(req, view.code);
      const pdf = req.params.file === 'report.pdf';
      const name = `${content.kind === 'program' ? 'laporan-program' : content.kind === 'csr' ? 'laporan-csr' : 'piagam'}-${view.periodFrom}${view.periodTo === view.periodFrom ? '' : `_${view.periodTo}`}-${view.id}.${pdf ? 'pdf' : 'xlsx'}`;
      return reply
        .header('content-type', pdf ? 'application/pdf' : SHEET_CONTENT_TYPE.xlsx)
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(pdf ? await renderPdf(content, url) : await renderXlsx(content, url));
    },
  );

  app.get(
    '/api/public/reports/:code',
    { config: { public: true }, schema: { tags: ['public'], summary: "Verify a report's QR code: its figures when genuine, { valid: false } otherwise", params: z.object({ code: z.string().max(64) }), response: { 200: Verification } } },
    async (req) => verifyReport(ctx, req.params.code),
  );
}
