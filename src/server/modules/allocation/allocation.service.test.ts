// Allocation runs against the database, on both engines: who is eligible, what a run proposes and
// why, the review, and the exclusion constraint that keeps a worker to one sponsor a month, even
// under concurrent writers (PostgreSQL, where there are several connections).
import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../context.ts';
import { openDatabase, type Database } from '../../db/database.ts';
import { createPgDatabase, describeEachEngine, engines, openTestDatabase } from '../../../../test/db.ts';
import { testContext } from '../../../../test/context.ts';
import { errorCode } from '../../../../test/error-code.ts';
import { tmpDir } from '../../../../test/import-helpers.ts';
import { BAGENDUNG, CIBEBER, committedPledge, KEDALEMAN, seedPool, userActor, type Person } from '../../../../test/sponsorship.ts';
import { systemActor } from '../access/actor.ts';
import { programPledges } from '../pledges/pledges.service.ts';
import { recordConsent, setLifeStatus, withdrawConsent } from '../fieldwork/worker-edits.service.ts';
import { createProgram } from '../programs/programs.service.ts';
import { createSponsor } from '../sponsors/sponsors.service.ts';
import { decidePlacements, getAllocationCriteria, listPlacements, runAllocation, setAllocationCriteria } from './allocation.service.ts';

const op = systemActor('test');

/** The SQLSTATE a statement fails with, or undefined when it succeeds. */
async function sqlState(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code ?? 'no code';
  }
}
/** The pool: [serial, name, birth date, kelurahan, desil]. */
const PEOPLE: Person[] = [
  [1, 'Ahmad Fauzi', '1985-03-12', CIBEBER, '3'],
  [2, 'Budi Santoso', '1990-05-01', BAGENDUNG, '1'],
  [3, 'Citra Lestari', '1988-07-20', CIBEBER, '1'],
  [4, 'Dedi Kurniawan', '1956-01-15', CIBEBER, '1'], // 70 at the start: not eligible
  [5, 'Eko Prasetyo', '1992-11-02', KEDALEMAN, '2'], // deceased below
  [6, 'Fajar Nugroho', '1980-02-28', KEDALEMAN, '2'], // consent withdrawn below
  [7, 'Gita Permata', '1995-09-09', BAGENDUNG, '4'],
  [8, 'Hendra Wijaya', '1983-04-04', KEDALEMAN, '5'],
];
const pledge = committedPledge;

