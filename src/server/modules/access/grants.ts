// Reading a user's roles.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Grant } from './actor.ts';

export async function loadGrants(db: Kysely<DB>, userId: number): Promise<Grant[]> {
  const rows = await db
    .selectFrom('user_roles')
    .select(['role', 'program_id', 'sponsor_id', 'kelurahan'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    role: r.role,
    programId: Number(r.program_id),
    sponsorId: r.sponsor_id === null ? null : Number(r.sponsor_id),
    kelurahan: r.kelurahan,
  }));
}
