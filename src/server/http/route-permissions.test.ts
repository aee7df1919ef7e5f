// The route-permission matrix: for every API route, every role, and an actor of the same role in
// another program (or of another sponsor, or for other kelurahan), the exact outcome: allowed (the
// route's success status) or denied (403; 401 without a session). A route missing from the matrix
// fails the test, so every new route is born with its permission entry.
//
// Permission checks do not depend on the database engine: this runs on the embedded one.
import fs from 'node:fs';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context.ts';
import { openTestDatabase } from '../../../test/db.ts';
import { testContext } from '../../../test/context.ts';
import { logIn, type Session } from '../../../test/http-session.ts';
import { nik, tmpDir, writeCsv } from '../../../test/import-helpers.ts';
import { findNiks } from '../../../test/no-nik.ts';
import { systemActor, type Role } from '../modules/access/actor.ts';
import { createUser } from '../modules/access/users.service.ts';
import { seedDemo } from '../modules/demo/demo.service.ts';
import { createImport, finishImport, stageImport } from '../modules/imports/imports.service.ts';
import { createSponsor } from '../modules/sponsors/sponsors.service.ts';
import { applyAsSponsor } from '../modules/sponsors/applications.service.ts';
import { recordConsent, registerWorker } from '../modules/fieldwork/worker-edits.service.ts';
import { commitPledge, createPledge } from '../modules/pledges/pledges.service.ts';
import { decidePlacements, runAllocation } from '../modules/allocation/allocation.service.ts';
import { createBatch } from '../modules/enrolment/enrolment.service.ts';
import { revealWorkerIdentity } from '../modules/registry/registry.service.ts';
import { setTarget } from '../modules/indicators/figures.service.ts';
import { issueSponsorReport } from '../modules/reports/reports.service.ts';
import { buildApp, type App } from './app.ts';

const op = systemActor('test');
const PASSWORD = 'kata-sandi-uji-123';

// Actors: each role in Cilegon (the program every request targets), the same role elsewhere.
const ACTORS = ['anonymous', 'adminA', 'adminB', 'insurerA', 'insurerB', 'sponsorA1', 'sponsorA2', 'sponsorB', 'agentA', 'agentA2', 'agentB'] as const;
type ActorName = (typeof ACTORS)[number];
const LOGGED_IN = ACTORS.filter((a) => a !== 'anonymous');
const IN_A = ['adminA', 'insurerA', 'sponsorA1', 'sponsorA2', 'agentA', 'agentA2'] as const;

interface Fixtures {
  workerA: number;
  kelurahanA: string;
  freshConsent(): Promise<number>;
  freshWorker(): Promise<number>;
  freshPledge(): Promise<number>;
  /** A committed pledge of sponsorA1, for allocation. */
  committedPledge: number;
  freshCommittedPledge(): Promise<number>;
  freshApplication(): Promise<number>;
  /** An enrolment batch of programme A, and a results file for it. */
  batchA: number;
  resultsFile: string;
  importA: number;
  sponsorA1: number;
  victimUser: number;
  uploadFile: string;
  freshRole(): Promise<number>;
  stagedImport(): Promise<number>;
  freshTarget(): Promise<number>;
  /** A CSR report of sponsorA1, and its verification code. */
  sponsorReport: string;
  sponsorReportCode: string;
}

interface Entry {
  /** Who gets through. Everyone else: 403, or 401 without a session (unless public). */
  allow: readonly ActorName[];
  ok: number;
  request(f: Fixtures): Promise<InjectOptions> | InjectOptions;
  public?: boolean;
  /** Run each call on a new session (the call ends its session). */
  freshSession?: boolean;
}

