// Claims on both engines: recorded by KPJ number for a month the programme covered, refused for
// any other; a JKM claim records the death.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../context.ts';
import { describeEachEngine, openTestDatabase } from '../../../../test/db.ts';
import { testContext } from '../../../../test/context.ts';
import { errorCode } from '../../../../test/error-code.ts';
import { tmpDir } from '../../../../test/import-helpers.ts';
import { CIBEBER, committedPledge, enrolEveryone, seedPool, userActor } from '../../../../test/sponsorship.ts';
import { systemActor } from '../access/actor.ts';
import { createProgram } from '../programs/programs.service.ts';
import { createSponsor } from '../sponsors/sponsors.service.ts';
import { listClaims, recordClaim } from './claims.service.ts';

const op = systemActor('test');

describeEachEngine('claims', (kind) => {
  let ctx: AppContext;
  let dir: string;
  let programId: number;
  let who: Map<string, number>;
  const insurer = () => userActor('insurer', programId);

  beforeAll(async () => {
    ctx = testContext(await openTestDatabase(kind));
    dir = tmpDir();
    programId = (await createProgram(ctx, op, { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
    who = await seedPool(ctx, dir, [
      [41, 'Gunawan Putra', '1985-03-12', CIBEBER, '1'],
      [42, 'Hadi Susilo', '1975-05-01', CIBEBER, '2'],
    ]);
    const sponsor = (await createSponsor(ctx, op, { programId, kind: 'company', name: 'PT Baja Cibeber', addressKelurahan: CIBEBER })).id;
    await committedPledge(ctx, sponsor, { workers: 2, months: 6, start: '2026-07' });
    expect(await enrolEveryone(ctx, programId, dir, { asOf: '2026-06', kpjFrom: 22_000_000_001 })).toBe(2);
  });
  afterAll(async () => {
    await ctx.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records a JKK claim by KPJ number for a covered month, and refuses one outside the cover', async () => {
    const kpj = (await ctx.database.db.selectFrom('placements').select('kpj_number').where('worker_id', '=', who.get('Gunawan Putra')!).executeTakeFirstOrThrow()).kpj_number!;
    const claim = await recordClaim(ctx, insurer(), programId, { kpj, type: 'JKK', eventDate: '2026-08-14', paidOn: '2026-09-01', amountPaid: 3_250_000, note: 'kecelakaan di jalan' }, '2026-11-23');
    expect(claim).toMatchObject({ workerName: 'Gunawan Putra', sponsorName: 'PT Baja Cibeber', type: 'JKK', amountPaid: 3_250_000, kpj });
    expect(await errorCode(recordClaim(ctx, insurer(), programId, { kpj, type: 'JKK', eventDate: '2026-06-30', amountPaid: 1 }, '2026-11-23'))).toBe('CLAIM_NOT_COVERED');
    expect(await errorCode(recordClaim(ctx, insurer(), programId, { kpj: '99999999', type: 'JKK', eventDate: '2026-08-14', amountPaid: 1 }, '2026-11-23'))).toBe('CLAIM_NOT_COVERED');
    expect(await errorCode(recordClaim(ctx, insurer(), programId, { type: 'JKK', eventDate: '2026-08-14', amountPaid: 1 }, '2026-11-23'))).toBe('FIELD_INVALID');
    expect(await errorCode(recordClaim(ctx, insurer(), programId, { kpj, type: 'JKK', eventDate: '2026-12-01', amountPaid: 1 }, '2026-11-23'))).toBe('FIELD_INVALID');
    expect(await errorCode(recordClaim(ctx, userActor('sponsor', programId, 1), programId, { kpj, type: 'JKK', eventDate: '2026-08-14', amountPaid: 1 }))).toBe('FORBIDDEN');
  });

  it('records the death with a JKM claim', async () => {
    const hadi = who.get('Hadi Susilo')!;
    await recordClaim(ctx, insurer(), programId, { workerId: hadi, type: 'JKM', eventDate: '2026-10-02', amountPaid: 42_000_000 }, '2026-11-23');
    const w = await ctx.database.db.selectFrom('workers').select(['life_status', 'life_status_date']).where('id', '=', hadi).executeTakeFirstOrThrow();
    expect(w).toEqual({ life_status: 'deceased', life_status_date: '2026-10-02' });
    // Cover ends with the month of death: the months after are free and never billed.
    const placement = await ctx.database.db.selectFrom('placements').select(['status', 'lapsed_from']).where('worker_id', '=', hadi).executeTakeFirstOrThrow();
    expect(placement).toEqual({ status: 'lapsed', lapsed_from: '2026-11' });
    expect((await listClaims(ctx, userActor('admin', programId), programId)).map((c) => [c.type, c.amountPaid])).toEqual([
      ['JKM', 42_000_000],
      ['JKK', 3_250_000],
    ]);
  });
});
