// The only module that reads process.env. Everything else receives a Config.
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  SEKITAR_DATA: z.string().default('./data'),
  // An empty value means unset, as shells and .env files often leave it.
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  SEKITAR_DEMO_WORKERS: z.coerce.number().int().min(1).max(5_000_000).default(20_000),
  SEKITAR_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEKITAR_KEYS: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
});

export interface Config {
  port: number;
  host: string;
  /** Folder for the embedded database, uploads and import reports. */
  dataDir: string;
  /** When set, a PostgreSQL server is used instead of the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** How many synthetic workers `--demo` seeds on an empty database. */
  demoWorkers: number;
  logLevel: z.infer<typeof envSchema>['SEKITAR_LOG_LEVEL'];
  /**
   * Where the personal-data keys are: the path of a key file, or the key file's JSON itself.
   * Unset: <dataDir>/keys.json, created on first start (src/server/crypto/keyring.ts).
   */
  keys: string | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Konfigurasi tidak valid / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.SEKITAR_DATA),
    databaseUrl: e.DATABASE_URL,
    demoWorkers: e.SEKITAR_DEMO_WORKERS,
    logLevel: e.SEKITAR_LOG_LEVEL,
    keys: e.SEKITAR_KEYS,
  };
}
