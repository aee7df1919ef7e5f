// Field work and data-subject rights: who collected a consent (as a user) and how it was withdrawn;
// a worker's life status (a death or a move out of the area, which allocation must skip); and the
// time a record was anonymised on request.
import { sql, type Kysely } from 'kysely';

const up_statements = [
  `ALTER TABLE consents
     ADD COLUMN collected_by_user_id bigint REFERENCES users (id),
     ADD COLUMN withdrawn_by text,
     ADD COLUMN withdrawal_reason text,
     ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()`,
  // "Which records lack consent" asks for the live ones per worker.
  `CREATE INDEX consents_live ON consents (worker_id) WHERE withdrawn_at IS NULL`,
  `ALTER TABLE workers
     ADD COLUMN life_status text NOT NULL DEFAULT 'active' CHECK (life_status IN ('active', 'deceased', 'moved_away')),
     ADD COLUMN life_status_date date,
     ADD COLUMN life_status_note text,
     ADD COLUMN anonymised_at timestamptz`,
];

const down_statements = [
  `ALTER TABLE workers DROP COLUMN anonymised_at, DROP COLUMN life_status_note, DROP COLUMN life_status_date, DROP COLUMN life_status`,
  `DROP INDEX consents_live`,
  `ALTER TABLE consents DROP COLUMN created_at, DROP COLUMN withdrawal_reason, DROP COLUMN withdrawn_by, DROP COLUMN collected_by_user_id`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of up_statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of down_statements) await sql.raw(s).execute(db);
}
