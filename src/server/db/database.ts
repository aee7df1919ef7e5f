// Opens the database: embedded PGlite in SEKITAR_DATA by default, or a PostgreSQL server when
// DATABASE_URL is set. Both speak the same SQL and run the same migrations.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { copyLine } from './copy-text.ts';
import type { DB } from './schema.ts';

// Type OIDs whose default JavaScript mapping would be wrong for us.
const OID_INT8 = 20; // count(*) and bigserial ids: numbers (ids stay far below 2^53)
const OID_DATE = 1082; // 'YYYY-MM-DD' as stored: a Date object would shift with the time zone
const OID_NUMERIC = 1700;

export type DatabaseKind = 'pglite' | 'postgres';

/** Writes rows into a table through COPY, with backpressure. Values are text or null. */
export interface CopyWriter {
  /**
   * Adds a row. Returns a promise only when the caller must wait (a batch is being sent): a loop
   * over a million rows then awaits a few hundred times, not once per row.
   */
  write(row: readonly (string | number | null)[]): Promise<void> | undefined;
  /** Adds `rows` rows already written as COPY text lines (copy-text.ts); the same waiting rule. */
  writeLines(text: string, rows: number): Promise<void> | undefined;
  /** Finishes the COPY; returns the number of rows written. */
  end(): Promise<number>;
}

export interface BulkOptions {
  transaction?: boolean;
}

/** One connection inside one transaction, for bulk work (imports, billing runs). */
export interface BulkSession {
  /** Kysely bound to the session's transaction. */
  db: Kysely<DB>;
  copy(table: string, columns: readonly string[]): CopyWriter;
  /** Ends the session with ROLLBACK instead of COMMIT (dry runs). */
  rollbackOnly(): void;
}

