// Seals NIKs and phone numbers in bulk on a worker thread, so that an import's reading and
// validating (and, on the embedded database, PostgreSQL itself) keep the main thread while the
// encryption runs beside it: sealing costs about 15 µs per row, as much as half of a row's parsing.
//
// The worker runs the plain JavaScript below (no TypeScript loader exists in a worker started by
// the CLI or the tests); it produces exactly what seal() and blindIndex() in field-crypto.ts
// produce, which batch-sealer.test.ts checks. Keys reach it as KeyObjects, never as text.
import { Worker } from 'node:worker_threads';
import type { Keyring } from './keyring.ts';

const WORKER_SOURCE = String.raw`
'use strict';
const crypto = require('node:crypto');
const { parentPort, workerData } = require('node:worker_threads');
const { enc, mac, keyId } = workerData;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD = { nik: Buffer.from('nik'), phone: Buffer.from('phone') };
const PREFIX = { nik: 'nik:', phone: 'phone:' };
const ivPool = Buffer.alloc(IV_BYTES * 4096);
let ivOffset = ivPool.length;
function nextIv() {
  if (ivOffset >= ivPool.length) {
    crypto.randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}
function hash(field, value) {
  return crypto.createHmac('sha256', mac).update(PREFIX[field] + value, 'utf8').digest('base64url');
}
function seal(field, value) {
  const iv = nextIv();
  const cipher = crypto.createCipheriv('aes-256-gcm', enc, iv);
  cipher.setAAD(AAD[field]);
  const body = cipher.update(value, 'utf8');
  const rest = cipher.final();
  const tag = cipher.getAuthTag();
  const out = Buffer.allocUnsafe(IV_BYTES + body.length + rest.length + TAG_BYTES);
  iv.copy(out, 0);
  body.copy(out, IV_BYTES);
  rest.copy(out, IV_BYTES + body.length);
  tag.copy(out, IV_BYTES + body.length + rest.length);
  return keyId + ':' + out.toString('base64');
}
parentPort.on('message', (m) => {
  try {
    const n = m.niks.length;
    const r = { id: m.id, nikHash: new Array(n), nikEnc: new Array(n), phoneHash: new Array(n), phoneEnc: new Array(n) };
    for (let i = 0; i < n; i++) {
      const nik = m.niks[i];
      const phone = m.phones[i];
      r.nikHash[i] = hash('nik', nik);
      r.nikEnc[i] = seal('nik', nik);
      r.phoneHash[i] = phone === null ? null : hash('phone', phone);
      r.phoneEnc[i] = phone === null ? null : seal('phone', phone);
    }
    parentPort.postMessage(r);
  } catch (e) {
    // Never the values: only that sealing failed.
    parentPort.postMessage({ id: m.id, failed: true });
  }
});
`;

export interface SealedBatch {
  nikHash: string[];
  nikEnc: string[];
  phoneHash: (string | null)[];
  phoneEnc: (string | null)[];
}

/** A worker thread that seals batches of NIKs and phone numbers with one data key. */
export class BatchSealer {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (b: SealedBatch) => void; reject: (e: Error) => void }>();
  private next = 0;
  private broken: Error | undefined;

  constructor(keyring: Keyring, keyId = keyring.currentId) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { enc: keyring.encKey(keyId), mac: keyring.macKey(keyId), keyId },
    });
    this.worker.on('message', (m: SealedBatch & { id: number; failed?: boolean }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.failed) w.reject(new Error('sealing personal data failed'));
      else w.resolve(m);
    });
    const fail = (e: Error) => {
      this.broken = e;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', () => fail(new Error('the sealing worker failed')));
    this.worker.on('exit', () => fail(new Error('the sealing worker stopped')));
  }

  /** Keyed hashes and ciphertexts of NIKs and (nullable) phone numbers, in the order given. */
  seal(niks: string[], phones: (string | null)[]): Promise<SealedBatch> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.next++;
    const p = new Promise<SealedBatch>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, niks, phones });
    });
    // Callers keep a few batches in flight and await them in order: a failure of a batch not
    // awaited yet must not count as an unhandled rejection meanwhile.
    p.catch(() => {});
    return p;
  }

  async close(): Promise<void> {
    this.broken ??= new Error('the sealing worker is closed');
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
