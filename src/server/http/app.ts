// The HTTP application: plugins, error mapping, the API routes of every module, the web app.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../db/database.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { errorHandler } from './errors.ts';
import { programRoutes } from '../modules/programs/programs.routes.ts';
import { registryRoutes } from '../modules/registry/registry.routes.ts';
import { importRoutes } from '../modules/imports/imports.routes.ts';

export interface AppOptions {
  database: Database;
  /** The personal-data keys (loadKeyring): NIK search, masked NIKs, staging imports. */
  keyring: Keyring;
  dataDir: string;
  logLevel?: string;
  /** Upload limit in bytes. */
  maxUploadBytes?: number;
}

export type App = FastifyInstance;
export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web');

export async function buildApp(opts: AppOptions): Promise<App> {
  const app = Fastify({
    logger: {
      level: opts.logLevel ?? 'info',
      // Only method and path: query strings may carry a NIK being searched for.
      serializers: {
        req: (req) => ({ method: req.method, url: req.url.split('?')[0] }),
      },
    },
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(fastifyMultipart, { limits: { fileSize: opts.maxUploadBytes ?? 512 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Sekitar API', description: 'Registri pekerja rentan dan impor data / Vulnerable-worker registry and data import', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/health', { schema: { hide: true } }, async () => ({ ok: true }));
  await app.register(async (scope) => {
    const z = scope.withTypeProvider<ZodTypeProvider>();
    programRoutes(z, opts);
    registryRoutes(z, opts);
    importRoutes(z, opts);
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