function multipart(file: string): Pick<InjectOptions, 'payload' | 'headers'> {
  const boundary = '----matrix' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nDESA\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="desa.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    fs.readFileSync(file),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

let seq = 0;
const MATRIX: Record<string, Entry> = {
  'GET /api/health': { allow: ACTORS, ok: 200, public: true, request: () => ({ url: '/api/health' }) },
  'POST /api/auth/login': {
    allow: ACTORS,
    ok: 200,
    public: true,
    request: () => ({ method: 'POST', url: '/api/auth/login', payload: { email: 'probe@cilegon.go.id', password: PASSWORD } }),
  },
  'GET /api/auth/session': { allow: ACTORS, ok: 200, public: true, request: () => ({ url: '/api/auth/session' }) },
  'POST /api/auth/logout': { allow: LOGGED_IN, ok: 204, freshSession: true, request: () => ({ method: 'POST', url: '/api/auth/logout' }) },
  // Reaching the route is the permission; the wrong current password then answers 400.
  'POST /api/auth/password': {
    allow: LOGGED_IN,
    ok: 400,
    request: () => ({ method: 'POST', url: '/api/auth/password', payload: { current: 'not-the-password', next: 'another-password-1' } }),
  },
  'GET /api/auth/sessions': { allow: LOGGED_IN, ok: 200, request: () => ({ url: '/api/auth/sessions' }) },
  // Only one's own sessions can be ended; a handle that is not one of them is not found (404).
  'DELETE /api/auth/sessions/:id': { allow: LOGGED_IN, ok: 404, request: () => ({ method: 'DELETE', url: '/api/auth/sessions/000000000000' }) },
  'GET /api/programs': { allow: LOGGED_IN, ok: 200, request: () => ({ url: '/api/programs' }) },
  'GET /api/programs/:regionCode/regions': { allow: IN_A, ok: 200, request: () => ({ url: '/api/programs/36.72/regions' }) },
  'GET /api/occupations': { allow: LOGGED_IN, ok: 200, request: () => ({ url: '/api/occupations' }) },
  'GET /api/programs/:regionCode/workers': { allow: ['adminA', 'insurerA', 'agentA', 'agentA2'], ok: 200, request: () => ({ url: '/api/programs/36.72/workers' }) },
  'GET /api/workers/:id': { allow: ['adminA', 'insurerA', 'agentA'], ok: 200, request: (f) => ({ url: `/api/workers/${f.workerA}` }) },
  'GET /api/programs/:regionCode/imports': { allow: ['adminA'], ok: 200, request: () => ({ url: '/api/programs/36.72/imports' }) },
  'POST /api/programs/:regionCode/imports': {
    allow: ['adminA'],
    ok: 201,
    request: (f) => ({ method: 'POST', url: '/api/programs/36.72/imports', ...multipart(f.uploadFile) }),
  },
  'GET /api/imports/:id': { allow: ['adminA'], ok: 200, request: (f) => ({ url: `/api/imports/${f.importA}` }) },
  'GET /api/imports/:id/analysis': { allow: ['adminA'], ok: 200, request: (f) => ({ url: `/api/imports/${f.importA}/analysis` }) },
  'POST /api/imports/:id/dry-run': { allow: ['adminA'], ok: 202, request: async (f) => ({ method: 'POST', url: `/api/imports/${await f.stagedImport()}/dry-run`, payload: {} }) },
  'POST /api/imports/:id/commit': {
    allow: ['adminA'],
    ok: 202,
    request: async (f) => ({ method: 'POST', url: `/api/imports/${await f.stagedImport()}/commit`, payload: { validOnly: true } }),
  },
  'GET /api/imports/:id/errors.csv': { allow: ['adminA'], ok: 200, request: (f) => ({ url: `/api/imports/${f.importA}/errors.csv` }) },
  'GET /api/programs/:regionCode/users': { allow: ['adminA'], ok: 200, request: () => ({ url: '/api/programs/36.72/users' }) },
  'POST /api/programs/:regionCode/users': {
    allow: ['adminA'],
    ok: 201,
    request: () => ({ method: 'POST', url: '/api/programs/36.72/users', payload: { email: `new${++seq}@cilegon.go.id`, name: 'Baru', role: 'insurer' } }),
  },
  'POST /api/users/:id/password-reset': { allow: ['adminA'], ok: 200, request: (f) => ({ method: 'POST', url: `/api/users/${f.victimUser}/password-reset` }) },
  'POST /api/users/:id/disable': { allow: ['adminA'], ok: 204, request: (f) => ({ method: 'POST', url: `/api/users/${f.victimUser}/disable` }) },
  'POST /api/users/:id/enable': { allow: ['adminA'], ok: 204, request: (f) => ({ method: 'POST', url: `/api/users/${f.victimUser}/enable` }) },
  'DELETE /api/user-roles/:id': { allow: ['adminA'], ok: 204, request: async (f) => ({ method: 'DELETE', url: `/api/user-roles/${await f.freshRole()}` }) },
  'GET /api/programs/:regionCode/sponsors': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ url: '/api/programs/36.72/sponsors' }) },
  'POST /api/programs/:regionCode/sponsors': {
    allow: ['adminA'],
    ok: 201,
    request: () => ({ method: 'POST', url: '/api/programs/36.72/sponsors', payload: { kind: 'company', name: `PT Baru ${++seq}` } }),
  },
  'GET /api/sponsors/:id': { allow: ['adminA', 'insurerA', 'sponsorA1'], ok: 200, request: (f) => ({ url: `/api/sponsors/${f.sponsorA1}` }) },
  'POST /api/programs/:regionCode/workers': {
    allow: ['adminA', 'agentA'],
    ok: 201,
    request: (f) => ({ method: 'POST', url: '/api/programs/36.72/workers', payload: { nik: nik(7100 + ++seq), name: 'Baru', kelurahanCode: f.kelurahanA } }),
  },
  'PATCH /api/workers/:id': { allow: ['adminA', 'agentA'], ok: 200, request: (f) => ({ method: 'PATCH', url: `/api/workers/${f.workerA}`, payload: { street: `Jl. ${++seq}` } }) },
  'POST /api/workers/:id/consents': {
    allow: ['adminA', 'agentA'],
    ok: 201,
    request: (f) => ({ method: 'POST', url: `/api/workers/${f.workerA}/consents`, payload: { purpose: 'Iuran', legalBasis: 'Persetujuan', method: 'Lisan' } }),
  },
  'POST /api/consents/:id/withdraw': {
    allow: ['adminA', 'agentA'],
    ok: 204,
    request: async (f) => ({ method: 'POST', url: `/api/consents/${await f.freshConsent()}/withdraw`, payload: { reason: 'tidak bersedia' } }),
  },
  'POST /api/workers/:id/life-status': {
    allow: ['adminA', 'agentA'],
    ok: 204,
    request: (f) => ({ method: 'POST', url: `/api/workers/${f.workerA}/life-status`, payload: { status: 'active' } }),
  },
  'POST /api/workers/:id/reveal': { allow: ['adminA', 'agentA'], ok: 200, request: (f) => ({ method: 'POST', url: `/api/workers/${f.workerA}/reveal`, payload: { reason: 'cek KTP' } }) },
  'POST /api/programs/:regionCode/subject-requests/find': {
    allow: ['adminA'],
    ok: 200,
    request: () => ({ method: 'POST', url: '/api/programs/36.72/subject-requests/find', payload: { nik: nik(7001) } }),
  },
  'GET /api/workers/:id/subject-export': { allow: ['adminA'], ok: 200, request: (f) => ({ url: `/api/workers/${f.workerA}/subject-export` }) },
  'POST /api/workers/:id/erase': {
    allow: ['adminA'],
    ok: 200,
    request: async (f) => ({ method: 'POST', url: `/api/workers/${await f.freshWorker()}/erase`, payload: { mode: 'erase', reason: 'permintaan' } }),
  },
  // Rates are public regulations; any logged-in role may price a pledge.
  'GET /api/rate-rules': { allow: LOGGED_IN, ok: 200, request: () => ({ url: '/api/rate-rules' }) },
  'GET /api/rates/quote': { allow: LOGGED_IN, ok: 200, request: () => ({ url: '/api/rates/quote?start=2026-10&months=6&workers=10' }) },
  'GET /api/sponsors/:id/pledges': { allow: ['adminA', 'insurerA', 'sponsorA1'], ok: 200, request: (f) => ({ url: `/api/sponsors/${f.sponsorA1}/pledges` }) },
  'POST /api/sponsors/:id/pledges': {
    allow: ['adminA', 'sponsorA1'],
    ok: 201,
    request: (f) => ({ method: 'POST', url: `/api/sponsors/${f.sponsorA1}/pledges`, payload: { kind: 'workers', workers: 5, months: 6, start: '2026-10' } }),
  },
  'POST /api/pledges/:id/commit': {
    allow: ['adminA', 'sponsorA1'],
    ok: 200,
    request: async (f) => ({ method: 'POST', url: `/api/pledges/${await f.freshPledge()}/commit`, payload: { expectedTotal: 378_000 } }),
  },
  'POST /api/programs/:regionCode/allocation-runs': {
    allow: ['adminA'],
    ok: 201,
    request: (f) => ({ method: 'POST', url: '/api/programs/36.72/allocation-runs', payload: { pledgeIds: [f.committedPledge] } }),
  },
  'GET /api/programs/:regionCode/allocation-criteria': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ url: '/api/programs/36.72/allocation-criteria' }) },
  'PUT /api/programs/:regionCode/allocation-criteria': {
    allow: ['adminA'],
    ok: 200,
    request: () => ({ method: 'PUT', url: '/api/programs/36.72/allocation-criteria', payload: { criteria: ['continuity', 'desil', 'proximity', 'preference'] } }),
  },
  'GET /api/programs/:regionCode/placements': { allow: ['adminA'], ok: 200, request: () => ({ url: '/api/programs/36.72/placements?status=proposed' }) },
  'GET /api/pledges/:id/placements': { allow: ['adminA', 'insurerA', 'sponsorA1'], ok: 200, request: (f) => ({ url: `/api/pledges/${f.committedPledge}/placements` }) },
  'POST /api/programs/:regionCode/placements/decisions': {
    allow: ['adminA'],
    ok: 200,
    request: () => ({ method: 'POST', url: '/api/programs/36.72/placements/decisions', payload: { ids: [1], decision: 'approve' } }),
  },
  'GET /api/programs/:regionCode/enrolment-batches': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ url: '/api/programs/36.72/enrolment-batches' }) },
  'POST /api/programs/:regionCode/enrolment-batches': {
    allow: ['adminA'],
    // Nothing approved is waiting: the admin gets past the permission check to the domain's answer.
    ok: 409,
    request: () => ({ method: 'POST', url: '/api/programs/36.72/enrolment-batches' }),
  },
  'GET /api/programs/:regionCode/enrolment-layout': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ url: '/api/programs/36.72/enrolment-layout' }) },
  'PUT /api/programs/:regionCode/enrolment-layout': {
    allow: ['adminA'],
    ok: 200,
    request: () => ({ method: 'PUT', url: '/api/programs/36.72/enrolment-layout', payload: { columns: [{ header: 'NIK', field: 'nik' }, { header: 'NAMA', field: 'name' }] } }),
  },
  'GET /api/enrolment-batches/:id/file': { allow: ['adminA', 'insurerA'], ok: 200, request: (f) => ({ url: `/api/enrolment-batches/${f.batchA}/file?format=csv` }) },
  'POST /api/enrolment-batches/:id/results': {
    allow: ['adminA', 'insurerA'],
    ok: 200,
    request: (f) => ({ method: 'POST', url: `/api/enrolment-batches/${f.batchA}/results`, ...multipart(f.resultsFile) }),
  },
  'POST /api/programs/:regionCode/billing-runs': { allow: ['adminA'], ok: 201, request: () => ({ method: 'POST', url: '/api/programs/36.72/billing-runs', payload: { month: '2026-12' } }) },
  'GET /api/programs/:regionCode/billing-runs': { allow: ['adminA'], ok: 200, request: () => ({ url: '/api/programs/36.72/billing-runs' }) },
  'GET /api/sponsors/:id/account': { allow: ['adminA', 'insurerA', 'sponsorA1'], ok: 200, request: (f) => ({ url: `/api/sponsors/${f.sponsorA1}/account` }) },
  'POST /api/sponsors/:id/payments': {
    allow: ['adminA'],
    ok: 201,
    request: (f) => ({ method: 'POST', url: `/api/sponsors/${f.sponsorA1}/payments`, payload: { amount: 1_000, paidOn: '2026-12-01', idempotencyKey: `uji-${++seq}` } }),
  },
  'GET /api/workers/:id/cover': { allow: ['adminA', 'insurerA'], ok: 200, request: (f) => ({ url: `/api/workers/${f.workerA}/cover` }) },
  'GET /api/programs/:regionCode/continuity': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ url: '/api/programs/36.72/continuity' }) },
  'GET /api/programs/:regionCode/arrears': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ url: '/api/programs/36.72/arrears' }) },
  'POST /api/sponsors/:id/pledge-quotes': {
    allow: ['adminA', 'sponsorA1'],
    ok: 200,
    request: (f) => ({ method: 'POST', url: `/api/sponsors/${f.sponsorA1}/pledge-quotes`, payload: { kind: 'budget', budget: 1_000_000, months: 6, start: '2027-01' } }),
  },
  'GET /api/sponsors/:id/renewals': { allow: ['adminA', 'insurerA', 'sponsorA1'], ok: 200, request: (f) => ({ url: `/api/sponsors/${f.sponsorA1}/renewals` }) },
  'GET /api/programs/:regionCode/pledges': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ url: '/api/programs/36.72/pledges' }) },
  'GET /api/programs/:regionCode/renewals': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ url: '/api/programs/36.72/renewals' }) },
  'POST /api/pledges/:id/renew': {
    allow: ['adminA', 'sponsorA1'],
    ok: 201,
    request: async (f) => ({ method: 'POST', url: `/api/pledges/${await f.freshCommittedPledge()}/renew` }),
  },
  'GET /api/programs/:regionCode/claims': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ url: '/api/programs/36.72/claims' }) },
  'POST /api/programs/:regionCode/claims': {
    allow: ['adminA', 'insurerA'],
    // No worker of the fixture is covered: past the permission check, the domain refuses.
    ok: 422,
    request: () => ({ method: 'POST', url: '/api/programs/36.72/claims', payload: { kpj: '12345678', type: 'JKK', eventDate: '2026-08-01', amountPaid: 1000 } }),
  },
  'POST /api/programs/:regionCode/reconciliations': {
    allow: ['adminA'],
    // The fixture's upload is a registry file, not a bank statement: refused by its rows.
    ok: 422,
    request: (f) => ({ method: 'POST', url: '/api/programs/36.72/reconciliations', ...multipart(f.uploadFile) }),
  },
  'GET /api/public/programs': { allow: ACTORS, ok: 200, public: true, request: () => ({ url: '/api/public/programs' }) },
  'GET /api/public/programs/:regionCode/kelurahan': { allow: ACTORS, ok: 200, public: true, request: () => ({ url: '/api/public/programs/36.72/kelurahan' }) },
  'POST /api/public/sponsor-applications': {
    allow: ACTORS,
    ok: 201,
    public: true,
    request: () => ({
      method: 'POST',
      url: '/api/public/sponsor-applications',
      payload: { programCode: '36.72', kind: 'company', name: 'PT Uji', contactName: 'Uji', contactEmail: `uji-${++seq}@uji.co.id`, password: 'kata-sandi-uji-123' },
    }),
  },
  'GET /api/programs/:regionCode/sponsor-applications': { allow: ['adminA'], ok: 200, request: () => ({ url: '/api/programs/36.72/sponsor-applications?status=pending' }) },
  'POST /api/sponsor-applications/:id/decision': {
    allow: ['adminA'],
    ok: 200,
    request: async (f) => ({ method: 'POST', url: `/api/sponsor-applications/${await f.freshApplication()}/decision`, payload: { decision: 'reject', note: 'uji' } }),
  },
  'GET /api/programs/:regionCode/dashboard': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ url: '/api/programs/36.72/dashboard' }) },
  'GET /api/programs/:regionCode/dashboard/:table': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ url: '/api/programs/36.72/dashboard/regions.csv' }) },
  'POST /api/programs/:regionCode/simulations': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ method: 'POST', url: '/api/programs/36.72/simulations', payload: { by: '2027-12' } }) },
  'GET /api/programs/:regionCode/figures': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ url: '/api/programs/36.72/figures' }) },
  'POST /api/programs/:regionCode/figures': {
    allow: ['adminA'],
    ok: 200,
    request: () => ({ method: 'POST', url: '/api/programs/36.72/figures', payload: { kind: 'workforce', period: '2026', regionCode: '36.72', total: 180_000, source: 'BPS' } }),
  },
  'POST /api/programs/:regionCode/figures/:kind/import': {
    allow: ['adminA', 'insurerA'],
    // The fixture's upload is a registry file, not figures: refused by its rows.
    ok: 422,
    request: (f) => ({ method: 'POST', url: '/api/programs/36.72/figures/participants/import', ...multipart(f.uploadFile) }),
  },
  'GET /api/programs/:regionCode/targets': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ url: '/api/programs/36.72/targets' }) },
  'PUT /api/programs/:regionCode/targets': { allow: ['adminA'], ok: 200, request: () => ({ method: 'PUT', url: '/api/programs/36.72/targets', payload: { year: 2026, indicator: 'ucj', percent: 60 } }) },
  'DELETE /api/programs/:regionCode/targets/:id': { allow: ['adminA'], ok: 204, request: async (f) => ({ method: 'DELETE', url: `/api/programs/36.72/targets/${await f.freshTarget()}` }) },
  // None uploaded: past the permission check, 404.
  'GET /api/programs/:regionCode/boundaries': { allow: ['adminA', 'insurerA'], ok: 404, request: () => ({ url: '/api/programs/36.72/boundaries' }) },
  'PUT /api/programs/:regionCode/boundaries': { allow: ['adminA'], ok: 422, request: (f) => ({ method: 'PUT', url: '/api/programs/36.72/boundaries', ...multipart(f.uploadFile) }) },
  'GET /api/sponsors/:id/impact': { allow: ['adminA', 'insurerA', 'sponsorA1'], ok: 200, request: (f) => ({ url: `/api/sponsors/${f.sponsorA1}/impact` }) },
  'PUT /api/sponsors/:id/publicity': { allow: ['adminA', 'sponsorA1'], ok: 200, request: (f) => ({ method: 'PUT', url: `/api/sponsors/${f.sponsorA1}/publicity`, payload: { namedPublicly: true } }) },
  'GET /api/public/programs/:regionCode/summary': { allow: ACTORS, ok: 200, public: true, request: () => ({ url: '/api/public/programs/36.72/summary' }) },
  'GET /api/public/programs/:regionCode/summary.csv': { allow: ACTORS, ok: 200, public: true, request: () => ({ url: '/api/public/programs/36.72/summary.csv' }) },
  'GET /api/programs/:regionCode/reports': { allow: ['adminA', 'insurerA'], ok: 200, request: () => ({ url: '/api/programs/36.72/reports' }) },
  'POST /api/programs/:regionCode/reports': { allow: ['adminA'], ok: 201, request: () => ({ method: 'POST', url: '/api/programs/36.72/reports', payload: { month: '2026-10' } }) },
  'GET /api/sponsors/:id/reports': { allow: ['adminA', 'insurerA', 'sponsorA1'], ok: 200, request: (f) => ({ url: `/api/sponsors/${f.sponsorA1}/reports` }) },
  'POST /api/sponsors/:id/reports': {
    allow: ['adminA', 'sponsorA1'],
    ok: 201,
    request: (f) => ({ method: 'POST', url: `/api/sponsors/${f.sponsorA1}/reports`, payload: { kind: 'csr', from: '2026-07', to: '2026-09' } }),
  },
  'GET /api/reports/:id/:file': { allow: ['adminA', 'insurerA', 'sponsorA1'], ok: 200, request: (f) => ({ url: `/api/reports/${f.sponsorReport}/report.pdf` }) },
  'GET /api/public/reports/:code': { allow: ACTORS, ok: 200, public: true, request: (f) => ({ url: `/api/public/reports/${f.sponsorReportCode}` }) },
  'GET /api/programs/:regionCode/audit': { allow: ['adminA'], ok: 200, request: () => ({ url: '/api/programs/36.72/audit' }) },
  'GET /api/programs/:regionCode/audit.csv': { allow: ['adminA'], ok: 200, request: () => ({ url: '/api/programs/36.72/audit.csv' }) },
};

