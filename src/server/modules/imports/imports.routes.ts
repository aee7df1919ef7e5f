import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { DomainError } from '../../domain-error.ts';
import { stackFrames } from '../../http/errors.ts';
import { receiveUpload } from '../../http/uploads.ts';
import { authorize } from '../access/policies.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { RegionCodeParam } from '../programs/programs.routes.ts';
import { validateMapping, WORKER_FIELDS } from './columns.ts';
import {
  analyzeImport,
  createImport,
  finishImport,
  getImport,
  listImports,
  markQueued,
  openImport,
  parseSource,
  stageImport,
  type Mapping,
} from './imports.service.ts';
import { previewErrors, writeErrorReport } from './import-report.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const FieldKey = z.enum(WORKER_FIELDS.map((f) => f.key) as [string, ...string[]]);

/** Runs an import step after the response; its outcome is recorded on the import itself. */
function background(log: { error(o: object, m: string): void }, work: () => Promise<unknown>): void {
  void work().catch((e: unknown) => {
    if (!(e instanceof DomainError)) log.error({ err: { type: (e as Error)?.name, at: stackFrames(e) } }, 'import step failed');
  });
}

async function removeUpload(database: RouteDeps['database'], id: number, uploads: string): Promise<void> {
  const r = await database.db.selectFrom('imports').select('file_path').where('id', '=', id).executeTakeFirst();
  if (r && path.dirname(path.resolve(r.file_path)) === path.resolve(uploads)) fs.rmSync(r.file_path, { force: true });
}

export function importRoutes(app: ZodApp, { database, keyring, dataDir }: RouteDeps): void {
  const uploads = path.join(dataDir, 'uploads');

  app.get('/api/programs/:regionCode/imports', { schema: { tags: ['imports'], params: RegionCodeParam } }, async (req) => {
    const program = await requireProgram(database.db, req.params.regionCode);
    return { items: await listImports(database, req.actor, program.id) };
  });

  app.post(
    '/api/programs/:regionCode/imports',
    { schema: { tags: ['imports'], params: RegionCodeParam, consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      const program = await requireProgram(database.db, req.params.regionCode);
      // Refused before the file is read and stored.
      authorize(req.actor, 'import.manage', { programId: program.id });
      const saved = await receiveUpload(req, uploads, 'IMPORT_FILE_MISSING');
      const source = saved.fields['source'] ?? 'DTSEN';
      try {
        const imp = await createImport(database, {
          programCode: req.params.regionCode,
          filePath: saved.path,
          fileName: saved.name,
          source: parseSource(source),
          actor: req.actor,
        });
        const analysis = await analyzeImport(database, imp.id);
        return reply.status(201).send({ import: imp, analysis, fields: WORKER_FIELDS });
      } catch (e) {
        fs.rmSync(saved.path, { force: true });
        throw e;
      }
    },
  );

  app.get('/api/imports/:id', { schema: { tags: ['imports'], params: IdParam } }, async (req) => ({
    import: await openImport(database, req.actor, req.params.id),
    errors: await previewErrors(database, req.params.id, 100),
  }));

  app.get('/api/imports/:id/analysis', { schema: { tags: ['imports'], params: IdParam } }, async (req) => {
    await openImport(database, req.actor, req.params.id);
    return { analysis: await analyzeImport(database, req.params.id), fields: WORKER_FIELDS };
  });

  app.post(
    '/api/imports/:id/dry-run',
    {
      schema: {
        tags: ['imports'],
        params: IdParam,
        body: z.object({ mapping: z.record(z.string(), FieldKey.nullable()).optional(), source: z.string().optional() }),
      },
    },
    async (req, reply) => {
      const id = req.params.id;
      const current = await openImport(database, req.actor, id);
      if (current.status === 'committed') throw new DomainError('IMPORT_ALREADY_COMMITTED', { id });
      const source = parseSource(req.body.source, parseSource(current.source));
      const mapping = req.body.mapping as Mapping | undefined;
      // A wrong mapping is the user's to fix now, not a background failure to discover later.
      const problems = mapping ? validateMapping(mapping) : [];
      if (problems.length > 0) {
        throw new DomainError('IMPORT_MAPPING_INVALID', { reason: problems.map((p) => p.en).join('; '), alasan: problems.map((p) => p.id).join('; ') });
      }
      await markQueued(database, id, 'staging');
      background(req.log, async () => {
        await stageImport(database, keyring, id, { ...(mapping ? { mapping } : {}), source });
        await finishImport(database, id, { dryRun: true, validOnly: false, actor: req.actor, keys: keyring });
      });
      return reply.status(202).send({ import: await getImport(database, id) });
    },
  );

  app.post(
    '/api/imports/:id/commit',
    { schema: { tags: ['imports'], params: IdParam, body: z.object({ validOnly: z.boolean().default(false) }) } },
    async (req, reply) => {
      const id = req.params.id;
      const current = await openImport(database, req.actor, id);
      if (current.status === 'committed') throw new DomainError('IMPORT_ALREADY_COMMITTED', { id });
      if (!['checked', 'staged', 'not_committed'].includes(current.status)) throw new DomainError('IMPORT_NOT_STAGED', { id });
      await markQueued(database, id, 'committing');
      background(req.log, async () => {
        const result = await finishImport(database, id, { dryRun: false, validOnly: req.body.validOnly, actor: req.actor, keys: keyring });
        // The uploaded copy holds personal data: once its rows are in the registry it goes.
        if (result.committed) await removeUpload(database, id, uploads);
      });
      return reply.status(202).send({ import: await getImport(database, id) });
    },
  );

  app.get('/api/imports/:id/errors.csv', { schema: { tags: ['imports'], params: IdParam } }, async (req, reply) => {
    const imp = await openImport(database, req.actor, req.params.id);
    const body = new PassThrough();
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="kesalahan-impor-${imp.id}.csv"`);
    void writeErrorReport(database, imp.id, body).catch((e: unknown) => body.destroy(e as Error));
    return reply.send(body);
  });
}
