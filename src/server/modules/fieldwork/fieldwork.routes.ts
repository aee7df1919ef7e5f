// Field work and data-subject requests over HTTP. NIKs travel in request bodies, never in URLs,
// so they stay out of access logs and browser history.
import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { RegionCodeParam } from '../programs/programs.routes.ts';
import { revealIdentity } from './reveal.service.ts';
import { eraseSubject, exportSubject, findSubject } from './subject-requests.service.ts';
import { correctWorker, LIFE_STATUSES, recordConsent, registerWorker, setLifeStatus, withdrawConsent } from './worker-edits.service.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const opt = (max: number) => z.string().max(max).nullable().optional();
const Fields = z.object({
  name: z.string().max(200).optional(),
  birthDate: opt(20),
  sex: z.enum(['L', 'P']).nullable().optional(),
  kelurahanCode: opt(20),
  rt: opt(10),
  rw: opt(10),
  street: opt(300),
  occupationCode: opt(40),
  phone: opt(30),
  desil: z.number().int().nullable().optional(),
  kkNumber: opt(30),
  kpjNumber: opt(30),
  bpjsStatus: opt(40),
});
const Consent = z.object({ purpose: z.string().max(300), legalBasis: z.string().max(300), method: z.string().max(100), collectedAt: z.string().max(40).optional() });

export function fieldworkRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const db = ctx.database.db;

  app.post(
    '/api/programs/:regionCode/workers',
    {
      schema: {
        tags: ['registry'],
        params: RegionCodeParam,
        body: Fields.extend({ nik: z.string().max(40), name: z.string().max(200), consent: Consent.optional() }),
        response: { 201: z.object({ id: z.number(), warnings: z.array(z.string()) }) },
      },
    },
    async (req, reply) => {
      const program = await requireProgram(db, req.params.regionCode);
      return reply.status(201).send(await registerWorker(ctx, req.actor, program.id, req.body));
    },
  );

  app.patch('/api/workers/:id', { schema: { tags: ['registry'], params: IdParam, body: Fields, response: { 200: z.object({ changed: z.array(z.string()) }) } } }, async (req) => ({
    changed: await correctWorker(ctx, req.actor, req.params.id, req.body),
  }));

  app.post('/api/workers/:id/consents', { schema: { tags: ['registry'], params: IdParam, body: Consent, response: { 201: z.object({ id: z.number() }) } } }, async (req, reply) =>
    reply.status(201).send({ id: await recordConsent(ctx, req.actor, req.params.id, req.body) }),
  );

  app.post('/api/consents/:id/withdraw', { schema: { tags: ['registry'], params: IdParam, body: z.object({ reason: z.string().max(500).default('') }) } }, async (req, reply) => {
    await withdrawConsent(ctx, req.actor, req.params.id, req.body.reason);
    return reply.status(204).send();
  });

  app.post(
    '/api/workers/:id/life-status',
    { schema: { tags: ['registry'], params: IdParam, body: z.object({ status: z.enum(LIFE_STATUSES), date: opt(20), note: opt(500) }) } },
    async (req, reply) => {
      await setLifeStatus(ctx, req.actor, req.params.id, req.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/workers/:id/reveal',
    {
      schema: {
        tags: ['registry'],
        params: IdParam,
        body: z.object({ reason: z.string().max(300) }),
        response: { 200: z.object({ workerId: z.number(), nik: z.string(), phone: z.string().nullable() }) },
      },
    },
    async (req, reply) => {
      const r = await revealIdentity(ctx, req.actor, req.params.id, req.body.reason);
      reply.header('cache-control', 'no-store');
      return { workerId: r.workerId, nik: r.nik, phone: r.phone };
    },
  );

  app.post(
    '/api/programs/:regionCode/subject-requests/find',
    {
      schema: {
        tags: ['subject requests'],
        params: RegionCodeParam,
        body: z.object({ nik: z.string().max(40) }),
        response: { 200: z.object({ subject: z.object({ workerId: z.number(), name: z.string(), nikMasked: z.string() }).nullable() }) },
      },
    },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      return { subject: await findSubject(ctx, req.actor, program.id, req.body.nik) };
    },
  );

  app.get('/api/workers/:id/subject-export', { schema: { tags: ['subject requests'], params: IdParam } }, async (req, reply) => {
    const doc = await exportSubject(ctx, req.actor, req.params.id);
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="data-pribadi-${req.params.id}.json"`)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(doc, null, 2));
  });

  app.post(
    '/api/workers/:id/erase',
    {
      schema: {
        tags: ['subject requests'],
        params: IdParam,
        body: z.object({ mode: z.enum(['erase', 'anonymise']), reason: z.string().max(500) }),
        response: { 200: z.object({ done: z.enum(['erased', 'anonymised']) }) },
      },
    },
    async (req) => eraseSubject(ctx, req.actor, req.params.id, req.body),
  );
}
