// The demo: Kota Cilegon's GEMET SEKUL program with synthetic workers, imported through the real
// import pipeline so the demo exercises what operators use.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../db/database.ts';
import type { Keyring } from '../../crypto/keyring.ts';
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
  database: Database,
  keyring: Keyring,
  opts: { workers: number; regionCode?: string; seed?: number; onProgress?: (rows: number) => void },
): Promise<ImportCounts> {
  const regionCode = opts.regionCode ?? DEMO_PROGRAM.regionCode;
  if (!(await findProgramByRegion(database.db, regionCode))) {
    await createProgram(database.db, regionCode === DEMO_PROGRAM.regionCode ? DEMO_PROGRAM : { regionCode, name: `Program ${regionCode}` });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sekitar-demo-'));
  const file = path.join(dir, `demo-dtsen-${regionCode}.csv`);
  try {
    await writeDemoCsv(file, await demoRegion(database, regionCode), opts.workers, opts.seed ?? 1);
    const imp = await createImport(database, { programCode: regionCode, filePath: file, fileName: path.basename(file), source: 'DTSEN', actor: 'demo' });
    await stageImport(database, keyring, imp.id, { ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    return await finishImport(database, imp.id, { dryRun: false, validOnly: false, actor: 'demo' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
