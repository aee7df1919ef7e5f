import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { receiveUpload } from '../../http/uploads.ts';
import { SHEET_CONTENT_TYPE, sheetBuffer } from '../../spreadsheet.ts';
import { authorize } from '../access/policies.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { RegionCodeParam } from '../programs/programs.routes.ts';
import { programDashboard, publicSummary, simulateTarget, type ProgramDashboard, type PublicSummary } from './dashboard.service.ts';
import { deleteTarget, importFigures, listFigures, listTargets, readBoundaries, setFigure, setTarget, uploadBoundaries, type FigureKind } from './figures.service.ts';
import { setPublicity, sponsorImpact } from './impact.service.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const YearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
const Figure = z.object({ total: z.number(), formal: z.number().nullable(), informal: z.number().nullable() });
const Progress = z.object({
  percent: z.number().nullable(),
  targetPercent: z.number().nullable(),
  targetParticipants: z.number().nullable(),
  missing: z.number().nullable(),
  reached: z.boolean().nullable(),
  targetYear: z.number().nullable(),
});
const TrendRow = z.object({
  month: z.string(),
  covered: z.number(),
  places: z.number(),
  renewals: z.number(),
  lapsed: z.number(),
  claims: z.number(),
  pledged: z.number(),
  invoiced: z.number(),
  paid: z.number(),
  benefits: z.number(),
});
const Dashboard = z.object({
  program: z.object({ id: z.number(), name: z.string(), regionCode: z.string(), regionName: z.string() }),
  year: z.number(),
  asOf: z.string(),
  headline: z.object({
    workforce: Figure.extend({ period: z.string(), source: z.string() }).nullable(),
    participants: Figure.extend({ period: z.string(), source: z.string() }).nullable(),
    ucj: Progress,
    bpu: Progress,
    kampungTargetPercent: z.number().nullable(),
    kampungReached: z.number(),
    kelurahan: z.number(),
  }),
  programme: z.object({
    coveredNow: z.number(),
    registered: z.number(),
    workerMonths: z.number(),
    sponsors: z.number(),
    pledged: z.number(),
    places: z.number(),
    invoiced: z.number(),
    paid: z.number(),
    renewals: z.number(),
    lapsed: z.number(),
    claims: z.number(),
    benefits: z.number(),
  }),
  trend: z.array(TrendRow),
  regions: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      level: z.union([z.literal(3), z.literal(4)]),
      parentCode: z.string(),
      workforce: Figure.nullable(),
      participants: Figure.nullable(),
      registered: z.number(),
      covered: z.number(),
      ucjPercent: z.number().nullable(),
      informalPercent: z.number().nullable(),
      informalBasis: z.object({ covered: z.enum(['insurer', 'programme']), universe: z.enum(['workforce', 'registry']) }),
      kampung: z.enum(['reached', 'not_yet']).nullable(),
    }),
  ),
  hasBoundaries: z.boolean(),
  generatedAt: z.string(),
});
const PublicSummarySchema = z.object({
  program: z.object({ name: z.string(), regionCode: z.string(), regionName: z.string() }),
  year: z.number(),
  asOf: z.string(),
  ucj: z.object({ percent: z.number().nullable(), targetPercent: z.number().nullable(), targetYear: z.number().nullable(), participantsPeriod: z.string().nullable(), workforcePeriod: z.string().nullable() }),
  coveredNow: z.number().nullable(),
  workerMonths: z.number().nullable(),
  sponsors: z.number().nullable(),
  namedSponsors: z.array(z.string()),
  kecamatan: z.array(z.object({ code: z.string(), name: z.string(), covered: z.number().nullable(), registered: z.number().nullable(), ucjPercent: z.number().nullable(), informalPercent: z.number().nullable() })),
  kampungReached: z.number(),
});
const FigureRow = z.object({ kind: z.enum(['workforce', 'participants']), period: z.string(), regionCode: z.string(), total: z.number(), formal: z.number().nullable(), informal: z.number().nullable(), source: z.string() });
const TargetRow = z.object({ id: z.number(), year: z.number(), indicator: z.enum(['ucj', 'bpu', 'kampung']), regionCode: z.string(), percent: z.number().nullable(), participants: z.number().nullable(), basis: z.string().nullable() });
const Impact = z.object({
  sponsor: z.object({ id: z.number(), name: z.string(), namedPublicly: z.boolean() }),
  asOf: z.string(),
  pledged: z.object({ pledges: z.number(), places: z.number(), workerMonths: z.number(), amount: z.number() }),
  workers: z.object({ enrolled: z.number(), coveredNow: z.number() }),
  workerMonths: z.object({ funded: z.number(), scheduled: z.number() }),
  money: z.object({ invoiced: z.number(), paid: z.number() }),
  claims: z.object({ count: z.number(), benefits: z.number(), jkk: z.number(), jkm: z.number() }),
  trend: z.array(z.object({ month: z.string(), covered: z.number(), invoiced: z.number(), paid: z.number() })),
  pledges: z.array(z.object({ id: z.number(), startMonth: z.string(), months: z.number(), places: z.number(), enrolled: z.number(), amount: z.number(), invoiced: z.number() })),
});