describeEachEngine('allocation', (kind) => {
  let ctx: AppContext;
  let dir: string;
  let programId: number;
  let steel: number;
  let shop: number;
  let who: Map<string, number>;
  const admin = () => userActor('admin', programId);
  const sponsorUser = (sponsorId: number) => userActor('sponsor', programId, sponsorId);
  const name = (id: number) => [...who].find(([, v]) => v === id)![0];

  beforeAll(async () => {
    ctx = testContext(await openTestDatabase(kind));
    dir = tmpDir();
    programId = (await createProgram(ctx, op, { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
    steel = (await createSponsor(ctx, op, { programId, kind: 'company', name: 'PT Baja Cibeber', addressKelurahan: CIBEBER })).id;
    shop = (await createSponsor(ctx, op, { programId, kind: 'company', name: 'CV Toko Bagendung', addressKelurahan: BAGENDUNG })).id;
    who = await seedPool(ctx, dir, PEOPLE);
    await setLifeStatus(ctx, op, who.get('Eko Prasetyo')!, { status: 'deceased', date: '2026-08-01' });
    const consent = await recordConsent(ctx, op, who.get('Fajar Nugroho')!, { purpose: 'BPJS', legalBasis: 'consent', method: 'paper' });
    await withdrawConsent(ctx, op, consent, 'tidak bersedia');
  });
  afterAll(async () => {
    await ctx.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('proposes the neediest eligible workers, nearest the sponsor first, and says why', async () => {
    const steelPledge = await pledge(ctx, steel, { workers: 2, months: 6, start: '2026-12' });
    const shopPledge = await pledge(ctx, shop, { workers: 2, months: 6, start: '2026-12' });
    const run = await runAllocation(ctx, admin(), programId, { asOf: '2026-11' });
    // Eligible: Ahmad (3), Budi (1), Citra (1), Gita (4), Hendra (5). Dedi is 70, Eko deceased, Fajar refused.
    expect(run.candidates).toBe(5);
    expect(run.proposed).toBe(4);
    const { items } = await listPlacements(ctx, admin(), programId, {});
    const byPledge = (id: number) => items.filter((p) => p.pledgeId === id).map((p) => p.workerName);
    // Desil 1 first: Citra lives in the steelworks' ring 1, Budi in the shop's; then desil 3 (Ahmad,
    // ring 1 of the steelworks) and desil 4 (Gita, the shop's ring 1). Hendra (desil 5) waits.
    expect(byPledge(steelPledge)).toEqual(['Citra Lestari', 'Ahmad Fauzi']);
    expect(byPledge(shopPledge)).toEqual(['Budi Santoso', 'Gita Permata']);
    const citra = items.find((p) => p.workerName === 'Citra Lestari')!;
    expect(citra).toMatchObject({ status: 'proposed', start: '2026-12', months: 6, kelurahanName: 'Cibeber', reason: { desil: 1, proximity: 'ring1', continuity: false, named: false } });
    expect(citra.nik).toMatch(/^3672••••••••\d{4}$/);
    const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'allocation.run').execute();
    expect(audit).toEqual([{ action: 'allocation.run', entity_id: String(run.runId) }]);
    // The admin's overview: how far each pledge is filled.
    const overview = await programPledges(ctx, admin(), programId);
    expect(overview.map((p) => [p.sponsorName, p.workers, p.placed, p.enrolled]).sort()).toEqual([
      ['CV Toko Bagendung', 2, 2, 0],
      ['PT Baja Cibeber', 2, 2, 0],
    ]);
    expect(await errorCode(programPledges(ctx, sponsorUser(steel), programId))).toBe('FORBIDDEN');
    // Nothing left to fill: a second run proposes nobody.
    expect((await runAllocation(ctx, admin(), programId, { asOf: '2026-11' })).proposed).toBe(0);
  });

  it("lets the programme's admins set the priority order, and refuses a criterion twice", async () => {
    expect(await getAllocationCriteria(ctx, admin(), programId)).toEqual(['continuity', 'desil', 'proximity', 'preference']);
    expect(await errorCode(setAllocationCriteria(ctx, admin(), programId, { criteria: ['desil', 'desil'] }))).toBe('FIELD_INVALID');
    expect(await errorCode(setAllocationCriteria(ctx, sponsorUser(steel), programId, { criteria: ['desil'] }))).toBe('FORBIDDEN');
    expect(await setAllocationCriteria(ctx, admin(), programId, { criteria: ['proximity', 'desil'] })).toEqual(['proximity', 'desil']);
    expect(await getAllocationCriteria(ctx, admin(), programId)).toEqual(['proximity', 'desil']);
    // Back to the default for the tests that follow.
    await setAllocationCriteria(ctx, admin(), programId, {});
    expect(await getAllocationCriteria(ctx, admin(), programId)).toEqual(['continuity', 'desil', 'proximity', 'preference']);
  });

  it('shows a sponsor its own proposals with initials and no desil', async () => {
    const pledgeId = (await ctx.database.db.selectFrom('pledges').select('id').where('sponsor_id', '=', steel).executeTakeFirstOrThrow()).id;
    const seen = await listPlacements(ctx, sponsorUser(steel), programId, { pledgeId });
    expect(seen.items.map((p) => [p.workerName, p.nik, p.reason.desil])).toEqual([
      ['C••• L•••', null, null],
      ['A••• F•••', null, null],
    ]);
    expect(await errorCode(listPlacements(ctx, sponsorUser(shop), programId, { pledgeId }))).toBe('FORBIDDEN');
    expect(await errorCode(listPlacements(ctx, sponsorUser(steel), programId, {}))).toBe('FORBIDDEN');
    expect(await errorCode(runAllocation(ctx, sponsorUser(steel), programId))).toBe('FORBIDDEN');
  });

  it('sends a rejected worker back to the pool, never to the same pledge again', async () => {
    const { items } = await listPlacements(ctx, admin(), programId, { status: 'proposed' });
    const ahmad = items.find((p) => p.workerName === 'Ahmad Fauzi')!;
    expect(await errorCode(decidePlacements(ctx, admin(), programId, { ids: [ahmad.id], decision: 'reject' }))).toBe('FIELD_INVALID');
    expect(await decidePlacements(ctx, admin(), programId, { ids: [ahmad.id], decision: 'reject', note: 'pindah domisili' })).toEqual({ decided: 1, skipped: 0 });
    const others = items.filter((p) => p.id !== ahmad.id).map((p) => p.id);
    expect(await decidePlacements(ctx, admin(), programId, { ids: [...others, ahmad.id], decision: 'approve' })).toEqual({ decided: 3, skipped: 1 });
    const rerun = await runAllocation(ctx, admin(), programId, { asOf: '2026-11' });
    const fresh = (await listPlacements(ctx, admin(), programId, { status: 'proposed' })).items;
    expect(rerun.proposed).toBe(1);
    expect(fresh.map((p) => [p.pledgeId, name(p.workerId)])).toEqual([[ahmad.pledgeId, 'Hendra Wijaya']]);
    const rejected = (await listPlacements(ctx, admin(), programId, { status: 'rejected' })).items;
    expect(rejected.map((p) => [p.workerName, p.decisionNote])).toEqual([['Ahmad Fauzi', 'pindah domisili']]);
  });

  it('keeps the months of a placed worker out of later pledges, and gives continuity priority when cover ends', async () => {
    // Everybody eligible is placed until 2027-05. A pledge for 2027-03 overlaps: nobody new for it
    // except Ahmad, back in the pool. A pledge from 2027-06 continues the cover of those ending then.
    const overlapping = await pledge(ctx, shop, { workers: 3, months: 3, start: '2027-03' });
    const run = await runAllocation(ctx, admin(), programId, { pledgeIds: [overlapping], asOf: '2026-11' });
    expect((await listPlacements(ctx, admin(), programId, { pledgeId: overlapping })).items.map((p) => name(p.workerId))).toEqual(['Ahmad Fauzi']);
    expect(run.proposed).toBe(1);
    const next = await pledge(ctx, steel, { workers: 1, months: 6, start: '2027-06' });
    await runAllocation(ctx, admin(), programId, { pledgeIds: [next], asOf: '2027-05' });
    const [cont] = (await listPlacements(ctx, admin(), programId, { pledgeId: next })).items;
    // Budi (desil 1) and Citra (desil 1) both end in 2027-05; Hendra (desil 5) too. Desil decides
    // among continuity workers; Citra lives in the steelworks' ring 1.
    expect(cont).toMatchObject({ workerName: 'Citra Lestari', reason: { continuity: true, proximity: 'ring1' } });
  });

  it('places for the months still to come of a pledge already running, and not at all for one that ended', async () => {
    // Fajar withdrew consent, then gave it again: eligible. Irfan registers now.
    await recordConsent(ctx, op, who.get('Fajar Nugroho')!, { purpose: 'BPJS', legalBasis: 'consent', method: 'paper' });
    who = await seedPool(ctx, dir, [[9, 'Irfan Hakim', '1991-01-01', CIBEBER, '2']]);
    const running = await pledge(ctx, steel, { workers: 2, months: 6, start: '2026-10' });
    const ended = await pledge(ctx, steel, { workers: 1, months: 2, start: '2026-09' });
    const run = await runAllocation(ctx, admin(), programId, { pledgeIds: [running, ended], asOf: '2026-12' });
    expect(run.pledges.map((p) => p.pledgeId)).toEqual([running]);
    const placed = (await listPlacements(ctx, admin(), programId, { pledgeId: running })).items;
    expect(placed.map((p) => [p.workerName, p.start, p.months]).sort()).toEqual([
      ['Fajar Nugroho', '2026-12', 4],
      ['Irfan Hakim', '2026-12', 4],
    ]);
  });

  it('refuses, in the database, a second live placement of a worker over the same months', async () => {
    const db = ctx.database.db;
    const placed = await db.selectFrom('placements').selectAll().where('status', '=', 'approved').executeTakeFirstOrThrow();
    const insert = (start: string, months: number) =>
      db
        .insertInto('placements')
        .values({ program_id: programId, pledge_id: placed.pledge_id, sponsor_id: placed.sponsor_id, worker_id: placed.worker_id, start_month: start, months, rank: 1, reason: '{}' })
        .execute();
    // The approved placement holds 2026-12 to 2027-05: any month of it is taken.
    expect(await sqlState(insert('2027-05', 1))).toBe('23P01');
    expect(await sqlState(insert('2026-10', 3))).toBe('23P01');
    await insert('2030-01', 1);
    // A rejected placement holds nothing.
    await db.updateTable('placements').set({ status: 'rejected' }).where('start_month', '=', '2030-01').execute();
    await insert('2030-01', 1);
  });
});

describe.runIf(engines().includes('postgres'))('allocation under concurrent writers (PostgreSQL)', () => {
  let url: string;
  const dbs: Database[] = [];
  beforeAll(async () => {
    url = await createPgDatabase();
  });
  afterAll(async () => {
    for (const d of dbs) await d.close();
  });

  it('never funds a worker twice for the same month, whoever writes at the same moment', async () => {
    const one = testContext(await openDatabase({ databaseUrl: url }));
    const two = testContext(await openDatabase({ databaseUrl: url }));
    dbs.push(one.database, two.database);
    const dir = tmpDir();
    const programId = (await createProgram(one, op, { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
    await seedPool(one, dir, Array.from({ length: 40 }, (_, i): Person => [100 + i, `Pekerja ${i}`, '1985-03-12', CIBEBER, String((i % 10) + 1)]));
    fs.rmSync(dir, { recursive: true, force: true });
    const a = (await createSponsor(one, op, { programId, kind: 'company', name: 'PT A', addressKelurahan: CIBEBER })).id;
    const b = (await createSponsor(one, op, { programId, kind: 'company', name: 'PT B', addressKelurahan: CIBEBER })).id;
    const pa = await pledge(one, a, { workers: 30, months: 6, start: '2026-12' });
    const pb = await pledge(one, b, { workers: 30, months: 6, start: '2027-02' });

    // Two admins allocate for two sponsors at the same moment, over overlapping months.
    const runs = await Promise.all([
      runAllocation(one, op, programId, { pledgeIds: [pa], asOf: '2026-11' }),
      runAllocation(two, op, programId, { pledgeIds: [pb], asOf: '2026-11' }),
    ]);
    expect(runs.map((r) => r.proposed).sort()).toEqual([10, 30]);
    const twice = await sql<{ worker_id: number }>`SELECT worker_id FROM placements GROUP BY worker_id HAVING count(*) > 1`.execute(one.database.db);
    expect(twice.rows).toEqual([]);

    // Underneath the lock, the constraint: two transactions writing the same worker-month, one
    // waits for the other and then fails.
    const worker = (await one.database.db.selectFrom('workers').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).id;
    await one.database.db.deleteFrom('placements').where('worker_id', '=', worker).execute();
    const write = (c: AppContext, pledgeId: number, sponsorId: number) =>
      c.database.db.transaction().execute(async (trx) => {
        await trx.insertInto('placements').values({ program_id: programId, pledge_id: pledgeId, sponsor_id: sponsorId, worker_id: worker, start_month: '2027-03', months: 2, rank: 1, reason: '{}' }).execute();
        await sql`SELECT pg_sleep(0.2)`.execute(trx);
      });
    const outcomes = await Promise.allSettled([write(one, pa, a), write(two, pb, b)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    // PostgreSQL refuses the second with an exclusion violation, or, when both inserted their row
    // before either checked, by ending one as a deadlock: refused either way.
    const failed = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(['23P01', '40P01']).toContain((failed.reason as { code?: string }).code);
    const held = await one.database.db.selectFrom('placements').select('id').where('worker_id', '=', worker).where('start_month', '=', '2027-03').execute();
    expect(held).toHaveLength(1);
  });
});
