// The HTTP application: plugins, error mapping, the API routes of every module, the web app.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { registerAuthHooks } from './auth-hooks.ts';
import { errorHandler } from './errors.ts';
import { accessRoutes } from '../modules/access/access.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { fieldworkRoutes } from '../modules/fieldwork/fieldwork.routes.ts';
import { rateRoutes } from '../modules/rates/rates.routes.ts';
import { pledgeRoutes } from '../modules/pledges/pledges.routes.ts';
import { allocationRoutes } from '../modules/allocation/allocation.routes.ts';
import { enrolmentRoutes } from '../modules/enrolment/enrolment.routes.ts';
import { billingRoutes } from '../modules/billing/billing.routes.ts';
import { claimRoutes } from '../modules/claims/claims.routes.ts';
import { applicationRoutes } from '../modules/sponsors/applications.routes.ts';
import { sponsorRoutes } from '../modules/sponsors/sponsors.routes.ts';
import { programRoutes } from '../modules/programs/programs.routes.ts';
import { registryRoutes } from '../modules/registry/registry.routes.ts';
import { importRoutes } from '../modules/imports/imports.routes.ts';
import { indicatorRoutes } from '../modules/indicators/indicators.routes.ts';
import { reportRoutes } from '../modules/reports/reports.routes.ts';
import { IndicatorCache } from '../modules/indicators/indicator-cache.ts';
import { SessionCache } from '../modules/access/session-cache.ts';

export interface AppOptions {
  database: Database;
  /** The personal-data keys (loadKeyring): NIK search and masks, staging imports, the audit chain. */
  keyring: Keyring;
  dataDir: string;
  logLevel?: string;
  /** Upload limit in bytes. */
  maxUploadBytes?: number;
  /** Where logs go (default: stdout). */
  logStream?: { write(msg: string): void };
  /** Behind a reverse proxy: trust its X-Forwarded-* headers for the client address and protocol. */
  trustProxy?: boolean;
}

/** What route modules receive. */
export interface RouteDeps extends AppOptions {
  ctx: AppContext;
}

export type App = FastifyInstance;

declare module 'fastify' {
  interface FastifyInstance {
    apiRoutes: { method: string; url: string }[];
  }
}
export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web');

export async function buildApp(opts: AppOptions): Promise<App> {
  const app = Fastify({
    logger: {
      level: opts.logLevel ?? 'info',
      ...(opts.logStream ? { stream: opts.logStream } : {}),
      // Only method and path: query strings may carry a NIK being searched for.
      serializers: {
        req: (req) => ({ method: req.method, url: req.url.split('?')[0] }),
      },
    },
    bodyLimit: 1024 * 1024,
    // One hop: the reverse proxy in front. Trusting every X-Forwarded-For would let a client pick its
    // own address (throttling, audit trail).
    trustProxy: opts.trustProxy ? (_address: string, hop: number) => hop === 0 : false,
  });
  // Dashboards are computed once and kept until the database says a programme's figures changed.
  const indicatorCache = new IndicatorCache();
  const stopListening = await indicatorCache.attach(opts.database);
  const sessionCache = new SessionCache();
  const stopSessions = await sessionCache.attach(opts.database);
  app.addHook('onClose', async () => {
    await stopListening();
    await stopSessions();
  });
  const ctx: AppContext = { database: opts.database, keyring: opts.keyring, indicatorCache, sessionCache };
  // Every API route, as declared: the route-permission matrix test checks it has an entry for each.
  const apiRoutes: { method: string; url: string }[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith('/api/')) return;
    for (const m of [r.method].flat()) if (m !== 'HEAD') apiRoutes.push({ method: m, url: r.url });
  });
  const deps: RouteDeps = { ...opts, ctx };
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // The API documentation page (/docs) styles itself inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    // Same-origin app: no cross-origin embedding of anything it serves.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  await app.register(fastifyCookie);
  registerAuthHooks(app, ctx);
  await app.register(fastifyMultipart, { limits: { fileSize: opts.maxUploadBytes ?? 512 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Sekitar API', description: 'Registri pekerja rentan dan impor data / Vulnerable-worker registry and data import', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/health', { config: { public: true }, schema: { hide: true } }, async () => ({ ok: true }));
  await app.register(async (scope) => {
    const z = scope.withTypeProvider<ZodTypeProvider>();
    accessRoutes(z, deps);
    programRoutes(z, deps);
    registryRoutes(z, deps);
    importRoutes(z, deps);
    sponsorRoutes(z, deps);
    auditRoutes(z, deps);
    fieldworkRoutes(z, deps);
    rateRoutes(z, deps);
    pledgeRoutes(z, deps);
    allocationRoutes(z, deps);
    enrolmentRoutes(z, deps);
    billingRoutes(z, deps);
    claimRoutes(z, deps);
    applicationRoutes(z, deps);
    indicatorRoutes(z, deps);
    reportRoutes(z, deps);
  });

  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, { root: WEB_DIST });
    // Client-side routes: any other GET that is not the API gets the app.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: { id: 'Tidak ditemukan', en: 'Not found' }, details: {} } });
    });
  }
  return app;
}