/** The tables beside the dashboard's charts, as CSV: the same numbers as the JSON. */
const DASHBOARD_TABLES = {
  trend: {
    header: ['Bulan/Month', 'Pekerja terlindungi/Covered workers', 'Kuota komitmen/Places pledged', 'Komitmen Rp/Pledged Rp', 'Ditagih Rp/Invoiced Rp', 'Dibayar Rp/Paid Rp', 'Perpanjangan/Renewals', 'Berhenti/Lapsed', 'Klaim/Claims', 'Manfaat Rp/Benefits Rp'],
    rows: (d: ProgramDashboard) => d.trend.map((t) => [t.month, t.covered, t.places, t.pledged, t.invoiced, t.paid, t.renewals, t.lapsed, t.claims, t.benefits]),
  },
  regions: {
    header: ['Kode/Code', 'Wilayah/Region', 'Tingkat/Level', 'Angkatan kerja/Workforce', 'Peserta BPJS TK/Participants', 'Cakupan/Coverage %', 'Terdaftar/Registered', 'Terlindungi program/Covered by the programme', 'Cakupan informal/Informal coverage %', 'Kampung Sadar Jamsostek'],
    rows: (d: ProgramDashboard) =>
      d.regions.map((r) => [
        r.code,
        r.name,
        r.level === 3 ? 'kecamatan' : 'kelurahan',
        r.workforce?.total ?? '',
        r.participants?.total ?? '',
        r.ucjPercent === null ? '' : r.ucjPercent.toFixed(1),
        r.registered,
        r.covered,
        r.informalPercent === null ? '' : r.informalPercent.toFixed(1),
        r.kampung === 'reached' ? 'tercapai/reached' : r.kampung === 'not_yet' ? 'belum/not yet' : '',
      ]),
  },
} as const;

const publicRows = (s: PublicSummary) =>
  s.kecamatan.map((k) => [k.code, k.name, k.covered ?? '<5', k.registered ?? '<5', k.ucjPercent === null ? '' : k.ucjPercent.toFixed(1), k.informalPercent === null ? '' : k.informalPercent.toFixed(1)]);
const PUBLIC_HEADER = ['Kode/Code', 'Kecamatan', 'Terlindungi program/Covered by the programme', 'Terdaftar/Registered', 'Cakupan/Coverage %', 'Cakupan informal/Informal coverage %'];

/** A cached value written out once: its JSON, and that JSON gzipped (what browsers ask for). */
const serialized = new WeakMap<object, { json: string; gzip: Buffer }>();
function serializedOnce(value: object): { json: string; gzip: Buffer } {
  let out = serialized.get(value);
  if (out === undefined) {
    const json = JSON.stringify(value);
    serialized.set(value, (out = { json, gzip: gzipSync(json) }));
  }
  return out;
}

