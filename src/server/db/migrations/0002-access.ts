// Access and accountability: users with roles scoped to a program (and a sponsor or a list of
// kelurahan), server-side sessions, login throttling, sponsors (the first of their fields; the
// sponsorship lifecycle adds the rest) and the append-only, hash-chained audit trail.
import { sql, type Kysely } from 'kysely';

const up_statements = [
  `CREATE TABLE users (
     id bigserial PRIMARY KEY,
     email text NOT NULL,
     name text NOT NULL,
     password_hash text NOT NULL,
     must_change_password boolean NOT NULL DEFAULT false,
     password_changed_at timestamptz NOT NULL DEFAULT now(),
     disabled_at timestamptz,
     last_login_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE UNIQUE INDEX users_email ON users (lower(email))`,

  `CREATE TABLE sponsors (
     id bigserial PRIMARY KEY,
     program_id bigint NOT NULL REFERENCES programs (id),
     kind text NOT NULL CHECK (kind IN ('company', 'foundation', 'individual', 'government')),
     name text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX sponsors_program ON sponsors (program_id, id)`,

  // A user holds one or more roles, each in one program; a sponsor user for one sponsor, a field
  // agent for the kelurahan listed.
  `CREATE TABLE user_roles (
     id bigserial PRIMARY KEY,
     user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
     role text NOT NULL CHECK (role IN ('admin', 'insurer', 'sponsor', 'agent')),
     program_id bigint NOT NULL REFERENCES programs (id),
     sponsor_id bigint REFERENCES sponsors (id),
     kelurahan text[] NOT NULL DEFAULT '{}',
     created_at timestamptz NOT NULL DEFAULT now(),
     CHECK ((role = 'sponsor') = (sponsor_id IS NOT NULL)),
     CHECK (role = 'agent' OR kelurahan = '{}')
   )`,
  `CREATE UNIQUE INDEX user_roles_unique ON user_roles (user_id, role, program_id, coalesce(sponsor_id, 0))`,
  `CREATE INDEX user_roles_program ON user_roles (program_id)`,

  // The cookie carries a random token; only its SHA-256 is stored, so a copy of this table opens
  // no session.
  `CREATE TABLE sessions (
     id text PRIMARY KEY,
     user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
     csrf_token text NOT NULL,
     ip text,
     user_agent text,
     created_at timestamptz NOT NULL DEFAULT now(),
     last_seen_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL,
     revoked_at timestamptz
   )`,
  `CREATE INDEX sessions_user ON sessions (user_id)`,

  // Failed logins, kept a day, for throttling per account and per address.
  `CREATE TABLE login_failures (
     id bigserial PRIMARY KEY,
     email text NOT NULL,
     ip text NOT NULL,
     at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX login_failures_email ON login_failures (email, at)`,
  `CREATE INDEX login_failures_ip ON login_failures (ip, at)`,

  // Each entry's hash is a keyed MAC over the previous entry's hash and its own content
  // (modules/audit): a changed, removed or inserted row breaks the chain from there on.
  `CREATE TABLE audit_log (
     id bigserial PRIMARY KEY,
     at timestamptz NOT NULL,
     program_id bigint,
     actor text NOT NULL,
     actor_user_id bigint,
     ip text,
     action text NOT NULL,
     entity text NOT NULL,
     entity_id text,
     before jsonb,
     after jsonb,
     key_id text NOT NULL,
     prev_hash text NOT NULL,
     hash text NOT NULL
   )`,
  `CREATE INDEX audit_log_program ON audit_log (program_id, id)`,
  `CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id)`,
  `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'audit_log is append-only';
   END $$`,
  `CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
     FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
  `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
     FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
];

const down_statements = [
  'DROP TABLE audit_log',
  'DROP FUNCTION audit_log_append_only',
  'DROP TABLE login_failures',
  'DROP TABLE sessions',
  'DROP TABLE user_roles',
  'DROP TABLE sponsors',
  'DROP TABLE users',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of up_statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of down_statements) await sql.raw(s).execute(db);
}
