// Writing spreadsheet files the way offices produce them, and running imports, for tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Database } from '../src/server/db/database.ts';
import { systemActor } from '../src/server/modules/access/actor.ts';
import type { Keyring } from '../src/server/crypto/keyring.ts';
import { testKeyring } from './db.ts';
import { createImport, finishImport, stageImport, type Mapping } from '../src/server/modules/imports/imports.service.ts';
import type { Source } from '../src/server/modules/registry/merge-rules.ts';
import { makeNik } from '../src/server/modules/registry/nik.ts';

export const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sekitar-t-'));

/** A CSV file in the given encoding and separator. */
export function writeCsv(
  dir: string,
  name: string,
  rows: string[][],
  opts: { delimiter?: string; encoding?: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1252'; eol?: string } = {},
): string {
  const d = opts.delimiter ?? ',';
  const quote = (s: string) => (s.includes(d) || s.includes('"') || s.includes('\n') ? `"${s.replace(/"/g, '""')}"` : s);
  const text = rows.map((r) => r.map(quote).join(d)).join(opts.eol ?? '\r\n') + (opts.eol ?? '\r\n');
  const file = path.join(dir, name);
  const enc = opts.encoding ?? 'utf-8';
  if (enc === 'utf-8') fs.writeFileSync(file, text, 'utf8');
  else if (enc === 'utf-8-bom') fs.writeFileSync(file, '\uFEFF' + text, 'utf8');
  else if (enc === 'utf-16le') fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]));
  else fs.writeFileSync(file, iconv.encode(text, 'windows-1252'));
  return file;
}

/** NIKs of Kota Cilegon (36.72) that pass validation. */
export function nik(n: number, sex: 'L' | 'P' = 'L', birthDate = '1985-03-12'): string {
  return makeNik({ regencyCode: '36.72', districtTwoDigits: '01', birthDate, sex, serial: n });
}

export async function runImport(
  database: Database,
  file: string,
  opts: { source?: Source; dryRun?: boolean; validOnly?: boolean; mapping?: Mapping; program?: string; keyring?: Keyring } = {},
) {
  const imp = await createImport(database, {
    programCode: opts.program ?? '36.72',
    filePath: file,
    fileName: path.basename(file),
    source: opts.source ?? 'DTSEN',
    actor: systemActor('test'),
  });
  const staged = await stageImport(database, opts.keyring ?? testKeyring(), imp.id, opts.mapping ? { mapping: opts.mapping } : {});
  const counts = await finishImport(database, imp.id, { dryRun: opts.dryRun ?? false, validOnly: opts.validOnly ?? false, actor: systemActor('test'), keys: opts.keyring ?? testKeyring() });
  return { id: imp.id, staged, counts };
}
