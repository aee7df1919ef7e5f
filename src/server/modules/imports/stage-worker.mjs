// The worker thread of a large import (stage-rows.ts, openStager): stages the batches of rows it
// is sent with the setup it was started with, and answers each with its COPY text and problems.
//
// Plain JavaScript, because a worker thread inherits no TypeScript loader from a process that
// registered one through its API (the CLI) or from the test runner: it loads the TypeScript
// sources through tsx itself, unless the process was started with `--import tsx` (the server),
// whose flags the worker inherits.
import { parentPort, workerData } from 'node:worker_threads';

async function load() {
  try {
    return await import('./stage-rows.ts');
  } catch (e) {
    if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    const { register } = await import('tsx/esm/api');
    register();
    // Another URL: the failed load of the plain one stays cached.
    return import('./stage-rows.ts?loaded-with-tsx');
  }
}

const stage = (await load()).batchStager(workerData);

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
