// Starts the real Sekitar server for browser tests: `node --import tsx src/server/main.ts --demo`
// on a free port, with the embedded database in a fresh temporary directory. Nothing is mocked:
// the browser talks to the same Fastify app, migrations and import jobs as production.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findNiks } from '../../test/no-nik.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB_INDEX = path.join(ROOT, 'dist', 'web', 'index.html');
/** First start migrates and loads ~83k regions into the embedded database. */
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 10_000;
const BUILD_LOCK = path.join(ROOT, 'dist', '.e2e-web-build.lock');
const BUILD_TIMEOUT_MS = 180_000;
const LOG_KEPT_CHARS = 20_000;

export interface SekitarServer {
  /** e.g. http://127.0.0.1:41234, without a trailing slash. */
  baseUrl: string;
  /** What the server printed so far (the last 20,000 characters), for failure messages. */
  output: () => string;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its data directory. */
  stop: () => Promise<void>;
  /** The demo's users, one per role, with the passwords the start command printed. */
  accounts: DemoAccount[];
}

export interface DemoAccount {
  role: 'admin' | 'insurer' | 'sponsor' | 'agent';
  email: string;
  password: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The server serves dist/web only when dist/web/index.html exists. `npm test` builds it before
 * vitest; when it is missing (vitest run directly on a fresh clone) it is built once here, under
 * a lock so that test files running in parallel do not build over each other.
 */
export async function ensureWebBuild(): Promise<void> {
  if (fs.existsSync(WEB_INDEX)) return;
  fs.mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    if (fs.existsSync(WEB_INDEX) && !fs.existsSync(BUILD_LOCK)) return;
    let locked = false;
    try {
      fs.mkdirSync(BUILD_LOCK);
      locked = true;
    } catch {
      // Another test file is building: wait for it, unless its lock was left by a killed run.
      const age = Date.now() - (fs.statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > BUILD_TIMEOUT_MS) fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
    }
    if (locked) {
      try {
        if (!fs.existsSync(WEB_INDEX)) {
          execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: BUILD_TIMEOUT_MS });
        }
      } catch (e) {
        const err = e as { stdout?: Buffer; stderr?: Buffer };
        throw new Error(`npx vite build failed:\n${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}`);
      } finally {
        fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
      }
      if (!fs.existsSync(WEB_INDEX)) throw new Error(`npx vite build did not write ${WEB_INDEX}`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for another process to build ${WEB_INDEX}`);
    await sleep(500);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

async function healthy(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
    return res.ok && ((await res.json()) as { ok?: unknown }).ok === true;
  } catch {
    return false;
  }
}

async function startOnce(demoWorkers: number): Promise<SekitarServer & { addressInUse: boolean }> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sekitar-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  let log = '';
  // Only the tail is kept for failure messages, but every line is scanned for NIKs as it comes.
  let partial = '';
  let niksSeen = 0;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    log = (log + text).slice(-LOG_KEPT_CHARS);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) niksSeen += findNiks(line).length;
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEKITAR_DATA: dataDir,
      SEKITAR_DEMO_WORKERS: String(demoWorkers),
      DATABASE_URL: '',
      // Every request logged, so the scan for personal data below sees them all.
      SEKITAR_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // A test worker that dies must not leave a server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    if (!exited(child)) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
        child.kill('SIGKILL');
        await waitForExit(child, STOP_TIMEOUT_MS);
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    // What the server wrote (logs, start-up messages) must hold no NIK.
    niksSeen += findNiks(partial).length;
    if (niksSeen > 0) throw new Error(`${niksSeen} NIK(s) in the server's output`);
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await healthy(baseUrl))) {
    if (exited(child) || Date.now() > deadline) {
      const why = exited(child) ? `exited with ${child.exitCode ?? child.signalCode}` : `did not answer /api/health within ${START_TIMEOUT_MS / 1000} s`;
      await stop();
      const server = { baseUrl, output: () => log, stop, accounts: [], addressInUse: /EADDRINUSE/.test(log) };
      if (server.addressInUse) return server;
      throw new Error(`Sekitar server ${why}. Output:\n${log}`);
    }
    await sleep(250);
  }
  const accounts = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8')) as DemoAccount[];
  return { baseUrl, output: () => log, stop, accounts, addressInUse: false };
}

/** The demo account of a role. */
export function account(server: SekitarServer, role: DemoAccount['role']): DemoAccount {
  const a = server.accounts.find((x) => x.role === role);
  if (!a) throw new Error(`no demo account for ${role}`);
  return a;
}

/** Starts the real server with a demo program (Kota Cilegon, 36.72) of `demoWorkers` workers. */
export async function startServer(opts: { demoWorkers?: number } = {}): Promise<SekitarServer> {
  await ensureWebBuild();
  // The port is free when chosen but another process may take it before the server binds: retry.
  for (let attempt = 1; ; attempt++) {
    const { addressInUse, ...server } = await startOnce(opts.demoWorkers ?? 300);
    if (!addressInUse) return server;
    if (attempt >= 3) throw new Error(`Sekitar server could not bind a port. Output:\n${server.output()}`);
  }
}
