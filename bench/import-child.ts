// One import in its own process, so its peak memory is its own. Prints one JSON line.
import path from 'node:path';
import { loadConfig } from '../src/server/config.ts';
import { loadKeyring } from '../src/server/crypto/keyring.ts';
import { systemActor } from '../src/server/modules/access/actor.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { prepareDatabase } from '../src/server/db/setup.ts';
import { createImport, finishImport, stageImport } from '../src/server/modules/imports/imports.service.ts';
import { createProgram } from '../src/server/modules/programs/programs.service.ts';
import { listWorkers, revealWorkerIdentity } from '../src/server/modules/registry/registry.service.ts';

const [file, target] = process.argv.slice(2) as [string, string];
// The keys come inline in SEKITAR_KEYS from the bench, which prepared the database with them.
const keyring = loadKeyring({ keys: loadConfig().keys, dataDir: path.dirname(file) });
const database = await openDatabase(target.startsWith('postgres') ? { databaseUrl: target } : { dataDir: target });
await prepareDatabase(database, keyring);
const bench = systemActor('bench');
const ctx = { database, keyring };
await createProgram(ctx, bench, { regionCode: '36.72', name: 'GEMET SEKUL' }).catch(() => undefined);
const t0 = performance.now();
const c0 = process.cpuUsage();
const imp = await createImport(database, { programCode: '36.72', filePath: file, fileName: path.basename(file), source: 'DTSEN', actor: bench });
const staged = await stageImport(database, keyring, imp.id);
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
const counts = await finishImport(database, imp.id, { dryRun: false, validOnly: false, actor: bench, keys: keyring });
const t2 = performance.now();
// Registry screens over the imported rows: first page, a filter, a name search, the next page.
const program = await database.db.selectFrom('programs').select('id').where('region_code', '=', '36.72').executeTakeFirstOrThrow();
const timed = async (f: () => Promise<unknown>) => {
  const s = performance.now();
  await f();
  return Math.round((performance.now() - s) * 10) / 10;
};
const base = { programId: program.id, limit: 50 };
const first = await listWorkers(ctx, bench, base);
const someNik = (await revealWorkerIdentity(database.db, keyring, first.items[25]!.id)).nik;
const queries = {
  firstPage: await timed(() => listWorkers(ctx, bench, base)),
  desil1Kecamatan: await timed(() => listWorkers(ctx, bench, { ...base, desil: [1], kecamatan: '36.72.01' })),
  nameSearch: await timed(() => listWorkers(ctx, bench, { ...base, q: 'siti hid' })),
  nikExact: await timed(() => listWorkers(ctx, bench, { ...base, q: someNik })),
  nextPage: await timed(() => listWorkers(ctx, bench, { ...base, cursor: first.nextCursor ?? undefined })),
};
await database.close();
console.log(JSON.stringify({ ms: t2 - t0, stageMs: t1 - t0, stageCpuMs: (c1.user + c1.system) / 1000, mergeMs: t2 - t1, maxRssMB: process.resourceUsage().maxRSS / 1024, counts, staged, queries }));
