// Fixtures for the sponsorship tests: a pool of workers imported the way an office would, and
// pledges committed at their quoted price.
import { expect } from 'vitest';
import type { AppContext } from '../src/server/context.ts';
import { systemActor, type Actor } from '../src/server/modules/access/actor.ts';
import { commitPledge, createPledge, type PledgeInput } from '../src/server/modules/pledges/pledges.service.ts';
import { nik, runImport, writeCsv } from './import-helpers.ts';

export const CIBEBER = '36.72.01.1001';
export const KEDALEMAN = '36.72.01.1002';
export const BAGENDUNG = '36.72.02.1001';
const HEADER = ['NIK', 'Nama', 'Tgl Lahir', 'Kode Desa', 'Pekerjaan', 'Desil'];

/** [serial, name, birth date 'YYYY-MM-DD', kelurahan code, desil] */
export type Person = [number, string, string, string, string];

export const poolRow = ([n, name, born, kel, desil]: Person) => [nik(n, 'L', born), name, born.split('-').reverse().join('/'), kel.replace(/\./g, ''), 'Pedagang', desil];

/** Imports the people into programme 36.72; returns worker ids by name. */
export async function seedPool(ctx: AppContext, dir: string, people: Person[]): Promise<Map<string, number>> {
  const r = await runImport(ctx.database, writeCsv(dir, `pool-${people[0]?.[0] ?? 0}.csv`, [HEADER, ...people.map(poolRow)]));
  expect(r.counts).toMatchObject({ imported: people.length, rejected: 0 });
  const ids = await ctx.database.db.selectFrom('workers').select(['id', 'name']).execute();
  return new Map(ids.map((w) => [w.name, Number(w.id)]));
}

/** A workers pledge, drafted and committed at the price quoted. */
export async function committedPledge(ctx: AppContext, sponsorId: number, input: Omit<PledgeInput, 'kind'> & { workers: number }, actor: Actor = systemActor('test')): Promise<number> {
  const draft = await createPledge(ctx, actor, sponsorId, { kind: 'workers', ...input });
  return (await commitPledge(ctx, actor, draft.id, draft.total)).id;
}

/** A user actor holding one role in one programme. */
export function userActor(role: 'admin' | 'insurer' | 'sponsor' | 'agent', programId: number, sponsorId: number | null = null): Actor {
  return { kind: 'user', userId: 1, email: `${role}@uji.go.id`, name: role, grants: [{ role, programId, sponsorId, kelurahan: [] }], ip: null, sessionId: null };
}
