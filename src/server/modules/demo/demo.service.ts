// The demo: Kota Cilegon's GEMET SEKUL program with synthetic workers, imported through the real
// import pipeline so the demo exercises what operators use.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/database.ts';
import { systemActor } from '../access/actor.ts';
import { generatePassword } from '../access/passwords.ts';
import { createUser } from '../access/users.service.ts';
import { createSponsor } from '../sponsors/sponsors.service.ts';
import { createProgram } from '../programs/programs.service.ts';
import { findProgramByRegion } from '../programs/programs.repository.ts';
import { listRegionsUnder } from '../regions/regions.repository.ts';
import { createImport, finishImport, stageImport, type ImportCounts } from '../imports/imports.service.ts';
import { writeDemoCsv, type DemoRegion } from './demo-data.ts';

export const DEMO_PROGRAM = {
  regionCode: '36.72',
  name: 'GEMET SEKUL',
  legalBasis: 'Perwal Cilegon 41/2024; SE Wali Kota 800.1.12.2/549/SEKRT',
};

export async function demoRegion(database: Database, regencyCode: string): Promise<DemoRegion> {
  const regions = await listRegionsUnder(database.db, regencyCode);
  const kecamatan = new Map(regions.filter((r) => r.level === 3).map((r) => [r.code, r.name]));
  return {
    regencyCode,
    kelurahan: regions
      .filter((r) => r.level === 4)
      .map((r) => ({ code: r.code, name: r.name, kecamatanName: kecamatan.get(r.parentCode ?? '') ?? '' })),
  };
}

/** Creates the program if needed and imports n synthetic workers into it. */
export async function seedDemo(
  ctx: AppContext,
  opts: { workers: number; regionCode?: string; seed?: number; onProgress?: (rows: number) => void },
): Promise<ImportCounts> {
  const { database } = ctx;
  const regionCode = opts.regionCode ?? DEMO_PROGRAM.regionCode;
  if (!(await findProgramByRegion(database.db, regionCode))) {
    await createProgram(ctx, systemActor('demo'), regionCode === DEMO_PROGRAM.regionCode ? DEMO_PROGRAM : { regionCode, name: `Program ${regionCode}` });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sekitar-demo-'));
  const file = path.join(dir, `demo-dtsen-${regionCode}.csv`);
  try {
    await writeDemoCsv(file, await demoRegion(database, regionCode), opts.workers, opts.seed ?? 1);
    const imp = await createImport(database, { programCode: regionCode, filePath: file, fileName: path.basename(file), source: 'DTSEN', actor: systemActor('demo') });
    await stageImport(database, ctx.keyring, imp.id, { ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    return await finishImport(database, imp.id, { dryRun: false, validOnly: false, actor: systemActor('demo'), keys: ctx.keyring });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

/**
 * One user per role in the demo program, with two sponsors (one for the sponsor user). Passwords
 * are random, written to a 0600 file in the data folder so the start command can show them again.
 */
export async function seedDemoAccounts(ctx: AppContext, accountsFile: string): Promise<DemoAccount[]> {
  const op = systemActor('demo');
  const program = await findProgramByRegion(ctx.database.db, DEMO_PROGRAM.regionCode);
  if (!program) throw new Error('demo program missing');
  const existing = await ctx.database.db.selectFrom('user_roles').select('id').where('program_id', '=', program.id).executeTakeFirst();
  if (existing) return readDemoAccounts(accountsFile);
  const regions = await listRegionsUnder(ctx.database.db, DEMO_PROGRAM.regionCode);
  const firstKecamatan = regions.find((r) => r.level === 3)!.code;
  const kelurahan = regions.filter((r) => r.level === 4 && r.parentCode === firstKecamatan).map((r) => r.code);
  // The company operates around its works: its kelurahan is ring 1, the rest of the kecamatan ring 2.
  const krakatau = await createSponsor(ctx, op, {
    programId: program.id,
    kind: 'company',
    name: 'PT Krakatau Baja Demo',
    addressKelurahan: kelurahan[0]!,
    ring2: kelurahan.slice(1),
  });
  await createSponsor(ctx, op, { programId: program.id, kind: 'foundation', name: 'Baznas Kota Cilegon Demo' });
  const plan = [
    { role: 'admin' as const, email: 'admin@demo.sekitar.id', name: 'Admin GEMET SEKUL' },
    { role: 'insurer' as const, email: 'bpjs@demo.sekitar.id', name: 'Petugas BPJS Ketenagakerjaan' },
    { role: 'sponsor' as const, email: 'csr@demo.sekitar.id', name: 'CSR PT Krakatau Baja', sponsorId: krakatau.id },
    { role: 'agent' as const, email: 'agen@demo.sekitar.id', name: 'Petugas Lapangan', kelurahan },
  ];
  const accounts: DemoAccount[] = [];
  for (const p of plan) {
    const password = generatePassword();
    await createUser(ctx, op, { ...p, programId: program.id, password });
    accounts.push({ role: p.role, email: p.email, password });
  }
  fs.mkdirSync(path.dirname(accountsFile), { recursive: true });
  fs.writeFileSync(accountsFile, JSON.stringify(accounts, null, 2), { mode: 0o600 });
  return accounts;
}

export function readDemoAccounts(accountsFile: string): DemoAccount[] {
  try {
    return JSON.parse(fs.readFileSync(accountsFile, 'utf8')) as DemoAccount[];
  } catch {
    return [];
  }
}
