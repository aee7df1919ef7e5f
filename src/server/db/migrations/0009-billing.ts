// Money: contribution lines per worker per month and programme (each names the rate rules that
// priced it), invoices per sponsor per billing run, payments recorded once per idempotency key and
// spread over the sponsor's invoices oldest first (what is left is credit carried forward).
// Integer rupiah everywhere.
import { sql, type Kysely } from 'kysely';

const up_statements = [
  `CREATE TABLE billing_runs (
     id bigserial PRIMARY KEY,
     program_id bigint NOT NULL REFERENCES programs (id),
     month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
     lines integer NOT NULL DEFAULT 0,
     invoices integer NOT NULL DEFAULT 0,
     created_by text NOT NULL,
     started_at timestamptz NOT NULL DEFAULT now(),
     finished_at timestamptz
   )`,
  `CREATE INDEX billing_runs_program ON billing_runs (program_id, month, id)`,
  `CREATE TABLE invoices (
     id bigserial PRIMARY KEY,
     number text NOT NULL UNIQUE,
     program_id bigint NOT NULL REFERENCES programs (id),
     sponsor_id bigint NOT NULL REFERENCES sponsors (id),
     -- the billing month whose run issued it
     period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
     billing_run_id bigint NOT NULL REFERENCES billing_runs (id),
     total bigint NOT NULL CHECK (total >= 0),
     paid bigint NOT NULL DEFAULT 0 CHECK (paid >= 0 AND paid <= total),
     due_date date NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     -- a later run for the same month (new enrolments) issues a supplementary invoice
     CONSTRAINT invoices_one_per_sponsor_run UNIQUE (billing_run_id, sponsor_id)
   )`,
  `CREATE INDEX invoices_sponsor ON invoices (sponsor_id, period)`,
  `CREATE TABLE contribution_lines (
     id bigserial PRIMARY KEY,
     program_id bigint NOT NULL,
     placement_id bigint NOT NULL,
     sponsor_id bigint NOT NULL,
     worker_id bigint NOT NULL,
     month text NOT NULL,
     program text NOT NULL CHECK (program IN ('JKK', 'JKM', 'JHT')),
     base integer NOT NULL CHECK (base >= 0),
     discount integer NOT NULL CHECK (discount >= 0 AND discount <= base),
     amount integer NOT NULL CHECK (amount = base - discount),
     rule_ids integer[] NOT NULL CHECK (cardinality(rule_ids) > 0),
     invoice_id bigint NOT NULL,
     billing_run_id bigint NOT NULL,
     CONSTRAINT contribution_lines_once UNIQUE (placement_id, month, program)
   )`,
  // Lines are written in bulk by the billing run, which checks what it joins: per-row foreign-key
  // triggers would double its cost (docs/ARCHITECTURE.md). The invoice lookup needs its index.
  `CREATE INDEX contribution_lines_invoice ON contribution_lines (invoice_id, month, id)`,
  `CREATE INDEX contribution_lines_worker ON contribution_lines (worker_id, month)`,
  `CREATE TABLE payments (
     id bigserial PRIMARY KEY,
     program_id bigint NOT NULL REFERENCES programs (id),
     sponsor_id bigint NOT NULL REFERENCES sponsors (id),
     amount bigint NOT NULL CHECK (amount > 0),
     paid_on date NOT NULL,
     method text NOT NULL,
     reference text,
     -- the same payment recorded twice (a double click, a re-imported bank file) is one payment
     idempotency_key text NOT NULL,
     created_by text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT payments_once UNIQUE (program_id, idempotency_key)
   )`,
  `CREATE INDEX payments_sponsor ON payments (sponsor_id, id)`,
  `CREATE TABLE payment_allocations (
     payment_id bigint NOT NULL REFERENCES payments (id),
     invoice_id bigint NOT NULL REFERENCES invoices (id),
     amount bigint NOT NULL CHECK (amount > 0),
     PRIMARY KEY (payment_id, invoice_id)
   )`,
  `CREATE INDEX payment_allocations_invoice ON payment_allocations (invoice_id)`,
  // A membership that lapsed (more than 3 consecutive unpaid months) releases its months.
  `ALTER TABLE placements DROP CONSTRAINT placements_status_check`,
  `ALTER TABLE placements ADD CONSTRAINT placements_status_check CHECK (status IN ('proposed', 'approved', 'rejected', 'enrolled', 'declined', 'lapsed'))`,
  `ALTER TABLE placements ADD COLUMN lapsed_from text CHECK (lapsed_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')`,
];

const down_statements = [
  'ALTER TABLE placements DROP COLUMN lapsed_from',
  `ALTER TABLE placements DROP CONSTRAINT placements_status_check`,
  `ALTER TABLE placements ADD CONSTRAINT placements_status_check CHECK (status IN ('proposed', 'approved', 'rejected', 'enrolled', 'declined'))`,
  'DROP TABLE payment_allocations',
  'DROP TABLE payments',
  'DROP TABLE contribution_lines',
  'DROP TABLE invoices',
  'DROP TABLE billing_runs',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of up_statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of down_statements) await sql.raw(s).execute(db);
}
