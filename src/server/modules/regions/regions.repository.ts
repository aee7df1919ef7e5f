// Kemendagri administrative areas, loaded once from the idn-area-data package.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import type { Kysely } from 'kysely';
import type { BulkSession } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';

export interface Region {
  code: string;
  level: number;
  parentCode: string | null;
  name: string;
}

function dataFolder(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data');
}

const FILES: { file: string; level: number; parent: string | null }[] = [
  { file: 'provinces.csv', level: 1, parent: null },
  { file: 'regencies.csv', level: 2, parent: 'province_code' },
  { file: 'districts.csv', level: 3, parent: 'regency_code' },
  { file: 'villages.csv', level: 4, parent: 'district_code' },
];

export async function countRegions(db: Kysely<DB>): Promise<number> {
  const r = await db.selectFrom('regions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Loads all four levels in one COPY (parents precede children in the files' order). */
export async function loadRegions(session: BulkSession): Promise<number> {
  const folder = dataFolder();
  const writer = session.copy('regions', ['code', 'level', 'parent_code', 'name']);
  for (const { file, level, parent } of FILES) {
    const parser = fs.createReadStream(path.join(folder, file)).pipe(parse({ columns: true }));
    for await (const rec of parser as AsyncIterable<Record<string, string>>) {
      const name = level <= 2 ? titleCase(rec.name ?? '') : (rec.name ?? '');
      await writer.write([rec.code ?? '', level, parent ? (rec[parent] ?? null) : null, name]);
    }
  }
  return writer.end();
}

/** 'KOTA CILEGON' -> 'Kota Cilegon' (the package writes the upper levels in capitals). */
function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s(/-])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
}

export async function findRegion(db: Kysely<DB>, code: string): Promise<Region | undefined> {
  const r = await db.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
  return r && { code: r.code, level: r.level, parentCode: r.parent_code, name: r.name };
}

/** Kecamatan and kelurahan of one kab/kota. */
export async function listRegionsUnder(db: Kysely<DB>, regencyCode: string): Promise<Region[]> {
  const rows = await db
    .selectFrom('regions')
    .selectAll()
    .where('code', 'like', `${regencyCode}.%`)
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, level: r.level, parentCode: r.parent_code, name: r.name }));
}

