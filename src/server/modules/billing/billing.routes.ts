import { z } from 'zod';
import fs from 'node:fs';
import path from 'node:path';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { receiveUpload } from '../../http/uploads.ts';
import { authorize } from '../access/policies.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { RegionCodeParam } from '../programs/programs.routes.ts';
import { runBilling } from './billing.service.ts';
import { arrearsList, continuity, workerCover } from './cover.service.ts';
import { recordPayment, sponsorAccount, type PaymentInput } from './payments.service.ts';
import { reconcilePayments } from './reconcile.service.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const Run = z.object({ runId: z.number(), month: z.string(), lines: z.number(), invoices: z.number(), total: z.number(), lapsed: z.number() });
const Account = z.object({
  sponsorId: z.number(),
  invoiced: z.number(),
  paid: z.number(),
  outstanding: z.number(),
  credit: z.number(),
  invoices: z.array(
    z.object({
      id: z.number(),
      number: z.string(),
      period: z.string(),
      total: z.number(),
      paid: z.number(),
      status: z.enum(['paid', 'partial', 'open', 'void']),
      dueDate: z.string(),
      months: z.array(z.object({ month: z.string(), amount: z.number() })),
    }),
  ),
  payments: z.array(z.object({ id: z.number(), amount: z.number(), paidOn: z.string(), method: z.string(), reference: z.string().nullable(), createdBy: z.string() })),
});
const CoverMonth = z.object({ month: z.string(), status: z.enum(['paid', 'due', 'arrears', 'scheduled']), amount: z.number(), placementId: z.number(), sponsorName: z.string() });

export function billingRoutes(app: ZodApp, { ctx, dataDir }: RouteDeps): void {
  const db = ctx.database.db;

  app.post(
    '/api/programs/:regionCode/reconciliations',
    {
      schema: {
        tags: ['billing'],
        summary: 'Record the payments of a bank statement (CSV or XLSX): every row checked first, the same statement twice records nothing new',
        params: RegionCodeParam,
        consumes: ['multipart/form-data'],
        response: { 200: z.object({ recorded: z.number(), unchanged: z.number(), amount: z.number() }) },
      },
    },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      authorize(req.actor, 'payment.record', { programId: program.id });
      const saved = await receiveUpload(req, path.join(dataDir, 'uploads'), 'IMPORT_FILE_MISSING');
      try {
        return await reconcilePayments(ctx, req.actor, program.id, saved.path);
      } finally {
        fs.rmSync(saved.path, { force: true });
      }
    },
  );

  app.post(
    '/api/programs/:regionCode/billing-runs',
    { schema: { tags: ['billing'], summary: 'Bill a month for the whole programme (safe to run twice)', params: RegionCodeParam, body: z.object({ month: Month }), response: { 201: z.object({ run: Run }) } } },
    async (req, reply) => {
      const program = await requireProgram(db, req.params.regionCode);
      return reply.status(201).send({ run: await runBilling(ctx, req.actor, program.id, req.body.month) });
    },
  );

  app.get(
    '/api/programs/:regionCode/billing-runs',
    {
      schema: {
        tags: ['billing'],
        params: RegionCodeParam,
        response: { 200: z.object({ items: z.array(z.object({ id: z.number(), month: z.string(), lines: z.number(), invoices: z.number(), createdBy: z.string(), startedAt: z.string() })) }) },
      },
    },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      authorize(req.actor, 'billing.run', { programId: program.id });
      const rows = await db.selectFrom('billing_runs').selectAll().where('program_id', '=', program.id).orderBy('id', 'desc').limit(50).execute();
      return { items: rows.map((r) => ({ id: Number(r.id), month: r.month, lines: r.lines, invoices: r.invoices, createdBy: r.created_by, startedAt: new Date(r.started_at).toISOString() })) };
    },
  );

  app.get('/api/sponsors/:id/account', { schema: { tags: ['billing'], params: IdParam, response: { 200: Account } } }, async (req) => sponsorAccount(ctx, req.actor, req.params.id));

  // The body is checked in the service (PaymentInput), so the CLI and the bank-file import get the same errors.
  app.post(
    '/api/sponsors/:id/payments',
    {
      schema: {
        tags: ['billing'],
        summary: 'Record a payment received; the same idempotencyKey twice is one payment',
        params: IdParam,
        body: z.record(z.string(), z.unknown()),
        response: { 200: z.object({ paymentId: z.number(), duplicate: z.boolean(), account: Account }), 201: z.object({ paymentId: z.number(), duplicate: z.boolean(), account: Account }) },
      },
    },
    async (req, reply) => {
      const r = await recordPayment(ctx, req.actor, req.params.id, req.body as PaymentInput);
      return reply.status(r.duplicate ? 200 : 201).send(r);
    },
  );

  app.get(
    '/api/workers/:id/cover',
    {
      schema: {
        tags: ['billing'],
        params: IdParam,
        response: {
          200: z.object({
            months: z.array(CoverMonth),
            paidMonths: z.number(),
            longestPaidRun: z.number(),
            jkmFullBenefit: z.boolean(),
            countedForTargets: z.boolean(),
            arrearsRun: z.number(),
            membershipEnded: z.boolean(),
          }),
        },
      },
    },
    async (req) => workerCover(ctx, req.actor, req.params.id),
  );

  app.get(
    '/api/programs/:regionCode/continuity',
    {
      schema: {
        tags: ['billing'],
        summary: "The share of worker-months without a gap between sponsorships",
        params: RegionCodeParam,
        response: { 200: z.object({ workers: z.number(), workerMonths: z.number(), coveredMonths: z.number(), share: z.number(), workersWithGap: z.number() }) },
      },
    },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      return continuity(ctx, req.actor, program.id);
    },
  );

  app.get(
    '/api/programs/:regionCode/arrears',
    {
      schema: {
        tags: ['billing'],
        params: RegionCodeParam,
        response: {
          200: z.object({
            items: z.array(z.object({ placementId: z.number(), workerId: z.number(), workerName: z.string(), sponsorId: z.number(), sponsorName: z.string(), unpaidMonths: z.array(z.string()), amount: z.number() })),
          }),
        },
      },
    },
    async (req) => {
      const program = await requireProgram(db, req.params.regionCode);
      return { items: await arrearsList(ctx, req.actor, program.id) };
    },
  );
}
