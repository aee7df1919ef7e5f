// Reading a user's roles.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Grant } from './actor.ts';

interface GrantRow {
  role: Grant['role'];
  program_id: number | string;
  sponsor_id: number | string | null;
  kelurahan: string[];
}

/** GrantRow[] as the database gives them -> Grant[]. */
export function grantRows(rows: readonly GrantRow[]): Grant[] {
  return rows.map((r) => ({
    role: r.role,
    programId: Number(r.program_id),
    sponsorId: r.sponsor_id === null ? null : Number(r.sponsor_id),
    kelurahan: r.kelurahan,
  }));
}

/** The roles of the user in column `userIdColumn`, as a json array, for a query that reads the user anyway. */
export function grantsOf(userIdColumn: string): RawBuilder<GrantRow[]> {
  return sql<GrantRow[]>`(SELECT coalesce(json_agg(json_build_object('role', r.role, 'program_id', r.program_id, 'sponsor_id', r.sponsor_id, 'kelurahan', r.kelurahan) ORDER BY r.id), '[]'::json)
    FROM user_roles r WHERE r.user_id = ${sql.ref(userIdColumn)})`;
}

export async function loadGrants(db: Kysely<DB>, userId: number): Promise<Grant[]> {
  const rows = await db.selectFrom('user_roles').select(['role', 'program_id', 'sponsor_id', 'kelurahan']).where('user_id', '=', userId).orderBy('id').execute();
  return grantRows(rows);
}
