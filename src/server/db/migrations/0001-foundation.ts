// Foundation: reference regions, programs, the occupation catalogue and the worker registry
// with per-field provenance, change history and imports.
import { sql, type Kysely } from 'kysely';

const up_statements = [
  `CREATE EXTENSION IF NOT EXISTS pg_trgm`,

  // Kemendagri administrative areas (idn-area-data): level 1 province '36', 2 kab/kota '36.72',
  // 3 kecamatan '36.72.01', 4 desa/kelurahan '36.72.01.1001'.
  `CREATE TABLE regions (
     code text PRIMARY KEY,
     level smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
     parent_code text REFERENCES regions (code),
     name text NOT NULL
   )`,
  `CREATE INDEX regions_parent ON regions (parent_code)`,

  `CREATE TABLE programs (
     id bigserial PRIMARY KEY,
     region_code text NOT NULL UNIQUE REFERENCES regions (code),
     name text NOT NULL,
     legal_basis text NOT NULL DEFAULT '',
     settings jsonb NOT NULL DEFAULT '{}',
     created_at timestamptz NOT NULL DEFAULT now()
   )`,

  // The catalogue of informal occupations; sector decides rate rules (transport has its own discount period).
  `CREATE TABLE occupations (
     code text PRIMARY KEY,
     name_id text NOT NULL,
     name_en text NOT NULL,
     sector text NOT NULL DEFAULT 'other',
     aliases text[] NOT NULL DEFAULT '{}',
     created_at timestamptz NOT NULL DEFAULT now()
   )`,

  `CREATE TABLE imports (
     id bigserial PRIMARY KEY,
     program_id bigint NOT NULL REFERENCES programs (id),
     source text NOT NULL,
     file_name text NOT NULL,
     file_path text NOT NULL,
     file_size bigint NOT NULL DEFAULT 0,
     format text NOT NULL,
     encoding text,
     delimiter text,
     status text NOT NULL DEFAULT 'uploaded',
     mapping jsonb,
     valid_only boolean NOT NULL DEFAULT false,
     rows_total integer NOT NULL DEFAULT 0,
     rows_done integer NOT NULL DEFAULT 0,
     phase text,
     counts jsonb,
     error text,
     actor text NOT NULL DEFAULT 'system',
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     finished_at timestamptz
   )`,
  `CREATE INDEX imports_program ON imports (program_id, id DESC)`,

  // The mapping of file columns to worker fields last confirmed for a source, reused next time.
  `CREATE TABLE import_mappings (
     program_id bigint NOT NULL REFERENCES programs (id),
     source text NOT NULL,
     mapping jsonb NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (program_id, source)
   )`,

  // A changeset is one act that changed the registry: an import, a manual edit, a field registration.
  `CREATE TABLE changesets (
     id bigserial PRIMARY KEY,
     program_id bigint NOT NULL REFERENCES programs (id),
     kind text NOT NULL,
     source text NOT NULL,
     import_id bigint REFERENCES imports (id),
     actor text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,

  // Workers are written in bulk by set-based statements that insert a program id and changeset id
  // they have just checked, and codes validated against the reference tables: per-row foreign-key
  // triggers would double the cost of an import (docs/ARCHITECTURE.md). programs, changesets and
  // regions are never deleted.
  `CREATE TABLE workers (
     id bigserial PRIMARY KEY,
     program_id bigint NOT NULL,
     -- C collation: the unique (program_id, nik) index also serves NIK-prefix searches (LIKE '3672%').
     nik text COLLATE "C" NOT NULL CHECK (nik ~ '^[0-9]{16}$'),
     name text NOT NULL,
     birth_date date,
     sex text CHECK (sex IN ('L', 'P')),
     kelurahan_code text,
     rt text,
     rw text,
     street text,
     occupation_code text,
     occupation_text text,
     phone text,
     desil smallint CHECK (desil BETWEEN 1 AND 10),
     kk_number text,
     kpj_number text,
     bpjs_status text,
     coverage_status text NOT NULL DEFAULT 'none',
     warnings text[] NOT NULL DEFAULT '{}',
     -- field name -> changeset id that set the field's current value
     provenance jsonb NOT NULL DEFAULT '{}',
     -- field name -> source code of that changeset, so merges rank sources without a join
     sources jsonb NOT NULL DEFAULT '{}',
     created_changeset_id bigint NOT NULL,
     -- source of the creating changeset: fields absent from 'sources' came from it
     created_source text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT workers_program_nik UNIQUE (program_id, nik)
   )`,
  `CREATE INDEX workers_kelurahan ON workers (program_id, kelurahan_code, id)`,
  `CREATE INDEX workers_desil ON workers (program_id, desil, id)`,
  `CREATE INDEX workers_occupation ON workers (program_id, occupation_code, id)`,
  `CREATE INDEX workers_coverage ON workers (program_id, coverage_status, id)`,
  `CREATE INDEX workers_name_trgm ON workers USING gin (name gin_trgm_ops)`,

  // Every change to a worker field after creation: the value before and after, and which changeset.
  `CREATE TABLE worker_history (
     id bigserial PRIMARY KEY,
     worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
     changeset_id bigint NOT NULL REFERENCES changesets (id),
     field text NOT NULL,
     old_value text,
     new_value text
   )`,
  `CREATE INDEX worker_history_worker ON worker_history (worker_id, id)`,

  // UU 27/2022 Pasal 20: consent with its purpose, legal basis, collector, time and method; withdrawable.
  `CREATE TABLE consents (
     id bigserial PRIMARY KEY,
     worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
     purpose text NOT NULL,
     legal_basis text NOT NULL,
     collected_by text NOT NULL,
     collected_at timestamptz NOT NULL,
     method text NOT NULL,
     withdrawn_at timestamptz
   )`,
  `CREATE INDEX consents_worker ON consents (worker_id)`,
];

const down_statements = [
  'DROP TABLE consents',
  'DROP TABLE worker_history',
  'DROP TABLE workers',
  'DROP TABLE changesets',
  'DROP TABLE import_mappings',
  'DROP TABLE imports',
  'DROP TABLE occupations',
  'DROP TABLE programs',
  'DROP TABLE regions',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of up_statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of down_statements) await sql.raw(s).execute(db);
}