describe('route-permission matrix', () => {
  let ctx: AppContext;
  let app: App;
  let fixtures: Fixtures;
  const sessions = new Map<ActorName, Session>();
  const credentials = new Map<ActorName, string>();
  // Everything the server logged (at trace level) and every public or error response, scanned last.
  const logLines: string[] = [];
  const exposed: string[] = [];

  beforeAll(async () => {
    ctx = testContext(await openTestDatabase('pglite'));
    await seedDemo(ctx, { workers: 40, seed: 3 });
    await seedDemo(ctx, { workers: 10, seed: 4, regionCode: '35.25' });
    const db = ctx.database.db;
    const programId = async (code: string) => Number((await db.selectFrom('programs').select('id').where('region_code', '=', code).executeTakeFirstOrThrow()).id);
    const a = await programId('36.72');
    const b = await programId('35.25');
    const workers = await db.selectFrom('workers').select(['id', 'kelurahan_code']).where('program_id', '=', a).where('kelurahan_code', 'is not', null).orderBy('id').execute();
    const workerA = workers[0]!;
    const otherKel = workers.find((w) => w.kelurahan_code !== workerA.kelurahan_code)!.kelurahan_code!;
    const kelB = (await db.selectFrom('workers').select('kelurahan_code').where('program_id', '=', b).where('kelurahan_code', 'is not', null).executeTakeFirstOrThrow()).kelurahan_code!;
    const sA1 = await createSponsor(ctx, op, { programId: a, kind: 'company', name: 'PT Krakatau Baja' });
    const csr = await issueSponsorReport(ctx, op, sA1.id, { kind: 'csr', from: '2026-07', to: '2026-09' });
    const sA2 = await createSponsor(ctx, op, { programId: a, kind: 'foundation', name: 'Baznas Cilegon' });
    const sB = await createSponsor(ctx, op, { programId: b, kind: 'company', name: 'PT Petrokimia' });
    const grants: Record<Exclude<ActorName, 'anonymous'>, { role: Role; programId: number; sponsorId?: number; kelurahan?: string[] }> = {
      adminA: { role: 'admin', programId: a },
      adminB: { role: 'admin', programId: b },
      insurerA: { role: 'insurer', programId: a },
      insurerB: { role: 'insurer', programId: b },
      sponsorA1: { role: 'sponsor', programId: a, sponsorId: sA1.id },
      sponsorA2: { role: 'sponsor', programId: a, sponsorId: sA2.id },
      sponsorB: { role: 'sponsor', programId: b, sponsorId: sB.id },
      agentA: { role: 'agent', programId: a, kelurahan: [workerA.kelurahan_code!] },
      agentA2: { role: 'agent', programId: a, kelurahan: [otherKel] },
      agentB: { role: 'agent', programId: b, kelurahan: [kelB] },
    };
    for (const [name, g] of Object.entries(grants)) {
      const email = `${name.toLowerCase()}@uji.go.id`;
      await createUser(ctx, op, { email, name, ...g, password: PASSWORD });
      credentials.set(name as ActorName, email);
    }
    await createUser(ctx, op, { email: 'probe@cilegon.go.id', name: 'Probe', role: 'insurer', programId: a, password: PASSWORD });
    const victim = await createUser(ctx, op, { email: 'victim@cilegon.go.id', name: 'Victim', role: 'insurer', programId: a, password: PASSWORD });

    const dir = tmpDir();
    const uploadFile = writeCsv(dir, 'desa.csv', [
      ['NIK', 'Nama'],
      [nik(7001), 'Ujang'],
      ['123', 'Salah'],
    ]);
    const newImport = async () => {
      const copy = path.join(dir, `imp-${++seq}.csv`);
      fs.copyFileSync(uploadFile, copy);
      return createImport(ctx.database, { programCode: '36.72', filePath: copy, fileName: 'desa.csv', source: 'DESA', actor: op });
    };
    const imp = await newImport();
    await stageImport(ctx.database, ctx.keyring, imp.id);
    await finishImport(ctx.database, imp.id, { dryRun: true, validOnly: false, actor: op, keys: ctx.keyring });
    const draft = await createPledge(ctx, op, sA1.id, { kind: 'workers', workers: 2, months: 6, start: '2026-12' });
    const committedPledge = (await commitPledge(ctx, op, draft.id, draft.total)).id;
    await runAllocation(ctx, op, a, { pledgeIds: [committedPledge], asOf: '2026-11' });
    const proposed = await db.selectFrom('placements').select(['id', 'worker_id']).where('pledge_id', '=', committedPledge).execute();
    await decidePlacements(ctx, op, a, { ids: proposed.map((p) => Number(p.id)), decision: 'approve' });
    const batchA = (await createBatch(ctx, op, a)).id;
    const placedNik = (await revealWorkerIdentity(db, ctx.keyring, Number(proposed[0]!.worker_id))).nik;
    const resultsFile = writeCsv(dir, 'hasil.csv', [
      ['NIK', 'Status', 'Keterangan'],
      [placedNik, 'Ditolak', 'Sudah aktif di tempat lain'],
    ]);
    fixtures = {
      committedPledge,
      batchA,
      resultsFile,
      workerA: Number(workerA.id),
      kelurahanA: workerA.kelurahan_code!,
      freshConsent: () => recordConsent(ctx, op, Number(workerA.id), { purpose: 'Iuran', legalBasis: 'Persetujuan', method: 'Lisan' }),
      freshPledge: async () => (await createPledge(ctx, op, sA1.id, { kind: 'workers', workers: 5, months: 6, start: '2026-10' })).id,
      freshApplication: async () =>
        (await applyAsSponsor(ctx, { programCode: '36.72', kind: 'foundation', name: 'Yayasan Uji', contactName: 'Uji', contactEmail: `yayasan-${++seq}@uji.or.id`, password: 'kata-sandi-uji-123' }, null)).id,
      freshCommittedPledge: async () => {
        const p = await createPledge(ctx, op, sA1.id, { kind: 'workers', workers: 1, months: 1, start: '2026-10' });
        return (await commitPledge(ctx, op, p.id, p.total)).id;
      },
      freshWorker: async () => (await registerWorker(ctx, op, a, { nik: nik(7500 + ++seq), name: 'Hapus', kelurahanCode: workerA.kelurahan_code! })).id,
      importA: imp.id,
      sponsorA1: sA1.id,
      victimUser: victim.userId,
      uploadFile,
      freshRole: async () => {
        const u = await createUser(ctx, op, { email: `role${++seq}@uji.go.id`, name: 'R', role: 'insurer', programId: a, password: PASSWORD });
        return Number((await db.selectFrom('user_roles').select('id').where('user_id', '=', u.userId).executeTakeFirstOrThrow()).id);
      },
      sponsorReport: csr.id,
      sponsorReportCode: csr.code,
      freshTarget: async () => (await setTarget(ctx, op, a, { year: 2040 + (++seq % 60), indicator: 'bpu', percent: 20 })).id,
      stagedImport: async () => {
        const i = await newImport();
        await stageImport(ctx.database, ctx.keyring, i.id);
        await finishImport(ctx.database, i.id, { dryRun: true, validOnly: false, actor: op, keys: ctx.keyring });
        return i.id;
      },
    };
    app = await buildApp({ database: ctx.database, keyring: ctx.keyring, dataDir: tmpDir(), logLevel: 'trace', logStream: { write: (m) => void logLines.push(m) } });
    for (const [name, email] of credentials) sessions.set(name, await logIn(app, email, PASSWORD, `10.0.${ACTORS.indexOf(name)}.1`));
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.database.close();
  });

  it('has an entry for every API route, and none for a route that does not exist', () => {
    const declared = app.apiRoutes.map((r) => `${r.method} ${r.url}`).sort();
    expect(declared).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [route, entry] of Object.entries(MATRIX)) {
    it(route, async () => {
      const outcomes: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const actor of ACTORS) {
        const req = await entry.request(fixtures);
        let res;
        if (actor === 'anonymous') res = await app.inject({ ...req, remoteAddress: '10.99.0.1' });
        else {
          const session = entry.freshSession ? await logIn(app, credentials.get(actor)!, PASSWORD, `10.1.${ACTORS.indexOf(actor)}.1`) : sessions.get(actor)!;
          res = await session.inject(req);
        }
        outcomes[actor] = res.statusCode;
        if (actor === 'anonymous' || res.statusCode >= 400) exposed.push(res.body);
        expected[actor] = entry.allow.includes(actor) ? entry.ok : actor === 'anonymous' && !entry.public ? 401 : 403;
      }
      expect(outcomes).toEqual(expected);
    });
  }

  it('keeps API routes closed when their path is percent-encoded', async () => {
    for (const url of ['/%61pi/rate-rules', '/%61pi/occupations', '/%61pi/programs']) {
      expect((await app.inject({ url, remoteAddress: '10.98.0.1' })).statusCode, url).toBe(401);
    }
  });

  it('refuses a state-changing request without the session CSRF token, or with another session token', async () => {
    const admin = sessions.get('adminA')!;
    const other = sessions.get('insurerA')!;
    const req = { method: 'POST' as const, url: '/api/programs/36.72/sponsors', payload: { kind: 'company', name: 'PT CSRF' } };
    const bare = await app.inject({ ...req, headers: { cookie: admin.cookie } });
    expect([bare.statusCode, bare.json().error.code]).toEqual([403, 'CSRF_INVALID']);
    const foreign = await app.inject({ ...req, headers: { cookie: admin.cookie, 'x-csrf-token': other.csrfToken } });
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([403, 'CSRF_INVALID']);
    expect((await admin.inject(req)).statusCode).toBe(201);
  });

  it('leaves no NIK in the logs, in public responses or in error responses of all the calls above', () => {
    // The scanner itself finds a NIK where there is one, and ignores ids and hashes.
    expect(findNiks(`{"nik":"${nik(7001)}","id":1234567890123456,"hash":"ab12345678901234567890cd"}`)).toEqual([nik(7001)]);
    expect(logLines.length).toBeGreaterThan(500);
    expect(findNiks(logLines.join('\n'))).toEqual([]);
    expect(exposed.length).toBeGreaterThan(100);
    expect(findNiks(exposed.join('\n'))).toEqual([]);
  });

  it('lets a temporary password do nothing but change itself', async () => {
    const admin = sessions.get('adminA')!;
    const created = (await admin.inject({ method: 'POST', url: '/api/programs/36.72/users', payload: { email: 'temp@uji.go.id', name: 'Temp', role: 'insurer' } })).json();
    const temp = await logIn(app, 'temp@uji.go.id', created.temporaryPassword, '10.60.0.1');
    const refused = await temp.inject('/api/programs');
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    expect((await temp.inject('/api/auth/session')).json().user.mustChangePassword).toBe(true);
    const changed = await temp.inject({ method: 'POST', url: '/api/auth/password', payload: { current: created.temporaryPassword, next: 'kata-sandi-baru-saya' } });
    expect(changed.statusCode).toBe(204);
    expect((await temp.inject('/api/programs')).statusCode).toBe(200);
  });

  it('sets the session cookie httpOnly and SameSite=Strict, and sends the security headers', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'probe@cilegon.go.id', password: PASSWORD }, remoteAddress: '10.50.0.1' });
    const cookie = res.cookies.find((c) => c.name === 'sekitar_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
