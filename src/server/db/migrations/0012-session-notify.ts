// Servers keep recently resolved sessions in memory (modules/access/session-cache.ts). Whatever
// ends a session or changes who a user is (a revoked or deleted session, a disabled account, a
// password or name change, roles added or removed) tells every server at commit, whichever process
// wrote it. Statement-level: one notification per statement; identical ones in a transaction fold.
import { sql, type Kysely } from 'kysely';

const up_statements = [
  `CREATE FUNCTION sekitar_sessions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify('sekitar_sessions', '');
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER sessions_revoked AFTER UPDATE OF revoked_at, expires_at OR DELETE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION sekitar_sessions_changed()`,
  `CREATE TRIGGER users_changed AFTER UPDATE OF disabled_at, must_change_password, password_hash, email, name OR DELETE ON users FOR EACH STATEMENT EXECUTE FUNCTION sekitar_sessions_changed()`,
  `CREATE TRIGGER user_roles_changed AFTER INSERT OR UPDATE OR DELETE ON user_roles FOR EACH STATEMENT EXECUTE FUNCTION sekitar_sessions_changed()`,
];

const down_statements = [
  'DROP TRIGGER user_roles_changed ON user_roles',
  'DROP TRIGGER users_changed ON users',
  'DROP TRIGGER sessions_revoked ON sessions',
  'DROP FUNCTION sekitar_sessions_changed()',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of up_statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of down_statements) await sql.raw(s).execute(db);
}
