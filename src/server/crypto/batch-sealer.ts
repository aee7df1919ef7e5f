// Seals NIKs and phone numbers in bulk for an import. Under a block key (field-crypto.ts) a batch
// is one cipher call per subkey, done in place. Under an older gcm key each value costs a cipher
// and an HMAC (about 15 µs a row, as much as half of a row's parsing), so batches go to a worker
// thread and an import's reading and validating (and, on the embedded database, PostgreSQL
// itself) keep the main thread while the encryption runs beside it.
//
// The worker (seal-worker.mjs) runs the same sealing code as the gcm path of field-crypto.ts
// (sealing.mjs, plain JavaScript: no TypeScript loader exists in a worker started by the CLI or
// the tests). Keys reach it as KeyObjects, never as text.
import { Worker } from 'node:worker_threads';
import { sealMany } from './field-crypto.ts';
import type { Keyring } from './keyring.ts';

export interface SealedBatch {
  nikHash: string[];
  nikEnc: string[];
  phoneHash: (string | null)[];
  phoneEnc: (string | null)[];
}

/** Seals batches of NIKs and phone numbers with one data key: in place, or on a worker thread. */
export class BatchSealer {
  private readonly worker: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: (b: SealedBatch) => void; reject: (e: Error) => void }>();
  private next = 0;
  private broken: Error | undefined;

  constructor(
    private readonly keyring: Keyring,
    private readonly keyId = keyring.currentId,
  ) {
    if (keyring.scheme(keyId) === 'block') return;
    this.worker = new Worker(new URL('./seal-worker.mjs', import.meta.url), {
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
    if (!this.worker) {
      const nik = sealMany(this.keyring, 'nik', niks, this.keyId);
      const phone = sealMany(this.keyring, 'phone', phones, this.keyId);
      return Promise.resolve({ nikHash: nik.hash as string[], nikEnc: nik.enc as string[], phoneHash: phone.hash, phoneEnc: phone.enc });
    }
    const worker = this.worker;
    const id = this.next++;
    const p = new Promise<SealedBatch>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, niks, phones });
    });
    // Callers keep a few batches in flight and await them in order: a failure of a batch not
    // awaited yet must not count as an unhandled rejection meanwhile.
    p.catch(() => {});
    return p;
  }

  async close(): Promise<void> {
    this.broken ??= new Error('the sealer is closed');
    if (!this.worker) return;
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
