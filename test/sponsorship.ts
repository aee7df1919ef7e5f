// Fixtures for the sponsorship tests: a pool of workers imported the way an office would, and
// pledges committed at their quoted price.
import { expect } from 'vitest';
import type { AppContext } from '../src/server/context.ts';
import { systemActor, type Actor } from '../src/server/modules/access/actor.ts';
import { commitPledge, createPledge, type PledgeInput } from '../src/server/modules/pledges/pledges.service.ts';
import { decidePlacements, runAllocation } from '../src/server/modules/allocation/allocation.service.ts';
import { applyResults, createBatch } from '../src/server/modules/enrolment/enrolment.service.ts';
import { revealWorkerIdentity } from '../src/server/modules/registry/registry.service.ts';
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

/**
 * Takes every proposal of a fresh allocation run through approval, an enrolment batch and an
 * accepting results file (KPJ numbers from `kpjFrom`), as the admin and the insurer would.
 * Returns the number enrolled.
 */
export async function enrolEveryone(ctx: AppContext, programId: number, dir: string, opts: { asOf: string; kpjFrom?: number }): Promise<number> {
  const op = systemActor('test');
  await runAllocation(ctx, op, programId, { asOf: opts.asOf });
  const proposed = await ctx.database.db.selectFrom('placements').select(['id', 'worker_id', 'start_month']).where('program_id', '=', programId).where('status', '=', 'proposed').execute();
  if (proposed.length === 0) return 0;
  await decidePlacements(ctx, op, programId, { ids: proposed.map((p) => Number(p.id)), decision: 'approve' });
  const batch = await createBatch(ctx, op, programId);
  const rows = [['NIK', 'No KPJ', 'TMT']];
  let kpj = opts.kpjFrom ?? 11_000_000_001;
  for (const p of proposed) {
    const { nik } = await revealWorkerIdentity(ctx.database.db, ctx.keyring, Number(p.worker_id));
    rows.push([nik, String(kpj++), `01/${p.start_month.slice(5, 7)}/${p.start_month.slice(0, 4)}`]);
  }
  const outcome = await applyResults(ctx, op, batch.id, writeCsv(dir, `hasil-${batch.id}.csv`, rows));
  return outcome.accepted;
}
