// Allocation: which worker a pledge funds, for which months. A placement is proposed by an
// allocation run (with the reason it was chosen), reviewed by an admin, sent to BPJS TK and, once
// accepted, the worker is a member. Exclusivity is the database's job: one exclusion constraint
// forbids two live placements of the same worker over overlapping months, whoever writes them.
// Cover the programme does not pay for (self-payment seen in BPJS data, an APBD scheme) is recorded
// in worker_covers so allocation leaves those months alone.
import { sql, type Kysely } from 'kysely';

const up_statements = [
  `CREATE EXTENSION IF NOT EXISTS btree_gist`,
  // 'YYYY-MM' -> months since year 0, so months form integer ranges.
  `CREATE FUNCTION sekitar_month_index(m text) RETURNS integer
     LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
     AS $$ SELECT substr(m, 1, 4)::integer * 12 + substr(m, 6, 2)::integer - 1 $$`,
  `CREATE TABLE allocation_runs (
     id bigserial PRIMARY KEY,
     program_id bigint NOT NULL REFERENCES programs (id),
     criteria text[] NOT NULL,
     pledges integer NOT NULL,
     proposed integer NOT NULL,
     summary jsonb NOT NULL DEFAULT '{}',
     created_by text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE placements (
     id bigserial PRIMARY KEY,
     program_id bigint NOT NULL REFERENCES programs (id),
     pledge_id bigint NOT NULL REFERENCES pledges (id),
     sponsor_id bigint NOT NULL REFERENCES sponsors (id),
     worker_id bigint NOT NULL REFERENCES workers (id),
     run_id bigint REFERENCES allocation_runs (id),
     start_month text NOT NULL CHECK (start_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
     months integer NOT NULL CHECK (months BETWEEN 1 AND 36),
     period int4range GENERATED ALWAYS AS (int4range(sekitar_month_index(start_month), sekitar_month_index(start_month) + months)) STORED,
     -- proposed -> approved -> enrolled (BPJS TK accepted) or declined (BPJS TK refused);
     -- proposed -> rejected (admin). Rejected and declined workers are back in the pool.
     status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'rejected', 'enrolled', 'declined')),
     rank integer NOT NULL,
     reason jsonb NOT NULL,
     decided_by text,
     decided_at timestamptz,
     decision_note text,
     created_at timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT placements_one_sponsor_per_month
       EXCLUDE USING gist (worker_id WITH =, period WITH &&) WHERE (status IN ('proposed', 'approved', 'enrolled'))
   )`,
  `CREATE INDEX placements_pledge ON placements (pledge_id, status, rank)`,
  `CREATE INDEX placements_program ON placements (program_id, status, id)`,
  `CREATE TABLE worker_covers (
     id bigserial PRIMARY KEY,
     worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
     source text NOT NULL CHECK (source IN ('self', 'apbd', 'apbdes', 'other')),
     start_month text NOT NULL CHECK (start_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
     -- null: open-ended (an active membership with no known end)
     end_month text CHECK (end_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' AND end_month >= start_month),
     note text,
     created_by text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX worker_covers_worker ON worker_covers (worker_id)`,
];

const down_statements = [
  'DROP TABLE worker_covers',
  'DROP TABLE placements',
  'DROP TABLE allocation_runs',
  'DROP FUNCTION sekitar_month_index(text)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of up_statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of down_statements) await sql.raw(s).execute(db);
}