export function indicatorRoutes(app: ZodApp, { ctx, dataDir }: RouteDeps): void {
  const db = ctx.database.db;
  // A programme's id for its region code never changes (programmes are never deleted or moved).
  const programIds = new Map<string, number>();
  const programIdOf = async (regionCode: string) => {
    let id = programIds.get(regionCode);
    if (id === undefined) programIds.set(regionCode, (id = (await requireProgram(db, regionCode)).id));
    return id;
  };

  app.get(
    '/api/programs/:regionCode/dashboard',
    { schema: { tags: ['indicators'], summary: 'Coverage against targets, trend by month, regions (from running totals; cached until figures change)', params: RegionCodeParam, querystring: YearQuery, response: { 200: Dashboard } } },
    async (req, reply) => {
      const programId = await programIdOf(req.params.regionCode);
      // The same cached dashboard is written out (and gzipped) once: the response schema documents
      // it, and the bytes are sent as they are (checking 50 regions against the schema, and
      // writing 30 KB, per request cost more than everything else the route does).
      const body = serializedOnce(await programDashboard(ctx, req.actor, programId, req.query.year));
      reply.type('application/json').header('vary', 'accept-encoding');
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(body.gzip as never);
      return reply.send(body.json as never);
    },
  );

  app.get(
    '/api/programs/:regionCode/dashboard/:table',
    { schema: { tags: ['indicators'], summary: 'A dashboard table as CSV: trend.csv or regions.csv', params: RegionCodeParam.extend({ table: z.enum(['trend.csv', 'regions.csv']) }), querystring: YearQuery } },
    async (req, reply) => {
      const program = await requireProgram(db, req.params.regionCode);
      const d = await programDashboard(ctx, req.actor, program.id, req.query.year);
      const table = DASHBOARD_TABLES[req.params.table === 'trend.csv' ? 'trend' : 'regions'];
      const name = `${req.params.table.replace('.csv', '')}-${program.regionCode.replace('.', '')}-${d.year}.csv`;
      return reply
        .header('content-type', SHEET_CONTENT_TYPE.csv)
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(await sheetBuffer('csv', 'data', [...table.header], table.rows(d)));
    },
  );

  app.post(
    '/api/programs/:regionCode/simulations',
    {
      schema: {
        tags: ['indicators'],
        summary: 'How many more workers, and how many rupiah a month at the rates in force, to reach a target by a month',
        params: RegionCodeParam,
        body: z.record(z.string(), z.unknown()),
        response: {
          200: z.object({
            current: z.number(),
            currentPeriod: z.string(),
            target: z.number(),
            targetBasis: z.enum(['participants', 'percent']),
            months: z.number(),
            priceMonth: z.string(),
            basePerWorker: z.number(),
            payablePerWorker: z.number(),
            workers: z.number(),
            monthlyBase: z.number(),
            monthlyPayable: z.number(),
            perMonth: z.number(),
            rampBase: z.number(),
            rampPayable: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      return simulateTarget(ctx, req.actor, program.id, req.body);
    },
  );

  app.get('/api/programs/:regionCode/figures', { schema: { tags: ['indicators'], params: RegionCodeParam, response: { 200: z.object({ items: z.array(FigureRow) }) } } }, async (req) => {
    const program = await requireProgram(db, req.params.regionCode);
    return { items: await listFigures(ctx, req.actor, program.id) };
  });

  app.post(
    '/api/programs/:regionCode/figures',
    { schema: { tags: ['indicators'], summary: 'Enter (or replace) one workforce or participants figure', params: RegionCodeParam, body: z.record(z.string(), z.unknown()), response: { 200: z.object({ figure: FigureRow }) } } },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      return { figure: await setFigure(ctx, req.actor, program.id, req.body) };
    },
  );

  app.post(
    '/api/programs/:regionCode/figures/:kind/import',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Import workforce or participant figures (CSV/XLSX: region code, period, total, formal, informal/BPU); every row checked first',
        params: RegionCodeParam.extend({ kind: z.enum(['workforce', 'participants']) }),
        consumes: ['multipart/form-data'],
        response: { 200: z.object({ kind: z.enum(['workforce', 'participants']), rows: z.number(), periods: z.array(z.string()) }) },
      },
    },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      const kind = req.params.kind as FigureKind;
      authorize(req.actor, kind === 'workforce' ? 'indicators.manage' : 'participants.import', { programId: program.id });
      const saved = await receiveUpload(req, path.join(dataDir, 'uploads'), 'IMPORT_FILE_MISSING');
      try {
        return await importFigures(ctx, req.actor, program.id, kind, saved.path, saved.fields.source ?? saved.name);
      } finally {
        fs.rmSync(saved.path, { force: true });
      }
    },
  );

  app.get('/api/programs/:regionCode/targets', { schema: { tags: ['indicators'], params: RegionCodeParam, response: { 200: z.object({ items: z.array(TargetRow) }) } } }, async (req) => {
    const program = await requireProgram(db, req.params.regionCode);
    authorize(req.actor, 'indicators.read', { programId: program.id });
    return { items: await listTargets(db, program.id) };
  });

  app.put(
    '/api/programs/:regionCode/targets',
    { schema: { tags: ['indicators'], summary: "Set a year's target (percentage and/or participants)", params: RegionCodeParam, body: z.record(z.string(), z.unknown()), response: { 200: z.object({ target: TargetRow }) } } },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      return { target: await setTarget(ctx, req.actor, program.id, req.body) };
    },
  );

  app.delete('/api/programs/:regionCode/targets/:id', { schema: { tags: ['indicators'], params: RegionCodeParam.extend({ id: z.coerce.number().int().positive() }) } }, async (req, reply) => {
    const program = await requireProgram(db, req.params.regionCode);
    await deleteTarget(ctx, req.actor, program.id, req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/programs/:regionCode/boundaries', { schema: { tags: ['indicators'], summary: 'The uploaded region boundaries (GeoJSON), 404 when none', params: RegionCodeParam } }, async (req, reply) => {
    const program = await requireProgram(db, req.params.regionCode);
    const geojson = await readBoundaries(ctx, req.actor, program.id);
    if (geojson === null) return reply.status(404).send({ code: 'BOUNDARIES_NONE', message: 'Belum ada batas wilayah / no boundaries uploaded' });
    return reply.header('content-type', 'application/geo+json').send(geojson);
  });

  app.put(
    '/api/programs/:regionCode/boundaries',
    { schema: { tags: ['indicators'], summary: 'Upload region boundaries: a GeoJSON FeatureCollection keyed by Kemendagri code', params: RegionCodeParam, consumes: ['multipart/form-data'], response: { 200: z.object({ features: z.number() }) } } },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      authorize(req.actor, 'indicators.manage', { programId: program.id });
      const saved = await receiveUpload(req, path.join(dataDir, 'uploads'), 'IMPORT_FILE_MISSING');
      try {
        return await uploadBoundaries(ctx, req.actor, program.id, fs.readFileSync(saved.path, 'utf8'));
      } finally {
        fs.rmSync(saved.path, { force: true });
      }
    },
  );

  app.get('/api/sponsors/:id/impact', { schema: { tags: ['indicators'], summary: "A sponsor's dashboard: workers covered, months funded, money paid, claims paid", params: IdParam, response: { 200: Impact } } }, async (req) =>
    sponsorImpact(ctx, req.actor, req.params.id),
  );

  app.put(
    '/api/sponsors/:id/publicity',
    { schema: { tags: ['indicators'], summary: 'Whether the public page names this sponsor', params: IdParam, body: z.object({ namedPublicly: z.boolean() }), response: { 200: z.object({ namedPublicly: z.boolean() }) } } },
    async (req) => {
      await setPublicity(ctx, req.actor, req.params.id, req.body.namedPublicly);
      return { namedPublicly: req.body.namedPublicly };
    },
  );

  // Open data: the same aggregates as the public page, without login; no count under 5.
  app.get(
    '/api/public/programs/:regionCode/summary',
    { config: { public: true }, schema: { tags: ['public'], summary: 'Coverage by kecamatan, progress against target, sponsors and workers covered (counts under 5 withheld)', params: RegionCodeParam, response: { 200: PublicSummarySchema } } },
    async (req) => publicSummary(ctx, req.params.regionCode),
  );

  app.get(
    '/api/public/programs/:regionCode/summary.csv',
    { config: { public: true }, schema: { tags: ['public'], summary: 'Coverage by kecamatan as CSV (counts under 5 written <5)', params: RegionCodeParam } },
    async (req, reply) => {
      const s = await publicSummary(ctx, req.params.regionCode);
      return reply
        .header('content-type', SHEET_CONTENT_TYPE.csv)
        .header('content-disposition', `attachment; filename="cakupan-${s.program.regionCode.replace('.', '')}.csv"`)
        .send(await sheetBuffer('csv', 'data', PUBLIC_HEADER, publicRows(s)));
    },
  );
}
