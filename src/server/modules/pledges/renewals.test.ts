// Renewals on both engines: the prompt 30 days before a pledge ends, with the price of continuing
// the same workers; renewing names them, so allocation gives them back to the same sponsor first.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../context.ts';
import { describeEachEngine, openTestDatabase } from '../../../../test/db.ts';
import { testContext } from '../../../../test/context.ts';
import { errorCode } from '../../../../test/error-code.ts';
import { tmpDir } from '../../../../test/import-helpers.ts';
import { CIBEBER, committedPledge, enrolEveryone, seedPool, userActor, type Person } from '../../../../test/sponsorship.ts';
import { systemActor } from '../access/actor.ts';
import { listPlacements, runAllocation } from '../allocation/allocation.service.ts';
import { createProgram } from '../programs/programs.service.ts';
import { createSponsor } from '../sponsors/sponsors.service.ts';
import { commitPledge } from './pledges.service.ts';
import { renewalsDue, renewPledge } from './renewals.service.ts';

const op = systemActor('test');
const PEOPLE: Person[] = [
  [31, 'Dewi Anggraini', '1985-03-12', CIBEBER, '3'],
  [32, 'Eka Saputra', '1990-05-01', CIBEBER, '4'],
  [33, 'Fitri Handayani', '1988-07-20', CIBEBER, '1'],
];

describeEachEngine('renewals', (kind) => {
  let ctx: AppContext;
  let dir: string;
  let programId: number;
  let sponsor: number;
  let pledgeId: number;

  beforeAll(async () => {
    ctx = testContext(await openTestDatabase(kind));
    dir = tmpDir();
    programId = (await createProgram(ctx, op, { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
    await seedPool(ctx, dir, PEOPLE.slice(0, 2));
    sponsor = (await createSponsor(ctx, op, { programId, kind: 'company', name: 'PT Baja Cibeber', addressKelurahan: CIBEBER })).id;
    pledgeId = await committedPledge(ctx, sponsor, { workers: 2, months: 6, start: '2026-07' });
    expect(await enrolEveryone(ctx, programId, dir, { asOf: '2026-06' })).toBe(2);
    // A poorer worker registers later: without the renewal naming them, Dewi and Eka could lose their place.
    await seedPool(ctx, dir, PEOPLE.slice(2));
  });
  afterAll(async () => {
    await ctx.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prompts from 30 days before the pledge ends, with the price of the same workers for as long again', async () => {
    const sponsorUser = userActor('sponsor', programId, sponsor);
    // The pledge funds 2026-07 .. 2026-12: cover ends 2026-12-31.
    expect(await renewalsDue(ctx, sponsorUser, { programId, sponsorId: sponsor }, '2026-11-30')).toEqual([]);
    const [due] = await renewalsDue(ctx, sponsorUser, { programId, sponsorId: sponsor }, '2026-12-01');
    expect(due).toMatchObject({ pledgeId, endMonth: '2026-12', endsOn: '2026-12-31', daysLeft: 30, workers: 2, start: '2027-01', months: 6, total: 2 * 6 * 16_800 });
    expect(await renewalsDue(ctx, userActor('admin', programId), { programId }, '2026-12-31')).toHaveLength(1);
    expect(await renewalsDue(ctx, sponsorUser, { programId, sponsorId: sponsor }, '2027-01-01')).toEqual([]);
    expect(await errorCode(renewalsDue(ctx, userActor('sponsor', programId, sponsor + 1), { programId, sponsorId: sponsor }))).toBe('FORBIDDEN');
  });

  it('drafts the renewal naming the enrolled workers, and allocation gives them back first', async () => {
    const draft = await renewPledge(ctx, userActor('sponsor', programId, sponsor), pledgeId);
    expect(draft).toMatchObject({ status: 'draft', start: '2027-01', months: 6, workers: 2, total: 201_600 });
    expect(await errorCode(renewPledge(ctx, op, pledgeId))).toBe('PLEDGE_ALREADY_RENEWED');
    expect(await renewalsDue(ctx, op, { programId, sponsorId: sponsor }, '2026-12-10')).toEqual([]);
    await commitPledge(ctx, op, draft.id, draft.total);
    await runAllocation(ctx, op, programId, { asOf: '2026-12' });
    const proposed = (await listPlacements(ctx, op, programId, { pledgeId: draft.id })).items;
    expect(proposed.map((p) => [p.workerName, p.reason.named, p.reason.continuity]).sort()).toEqual([
      ['Dewi Anggraini', true, true],
      ['Eka Saputra', true, true],
    ]);
  });
});
