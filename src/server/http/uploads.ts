// Receiving one uploaded file (multipart/form-data, field "file") into the data folder's uploads,
// mode 0600, with the form's text fields. The size limit is the multipart plugin's; a truncated
// file is removed and refused.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../domain-error.ts';

export interface Upload {
  path: string;
  /** The name the file had on the sender's machine, without folders. */
  name: string;
  fields: Record<string, string>;
}

export async function receiveUpload(req: FastifyRequest, dir: string, missing: string): Promise<Upload> {
  fs.mkdirSync(dir, { recursive: true });
  const fields: Record<string, string> = {};
  let saved: { path: string; name: string } | undefined;
  for await (const part of req.parts()) {
    if (part.type === 'field') fields[part.fieldname] = String(part.value);
    else if (part.fieldname === 'file' && !saved) {
      const name = path.basename(part.filename || 'upload').slice(0, 200);
      const target = path.join(dir, `${Date.now()}-${randomBytes(4).toString('hex')}${path.extname(name).slice(0, 8)}`);
      await pipeline(part.file, fs.createWriteStream(target, { mode: 0o600 }));
      if (part.file.truncated) {
        fs.rmSync(target, { force: true });
        throw new DomainError('FILE_TOO_LARGE');
      }
      saved = { path: target, name };
    } else {
      await pipeline(part.file, new PassThrough().resume());
    }
  }
  if (!saved) throw new DomainError(missing);
  return { ...saved, fields };
}
