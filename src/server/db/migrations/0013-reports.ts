// Reports (CSR per sponsor and period, the programme's monthly report, certificates of
// appreciation): what each said is kept as it was issued, with a digest of its content and a MAC
// over the digest, so the verification page can confirm a printed report's figures (or refuse a
// code or a stored content that was changed).
import { sql, type Kysely } from 'kysely';

const up_statements = [
  `CREATE TABLE reports (
     id text PRIMARY KEY CHECK (id ~ '^[a-z0-9]{16}$'),
     kind text NOT NULL CHECK (kind IN ('csr', 'program', 'certificate')),
     program_id bigint NOT NULL REFERENCES programs (id),
     sponsor_id bigint REFERENCES sponsors (id),
     period_from text NOT NULL CHECK (period_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
     period_to text NOT NULL CHECK (period_to ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' AND period_to >= period_from),
     content jsonb NOT NULL,
     digest text NOT NULL,
     mac_key text NOT NULL,
     mac text NOT NULL,
     scheduled boolean NOT NULL DEFAULT false,
     created_by text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     CHECK ((kind = 'program') = (sponsor_id IS NULL))
   )`,
  `CREATE INDEX reports_program ON reports (program_id, kind, period_from)`,
  `CREATE INDEX reports_sponsor ON reports (sponsor_id, period_from) WHERE sponsor_id IS NOT NULL`,
];

const down_statements = ['DROP TABLE reports'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of up_statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of down_statements) await sql.raw(s).execute(db);
}
