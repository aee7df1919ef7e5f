#!/usr/bin/env node
// Launches the CLI through tsx so the TypeScript sources run as they are.
//
// Bulk commands stream, so they need little memory, but V8 grows its heap lazily when allocation
// is fast (a million-row import peaks at ~530 MB with the default limit, ~260 MB with a 256 MB
// heap, at the same speed). The CLI therefore runs with a fixed heap budget: SEKITAR_HEAP_MB,
// default 320. An explicit --max-old-space-size (in NODE_OPTIONS or on node's command line) wins.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const explicit = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a.startsWith('--max-old-space-size'));
if (!explicit) {
  const heap = Number.parseInt(process.env.SEKITAR_HEAP_MB ?? '256', 10) || 256;
  const r = spawnSync(process.execPath, [...process.execArgv, `--max-old-space-size=${heap}`, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
