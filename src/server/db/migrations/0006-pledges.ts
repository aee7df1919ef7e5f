// Sponsors' profiles (who pays, for the rates and BPJS participation codes; where they operate, for
// allocation by proximity) and their pledges with the month-by-month quote they committed to.
import { sql, type Kysely } from 'kysely';

const up_statements = [
  `ALTER TABLE sponsors
     ADD COLUMN funding text NOT NULL DEFAULT 'csr' CHECK (funding IN ('csr', 'foundation', 'individual', 'apbd', 'apbdes', 'apbn')),
     ADD COLUMN participation_code text NOT NULL DEFAULT 'SC',
     ADD COLUMN nib text,
     ADD COLUMN sector text,
     ADD COLUMN address text,
     ADD COLUMN address_kelurahan text,
     ADD COLUMN contact_name text,
     ADD COLUMN contact_email text,
     ADD COLUMN ring1 text[] NOT NULL DEFAULT '{}',
     ADD COLUMN ring2 text[] NOT NULL DEFAULT '{}'`,
  `CREATE TABLE pledges (
     id bigserial PRIMARY KEY,
     program_id bigint NOT NULL REFERENCES programs (id),
     sponsor_id bigint NOT NULL REFERENCES sponsors (id),
     kind text NOT NULL CHECK (kind IN ('workers', 'budget')),
     workers integer NOT NULL CHECK (workers > 0),
     months integer NOT NULL CHECK (months BETWEEN 1 AND 36),
     budget bigint CHECK (budget > 0),
     start_month text NOT NULL CHECK (start_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
     package text NOT NULL CHECK (package IN ('JKK_JKM', 'JKK_JKM_JHT')),
     declared_income bigint NOT NULL CHECK (declared_income >= 1000000),
     preferences jsonb NOT NULL DEFAULT '{}',
     schedule text NOT NULL CHECK (schedule IN ('monthly', 'quarterly', 'half_yearly', 'yearly')),
     status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'committed', 'cancelled')),
     quote jsonb NOT NULL,
     quoted_total bigint NOT NULL CHECK (quoted_total >= 0),
     created_by text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     committed_at timestamptz,
     CHECK ((kind = 'budget') = (budget IS NOT NULL))
   )`,
  `CREATE INDEX pledges_sponsor ON pledges (sponsor_id, id)`,
  `CREATE INDEX pledges_program ON pledges (program_id, status, id)`,
];

const down_statements = [
  'DROP TABLE pledges',
  `ALTER TABLE sponsors DROP COLUMN ring2, DROP COLUMN ring1, DROP COLUMN contact_email, DROP COLUMN contact_name,
     DROP COLUMN address_kelurahan, DROP COLUMN address, DROP COLUMN sector, DROP COLUMN nib, DROP COLUMN participation_code, DROP COLUMN funding`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of up_statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of down_statements) await sql.raw(s).execute(db);
}
