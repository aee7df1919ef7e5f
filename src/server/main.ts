// Starts Sekitar: personal-data keys, database (embedded PGlite unless DATABASE_URL), migrations,
// reference data, optionally the demo program, then the HTTP server with the web app.
import path from 'node:path';
import { loadConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { loadKeyring } from './crypto/keyring.ts';
import { openDatabase } from './db/database.ts';
import { prepareDatabase } from './db/setup.ts';
import { buildApp } from './http/app.ts';
import { listPrograms } from './modules/programs/programs.repository.ts';
import { seedDemo, seedDemoAccounts } from './modules/demo/demo.service.ts';
import { purgeExpiredAccessRecords } from './modules/access/auth.service.ts';
import { cleanupStaleImports, failInterruptedImports } from './modules/imports/imports.service.ts';
import { runScheduledReports } from './modules/reports/reports.service.ts';

const config = loadConfig();
const withDemo = process.argv.includes('--demo');

const keyring = loadKeyring({ keys: config.keys, dataDir: config.dataDir });
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
await prepareDatabase(database, keyring);
if (keyring.scheme(keyring.currentId) === 'gcm') {
  console.log(
    `Kunci ${keyring.currentId} memakai cara enkripsi lama: jalankan \`sekitar keys rotate\` sekali (pada basis data bawaan: saat server berhenti) agar impor besar jauh lebih cepat\n` +
      `Key ${keyring.currentId} seals the older way: run \`sekitar keys rotate\` once (on the embedded database: with the server stopped) for much faster large imports (docs/SECURITY.md)`,
  );
}
const ctx: AppContext = { database, keyring };
await purgeExpiredAccessRecords(ctx);
await failInterruptedImports(database);
await cleanupStaleImports(database, path.join(config.dataDir, 'uploads'));
if (withDemo && (await listPrograms(database.db)).length === 0) {
  const n = new Intl.NumberFormat('id-ID').format(config.demoWorkers);
  console.log(`Menyiapkan data demo / preparing demo data: Kota Cilegon, GEMET SEKUL, ${n} pekerja/workers ...`);
  const counts = await seedDemo(ctx, { workers: config.demoWorkers });
  console.log(`Data demo siap / demo data ready: ${counts.imported} pekerja/workers`);
}
if (withDemo) {
  const accounts = await seedDemoAccounts(ctx, path.join(config.dataDir, 'demo-accounts.json'));
  if (accounts.length > 0) {
    console.log('Akun demo / demo accounts (email  kata sandi/password  peran/role):');
    for (const a of accounts) console.log(`  ${a.email.padEnd(24)} ${a.password}  ${a.role}`);
  }
}

const app = await buildApp({ database, keyring, dataDir: config.dataDir, logLevel: config.logLevel, trustProxy: config.trustProxy });
// Scheduled reports: last month's programme report (and each sponsor's CSR report when a quarter
// ended), checked at start and every hour; each is issued once.
const scheduleReports = () =>
  runScheduledReports(ctx).then(
    (r) => r.issued > 0 && app.log.info({ issued: r.issued }, 'scheduled reports issued'),
    (e: unknown) => app.log.error({ err: e instanceof Error ? e.message : String(e) }, 'scheduled reports failed'),
  );
void scheduleReports();
const reportTimer = setInterval(() => void scheduleReports(), 60 * 60 * 1000);
reportTimer.unref();
const shutdown = async () => {
  clearInterval(reportTimer);
  await app.close();
  await database.close();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
await app.listen({ port: config.port, host: config.host });
console.log(`Sekitar siap / ready: http://localhost:${config.port}  (API: http://localhost:${config.port}/docs)`);
