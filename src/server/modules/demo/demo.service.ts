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
import { setTarget, upsertFigures, type FigureRow } from '../indicators/figures.service.ts';

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
    const program = await createProgram(ctx, systemActor('demo'), regionCode === DEMO_PROGRAM.regionCode ? DEMO_PROGRAM : { regionCode, name: `Program ${regionCode}` });
    if (regionCode === DEMO_PROGRAM.regionCode) await seedDemoIndicators(ctx, program.id);
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

/** Cilegon's published figures (Disnaker, July 2025) and targets (Perwal 41/2024). */
export const CILEGON_2025 = { workforce: 174_897, participants: 76_062, targetPercent: 55, targetParticipants: 103_439 };

/**
 * Splits total over weights in whole numbers that add up exactly (largest remainder).
 */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((s, v) => s + v, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]!++;
  }
  return out;
}

/**
 * The demo's indicator figures: the city totals as published, and a synthetic split over the
 * kelurahan (marked as such) that adds up to them, with informal cover near the published 16%
 * and two Kampung Sadar Jamsostek pilots above 80%.
 */
export async function seedDemoIndicators(ctx: AppContext, programId: number): Promise<void> {
  const kelurahan = (await listRegionsUnder(ctx.database.db, DEMO_PROGRAM.regionCode)).filter((r) => r.level === 4);
  const h = (code: string, k: number) => [...code].reduce((a, c) => (a * 31 + c.charCodeAt(0) + k) % 9973, 7);
  const workforce = apportion(CILEGON_2025.workforce, kelurahan.map((r) => 50 + (h(r.code, 1) % 100)));
  const informal = workforce.map((t, i) => Math.round(t * (0.35 + (h(kelurahan[i]!.code, 2) % 20) / 100)));
  const pilots = new Set([0, Math.floor(kelurahan.length / 2)]);
  const bpu = informal.map((n, i) => Math.round(n * (pilots.has(i) ? 0.85 : 0.05 + (h(kelurahan[i]!.code, 3) % 20) / 100)));
  const formalLeft = CILEGON_2025.participants - bpu.reduce((s, v) => s + v, 0);
  const pu = apportion(formalLeft, workforce.map((t, i) => t - informal[i]!));
  const synthetic = 'Sebaran sintetis (demo) / synthetic split (demo)';
  const rows: FigureRow[] = [
    { kind: 'workforce', period: '2025', regionCode: DEMO_PROGRAM.regionCode, total: CILEGON_2025.workforce, formal: null, informal: null, source: 'Disnaker Kota Cilegon, Juli 2025' },
    { kind: 'participants', period: '2025-07', regionCode: DEMO_PROGRAM.regionCode, total: CILEGON_2025.participants, formal: null, informal: null, source: 'Disnaker Kota Cilegon, Juli 2025' },
    ...kelurahan.flatMap((r, i): FigureRow[] => [
      { kind: 'workforce', period: '2025', regionCode: r.code, total: workforce[i]!, formal: workforce[i]! - informal[i]!, informal: informal[i]!, source: synthetic },
      { kind: 'participants', period: '2025-07', regionCode: r.code, total: pu[i]! + bpu[i]!, formal: pu[i]!, informal: bpu[i]!, source: synthetic },
    ]),
  ];
  const demo = systemActor('demo');
  await upsertFigures(ctx.database.db, programId, rows, 'demo');
  await setTarget(ctx, demo, programId, { year: 2025, indicator: 'ucj', percent: CILEGON_2025.targetPercent, participants: CILEGON_2025.targetParticipants, basis: 'Perwal Cilegon 41/2024: UCJ 55% (103.439 peserta) pada 2025' });
  await setTarget(ctx, demo, programId, { year: 2025, indicator: 'kampung', percent: 80, basis: 'Kampung Sadar Jamsostek: >= 80% pekerja informal terlindungi' });
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
