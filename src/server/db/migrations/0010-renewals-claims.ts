// Renewals: a pledge may continue an earlier one (the same workers, from the month after it
// ends). Claims: what BPJS TK paid out for work accidents (JKK) and deaths (JKM) of covered workers,
// for impact reports. Sponsor applications: a company, foundation or person registers on the public
// page; an admin approves (the sponsor and its user are created) or rejects.
import { sql, type Kysely } from 'kysely';

const up_statements = [
  `ALTER TABLE pledges ADD COLUMN renews_pledge_id bigint REFERENCES pledges (id)`,
  // One renewal per pledge (a cancelled draft does not count).
  `CREATE UNIQUE INDEX pledges_one_renewal ON pledges (renews_pledge_id) WHERE renews_pledge_id IS NOT NULL AND status <> 'cancelled'`,
  `CREATE TABLE claims (
     id bigserial PRIMARY KEY,
     program_id bigint NOT NULL REFERENCES programs (id),
     worker_id bigint NOT NULL REFERENCES workers (id),
     placement_id bigint NOT NULL REFERENCES placements (id),
     sponsor_id bigint NOT NULL REFERENCES sponsors (id),
     type text NOT NULL CHECK (type IN ('JKK', 'JKM')),
     event_date date NOT NULL,
     paid_on date,
     amount_paid bigint NOT NULL CHECK (amount_paid >= 0),
     note text,
     created_by text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX claims_program ON claims (program_id, event_date)`,
  `CREATE INDEX claims_sponsor ON claims (sponsor_id)`,
  `CREATE TABLE sponsor_applications (
     id bigserial PRIMARY KEY,
     program_id bigint NOT NULL REFERENCES programs (id),
     kind text NOT NULL CHECK (kind IN ('company', 'foundation', 'individual', 'government')),
     name text NOT NULL,
     nib text,
     sector text,
     address text,
     address_kelurahan text,
     contact_name text NOT NULL,
     contact_email text NOT NULL,
     -- the applicant's chosen password, hashed; kept only until the application is decided
     password_hash text,
     status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
     decided_by text,
     decided_at timestamptz,
     decision_note text,
     sponsor_id bigint REFERENCES sponsors (id),
     ip text,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX sponsor_applications_program ON sponsor_applications (program_id, status, id)`,
  `CREATE INDEX sponsor_applications_ip ON sponsor_applications (ip, created_at)`,
];

const down_statements = ['DROP TABLE sponsor_applications', 'DROP TABLE claims', 'DROP INDEX pledges_one_renewal', 'ALTER TABLE pledges DROP COLUMN renews_pledge_id'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of up_statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of down_statements) await sql.raw(s).execute(db);
}
