// Sponsors registering themselves, on both engines: the public form's checks and limits, and an
// admin's decision: approving creates the sponsor and its user, who logs in with the password
// they chose.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../context.ts';
import { describeEachEngine, openTestDatabase } from '../../../../test/db.ts';
import { testContext } from '../../../../test/context.ts';
import { errorCode } from '../../../../test/error-code.ts';
import { CIBEBER, userActor } from '../../../../test/sponsorship.ts';
import { systemActor } from '../access/actor.ts';
import { login } from '../access/auth.service.ts';
import { createProgram } from '../programs/programs.service.ts';
import { APPLICATIONS_PER_HOUR, applyAsSponsor, decideApplication, listApplications, type ApplicationInput } from './applications.service.ts';
import { getSponsor } from './sponsors.service.ts';

const op = systemActor('test');
const form = (over: Partial<ApplicationInput> = {}): ApplicationInput => ({
  programCode: '36.72',
  kind: 'company',
  name: 'PT Pelabuhan Merak',
  nib: '1234567890123',
  address: 'Jl. Raya Merak 1',
  addressKelurahan: CIBEBER,
  contactName: 'Rina Marlina',
  contactEmail: 'rina@pelabuhan.co.id',
  password: 'sandi-pilihan-rina-2026',
  ...over,
});

describeEachEngine('sponsor applications', (kind) => {
  let ctx: AppContext;
  let programId: number;
  const admin = () => userActor('admin', programId);

  beforeAll(async () => {
    ctx = testContext(await openTestDatabase(kind));
    programId = (await createProgram(ctx, op, { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
  });
  afterAll(async () => ctx.database.close());

  it('checks the public form, one pending application per email, and a few per address an hour', async () => {
    expect(await errorCode(applyAsSponsor(ctx, form({ password: 'pendek' }), '10.0.0.1'))).toBe('PASSWORD_TOO_SHORT');
    expect(await errorCode(applyAsSponsor(ctx, form({ nib: '123' }), '10.0.0.1'))).toBe('FIELD_INVALID');
    expect(await errorCode(applyAsSponsor(ctx, form({ addressKelurahan: '35.25.01.1001' }), '10.0.0.1'))).toBe('KELURAHAN_NOT_IN_PROGRAM');
    expect(await errorCode(applyAsSponsor(ctx, form({ programCode: '99.99' }), '10.0.0.1'))).toBe('PROGRAM_NOT_FOUND');
    await applyAsSponsor(ctx, form(), '10.0.0.1');
    expect(await errorCode(applyAsSponsor(ctx, form({ contactEmail: 'RINA@pelabuhan.co.id ' }), '10.0.0.2'))).toBe('APPLICATION_PENDING');
    for (let i = 1; i < APPLICATIONS_PER_HOUR; i++) await applyAsSponsor(ctx, form({ contactEmail: `orang${i}@contoh.id` }), '10.0.0.1');
    expect(await errorCode(applyAsSponsor(ctx, form({ contactEmail: 'satu-lagi@contoh.id' }), '10.0.0.1'))).toBe('APPLICATION_THROTTLED');
  });

  it('approves: the sponsor and its user exist, and the applicant logs in with the password they chose', async () => {
    expect(await errorCode(listApplications(ctx, userActor('sponsor', programId, 1), programId))).toBe('FORBIDDEN');
    const [rina] = (await listApplications(ctx, admin(), programId, 'pending')).filter((a) => a.contactEmail === 'rina@pelabuhan.co.id');
    const decided = await decideApplication(ctx, admin(), rina!.id, { decision: 'approve' });
    expect(decided).toMatchObject({ status: 'approved', sponsorId: expect.any(Number) });
    const sponsor = await getSponsor(ctx, admin(), decided.sponsorId!);
    expect(sponsor).toMatchObject({ name: 'PT Pelabuhan Merak', kind: 'company' });
    const session = await login(ctx, { email: 'rina@pelabuhan.co.id', password: 'sandi-pilihan-rina-2026', ip: '10.0.0.9' });
    expect(session.actor.grants).toEqual([expect.objectContaining({ role: 'sponsor', programId, sponsorId: decided.sponsorId })]);
    expect(session.mustChangePassword).toBe(false);
    const stored = await ctx.database.db.selectFrom('sponsor_applications').select('password_hash').where('id', '=', rina!.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toBeNull();
    expect(await errorCode(decideApplication(ctx, admin(), rina!.id, { decision: 'reject', note: 'x' }))).toBe('APPLICATION_DECIDED');
  });

  it("refuses to approve an application whose email has an account already, and leaves nothing behind", async () => {
    const { id } = await applyAsSponsor(ctx, form({ contactEmail: 'rina@pelabuhan.co.id', name: 'PT Kedua' }), '10.0.0.3');
    const sponsorsBefore = await ctx.database.db.selectFrom('sponsors').select('id').execute();
    expect(await errorCode(decideApplication(ctx, admin(), id, { decision: 'approve' }))).toBe('APPLICATION_EMAIL_TAKEN');
    expect(await ctx.database.db.selectFrom('sponsors').select('id').execute()).toHaveLength(sponsorsBefore.length);
    expect((await listApplications(ctx, admin(), programId, 'pending')).map((a) => a.id)).toContain(id);
    await decideApplication(ctx, admin(), id, { decision: 'reject', note: 'email sudah dipakai' });
  });

  it('rejects with a reason, and forgets the password', async () => {
    const [other] = await listApplications(ctx, admin(), programId, 'pending');
    expect(await errorCode(decideApplication(ctx, admin(), other!.id, { decision: 'reject' }))).toBe('FIELD_INVALID');
    expect(await decideApplication(ctx, admin(), other!.id, { decision: 'reject', note: 'NIB tidak terdaftar di OSS' })).toMatchObject({ status: 'rejected', decisionNote: 'NIB tidak terdaftar di OSS', sponsorId: null });
    const stored = await ctx.database.db.selectFrom('sponsor_applications').select('password_hash').where('id', '=', other!.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toBeNull();
  });
});