export interface Database {
  kind: DatabaseKind;
  db: Kysely<DB>;
  /**
   * Runs fn on one connection, in one transaction that commits unless fn throws or asks for a
   * rollback. With { transaction: false } each statement commits on its own (staging work that
   * must not hold the embedded database's single session for minutes).
   */
  bulk<T>(fn: (session: BulkSession) => Promise<T>, opts?: BulkOptions): Promise<T>;
  /**
   * Calls handler with each NOTIFY payload on channel, from any writer of the database, after its
   * commit. On PostgreSQL the listening connection may drop: handler then gets null (anything may
   * have been missed) and listening resumes on a new connection. Returns the way to stop.
   */
  listen(channel: string, handler: (payload: string | null) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** PGlite only: the whole data folder as a tarball, to clone a prepared database. */
  dumpDataDir?(): Promise<Blob>;
}

function copySql(table: string, columns: readonly string[], from: string): string {
  const ident = (s: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new Error(`unsafe identifier ${s}`);
    return s;
  };
  return `COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM ${from}`;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Folder for PGlite's files; undefined keeps the database in memory. */
  dataDir?: string | undefined;
  /** A PGlite data folder dump to start from (tests clone a migrated template this way). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : openPGlite(opts);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      if (oid === OID_DATE || oid === OID_NUMERIC) return (v: string) => v;
      if (oid === OID_INT8) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // A failed idle client must not crash the process; the next query reports the problem.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    async bulk(fn, opts) {
      const inTransaction = opts?.transaction ?? true;
      const client = await pool.connect();
      // A pool of one: Kysely runs every query of the session on this client.
      const single = new Kysely<DB>({
        dialect: new PostgresDialect({
          pool: {
            // A view of the client whose release does nothing: the session releases it once, at the end.
            connect: async () => ({ query: client.query.bind(client) as typeof client.query, release: () => {} }),
            end: async () => {},
            options: {},
          },
        }),
      });
      let rollback = false;
      let broken: unknown;
      // A COPY still open on the connection would queue a ROLLBACK behind it forever: on an error
      // with a COPY open, the connection is dropped instead, and the server rolls back.
      let openCopies = 0;
      try {
        if (inTransaction) await client.query('BEGIN');
        const result = await fn({
          db: single,
          rollbackOnly: () => {
            rollback = true;
          },
          copy(table, columns) {
            const stream = client.query(copyFromStdin(copySql(table, columns, 'STDIN')));
            openCopies++;
            let rows = 0;
            let failed: Error | undefined;
            stream.on('error', (e: Error) => {
              failed = e;
            });
            // Lines are sent in chunks of about 256 KB: one CopyData message per row costs more
            // than the parsing of the row.
            let chunk = '';
            const send = async () => {
              const data = chunk;
              chunk = '';
              // once() rejects when the stream fails while waiting (and leaves no listener behind).
              if (!stream.write(data)) await once(stream, 'drain');
              if (failed) throw failed;
            };
            return {
              write(row) {
                return this.writeLines(copyLine(row), 1);
              },
              writeLines(text, n) {
                if (failed) return Promise.reject(failed);
                rows += n;
                chunk += text;
                return chunk.length >= 256 * 1024 ? send() : undefined;
              },
              async end() {
                if (failed) throw failed;
                if (chunk) await send();
                stream.end();
                await once(stream, 'finish');
                openCopies--;
                if (failed) throw failed;
                return rows;
              },
            };
          },
        });
        if (inTransaction) await client.query(rollback ? 'ROLLBACK' : 'COMMIT');
        return result;
      } catch (e) {
        broken = e;
        if (inTransaction && openCopies === 0) await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release(broken === undefined ? undefined : broken instanceof Error ? broken : new Error('bulk session failed'));
      }
    },
    listen: (channel, handler) => listenPostgres(url, types, channel, handler),
    close: () => db.destroy(),
  };
}

async function openPGlite(opts: OpenOptions): Promise<Database> {
  if (opts.dataDir) fs.mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  const pglite = await PGlite.create({
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    extensions: { pg_trgm, btree_gist },
    parsers: { [OID_DATE]: (v: string) => v, [OID_NUMERIC]: (v: string) => v, [OID_INT8]: (v: string) => Number(v) },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  // PGlite has one session: its transaction() holds a lock, so no other query of the process
  // slips into a bulk session's transaction.
  return {
    kind: 'pglite',
    db,
    async bulk(fn, opts) {
      let rollback = false;
      const session = (run: Queryable, bound: Kysely<DB>): BulkSession => ({
        db: bound,
        rollbackOnly: () => {
          rollback = true;
        },
        copy: (table, columns) => pgliteCopy(run, copySql(table, columns, "'/dev/blob'")),
      });
      if (opts?.transaction === false) return fn(session(pglite, db));
      let result: Awaited<ReturnType<typeof fn>> | undefined;
      await pglite.transaction(async (tx) => {
        const bound = new Kysely<DB>({
          dialect: new PGliteDialect({
            pglite: {
              query: (q: string, p?: unknown[], o?: object) => tx.query(q, p, o),
              transaction: () => Promise.reject(new Error('nested transaction in a bulk session')),
              close: async () => {},
              closed: false,
              ready: true,
              waitReady: Promise.resolve(),
            },
          }),
        });
        result = await fn(session(tx, bound));
        if (rollback) await tx.rollback();
      });
      return result as Awaited<ReturnType<typeof fn>>;
    },
    listen: async (channel, handler) => {
      const stop = await pglite.listen(channel, (payload) => handler(payload));
      return async () => {
        if (!pglite.closed) await stop();
      };
    },
    close: () => db.destroy(),
    dumpDataDir: async () => pglite.dumpDataDir('gzip'),
  };
}

/** A connection of its own for LISTEN, opened again (after a second) whenever it drops. */
async function listenPostgres(url: string, types: pg.CustomTypesConfig, channel: string, handler: (payload: string | null) => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`unsafe channel ${channel}`);
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, types });
    const lost = () => {
      if (stopped || client !== c) return;
      client = undefined;
      handler(null);
      retry = setTimeout(() => void connect().catch(lost), 1_000);
      retry.unref();
    };
    client = c;
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (n) => {
      if (n.channel === channel) handler(n.payload ?? null);
    });
    await c.connect();
    await c.query(`LISTEN ${channel}`);
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

type Queryable = { query(q: string, p?: unknown[], o?: { blob?: Blob }): Promise<unknown> };

/** PGlite reads COPY data from a Blob: rows are gathered into batches of a few megabytes. */
function pgliteCopy(run: Queryable, statement: string): CopyWriter {
  const BATCH_BYTES = 8 * 1024 * 1024;
  let parts: string[] = [];
  let bytes = 0;
  let rows = 0;
  const flush = async () => {
    if (parts.length === 0) return;
    const blob = new Blob(parts);
    parts = [];
    bytes = 0;
    await run.query(statement, [], { blob });
  };
  return {
    write(row) {
      return this.writeLines(copyLine(row), 1);
    },
    writeLines(text, n) {
      parts.push(text);
      bytes += text.length;
      rows += n;
      return bytes >= BATCH_BYTES ? flush() : undefined;
    },
    async end() {
      await flush();
      return rows;
    },
  };
}
