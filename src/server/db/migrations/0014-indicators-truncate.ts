// TRUNCATE of a counted table (0011-indicators.ts) takes its running totals with it. Statement
// triggers see no rows of a TRUNCATE, so until now the totals kept counting rows that were gone.
// Each metric is fed by one table, and a TRUNCATE empties the table for every programme: its
// metrics' cells are deleted, and the programmes that had them are told (NOTIFY), as for any change.
import { sql, type Kysely } from 'kysely';

/** The metrics each counted table feeds (the CELLS of 0011-indicators.ts). */
const METRICS: Record<string, string[]> = {
  placements: ['covered', 'lapsed'],
  pledges: ['pledged', 'places', 'renewals'],
  contribution_lines: ['invoiced'],
  payments: ['paid'],
  claims: ['claims', 'benefits'],
  workers: ['registered'],
};

const up_statements = [
  `CREATE FUNCTION sekitar_cells_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify('sekitar_indicators', program_id::text)
     FROM (SELECT DISTINCT program_id FROM indicator_cells WHERE metric = ANY (TG_ARGV)) p;
     DELETE FROM indicator_cells WHERE metric = ANY (TG_ARGV);
     RETURN NULL;
   END $$`,
  ...Object.entries(METRICS).map(
    ([table, metrics]) =>
      `CREATE TRIGGER ${table}_cells_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION sekitar_cells_truncated(${metrics.map((m) => `'${m}'`).join(', ')})`,
  ),
];

const down_statements = [...Object.keys(METRICS).map((table) => `DROP TRIGGER ${table}_cells_truncate ON ${table}`), 'DROP FUNCTION sekitar_cells_truncated()'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of up_statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of down_statements) await sql.raw(s).execute(db);
}
