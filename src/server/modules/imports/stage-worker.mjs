// The worker thread of a large import (stage-rows.ts, openStager): stages the batches of rows it
// is sent with the setup it was started with, and answers each with its COPY text and problems.
//
// Plain JavaScript, because a worker thread starts without the TypeScript loader of the process
// that starts it (whether it came from `--import tsx` or tsx's register API): it registers tsx
// itself. Never relying on Node's own type stripping (Node 22.18+), which does not take all of
// the sources' TypeScript.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { batchStager } = await import('./stage-rows.ts');
const stage = batchStager(workerData);

parentPort.on('message', (m) => {
  let result;
  try {
    result = stage(m.rows);
  } catch {
    // Never the values: only that staging failed.
    parentPort.postMessage({ id: m.id, failed: true });
    return;
  }
  parentPort.postMessage({ id: m.id, ...result });
});
