// The worker thread of batch-sealer.ts: seals batches with the key it was started with.
import { parentPort, workerData } from 'node:worker_threads';
import { hashWith, sealWith } from './sealing.mjs';

const { enc, mac, keyId } = workerData;

parentPort.on('message', (m) => {
  try {
    const n = m.niks.length;
    const r = { id: m.id, nikHash: new Array(n), nikEnc: new Array(n), phoneHash: new Array(n), phoneEnc: new Array(n) };
    for (let i = 0; i < n; i++) {
      const nik = m.niks[i];
      const phone = m.phones[i];
      r.nikHash[i] = hashWith(mac, 'nik', nik);
      r.nikEnc[i] = sealWith(enc, keyId, 'nik', nik);
      r.phoneHash[i] = phone === null ? null : hashWith(mac, 'phone', phone);
      r.phoneEnc[i] = phone === null ? null : sealWith(enc, keyId, 'phone', phone);
    }
    parentPort.postMessage(r);
  } catch {
    // Never the values: only that sealing failed.
    parentPort.postMessage({ id: m.id, failed: true });
  }
});
