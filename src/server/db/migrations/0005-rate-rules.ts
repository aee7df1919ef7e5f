// Contribution rate rules as data, with their effective months and legal citations: a new
// regulation is a new row, not a release. Contribution lines (sponsorship lifecycle) will name the
// rule that priced them.
import { sql, type Kysely } from 'kysely';
import { SEED_RULES } from '../../modules/rates/seed-rules.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE rate_rules (
      id bigserial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('percent', 'flat', 'discount')),
      programs text[] NOT NULL CHECK (programs <@ ARRAY['JKK', 'JKM', 'JHT'] AND cardinality(programs) > 0),
      value bigint NOT NULL CHECK (value > 0),
      brackets jsonb NOT NULL DEFAULT '[]',
      cap bigint CHECK (cap > 0),
      sectors text[] NOT NULL DEFAULT '{}',
      excluded_funding text[] NOT NULL DEFAULT '{}',
      effective_from text NOT NULL CHECK (effective_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      effective_to text CHECK (effective_to ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' AND effective_to >= effective_from),
      legal_basis text NOT NULL,
      created_by text NOT NULL DEFAULT 'seed',
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  for (const r of SEED_RULES) {
    await sql`INSERT INTO rate_rules (code, kind, programs, value, brackets, cap, sectors, excluded_funding, effective_from, effective_to, legal_basis)
      VALUES (${r.code}, ${r.kind}, ${r.programs}, ${r.value}, ${JSON.stringify(r.brackets)}, ${r.cap}, ${r.sectors}, ${r.excludedFunding},
              ${r.from}, ${r.to}, ${r.legalBasis})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE rate_rules`.execute(db);
}
