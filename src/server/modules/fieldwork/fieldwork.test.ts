// Field work and data-subject requests on both engines: registration with consent, corrections
// with history and provenance, reveal with its audit entry, life status, export, erasure.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../context.ts';
import { describeEachEngine, openTestDatabase } from '../../../../test/db.ts';
import { testContext } from '../../../../test/context.ts';
import { nik } from '../../../../test/import-helpers.ts';
import { findNiks } from '../../../../test/no-nik.ts';
import { errorCode } from '../../../../test/error-code.ts';
import { systemActor, type Actor, type UserActor } from '../access/actor.ts';
import { verifyAudit } from '../audit/audit.ts';
import { createUser } from '../access/users.service.ts';
import { createProgram } from '../programs/programs.service.ts';
import { getWorkerDetail } from '../registry/registry.service.ts';
import { revealIdentity } from './reveal.service.ts';
import { eraseSubject, exportSubject, findSubject } from './subject-requests.service.ts';
import { correctWorker, recordConsent, registerWorker, setLifeStatus, withdrawConsent } from './worker-edits.service.ts';

const op = systemActor('test');
const KEL = '36.72.01.1001';
const OTHER_KEL = '36.72.02.1001';

const code = errorCode;

describeEachEngine('field work and subject requests', (kind) => {
  let ctx: AppContext;
  let programId: number;
  let agent: UserActor;
  beforeAll(async () => {
    ctx = testContext(await openTestDatabase(kind));
    programId = (await createProgram(ctx, op, { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
    const { userId } = await createUser(ctx, op, { email: 'agen@x.id', name: 'Agen', role: 'agent', programId, kelurahan: [KEL], password: 'kata-sandi-agen' });
    agent = { kind: 'user', userId, email: 'agen@x.id', name: 'Agen', grants: [{ role: 'agent', programId, sponsorId: null, kelurahan: [KEL] }], ip: '10.0.0.9', sessionId: null };
  });
  afterAll(async () => ctx.database.close());

  it('registers a worker with consent, fills sex and birth date from the NIK, and keeps no NIK in clear', async () => {
    const n = nik(501, 'P', '1990-04-05');
    const r = await registerWorker(ctx, agent, programId, {
      nik: n,
      name: 'Siti Aminah',
      kelurahanCode: KEL,
      phone: '0812-3456-7890',
      occupationCode: 'ART',
      consent: { purpose: 'Iuran BPJS TK', legalBasis: 'Persetujuan', method: 'Tanda tangan' },
    });
    expect(r.warnings).toEqual(['SEX_FROM_NIK', 'BIRTH_DATE_FROM_NIK']);
    const detail = await getWorkerDetail(ctx, op, r.id);
    expect(detail.worker).toMatchObject({ sex: 'P', birthDate: '1990-04-05', kelurahanCode: KEL });
    expect(detail.consents).toHaveLength(1);
    expect(detail.fields.find((f) => f.field === 'name')?.source).toBe('LAPANGAN');
    const raw = await sql<{ t: string }>`SELECT w::text AS t FROM workers w WHERE id = ${r.id}`.execute(ctx.database.db);
    expect(findNiks(raw.rows[0]!.t)).toEqual([]);
    expect(raw.rows[0]!.t).not.toContain('3456');
    // The same NIK again is refused, with the existing record's id.
    expect(await code(registerWorker(ctx, agent, programId, { nik: n, name: 'Siti', kelurahanCode: KEL }))).toBe('WORKER_EXISTS');
    // Outside the agent's kelurahan: refused.
    expect(await code(registerWorker(ctx, agent, programId, { nik: nik(502), name: 'Budi', kelurahanCode: OTHER_KEL }))).toBe('FORBIDDEN');
    // A bad NIK says why, in both languages.
    const bad = await registerWorker(ctx, agent, programId, { nik: '3.67201E+15', name: 'X', kelurahanCode: KEL }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'FIELD_INVALID', details: { field: 'nik' } });
  });

  it('corrects a record with history, provenance and an audit entry whose phone numbers are masked', async () => {
    const { id } = await registerWorker(ctx, op, programId, { nik: nik(510), name: 'Ujang', kelurahanCode: KEL, phone: '081200000001' });
    const changed = await correctWorker(ctx, agent, id, { name: 'Ujang Sutisna', phone: '081299990002', rt: '3' });
    expect(changed.sort()).toEqual(['name', 'phone', 'rt']);
    expect(await correctWorker(ctx, agent, id, { name: 'Ujang Sutisna', phone: '081299990002' })).toEqual([]);
    const detail = await getWorkerDetail(ctx, op, id);
    expect(detail.worker.name).toBe('Ujang Sutisna');
    expect(detail.history.map((h) => h.field).sort()).toEqual(['name', 'phone', 'rt']);
    const phoneHistory = detail.history.find((h) => h.field === 'phone')!;
    expect(phoneHistory.newValue).not.toContain('99990002');
    const audit = await ctx.database.db.selectFrom('audit_log').select(['before', 'after', 'ip']).where('action', '=', 'worker.correct').executeTakeFirstOrThrow();
    expect(JSON.stringify(audit)).not.toContain('99990002');
    expect(JSON.stringify(audit)).toContain('0812••••0002');
    expect(audit.ip).toBe('10.0.0.9');
    expect(await code(correctWorker(ctx, agent, id, { kelurahanCode: OTHER_KEL }))).toBe('FORBIDDEN');
    // Nor out of every kelurahan, where no agent would reach it.
    expect(await code(correctWorker(ctx, agent, id, { kelurahanCode: null }))).toBe('FORBIDDEN');
    // The audit trail, which cannot be erased, holds fingerprints of personal values, not the values.
    const trail = await ctx.database.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'worker.correct').executeTakeFirstOrThrow();
    expect(JSON.stringify(trail)).not.toContain('Ujang');
    expect((trail.after as { name: string }).name).toMatch(/^fp:[0-9a-f]{16}$/);
    expect(await code(correctWorker(ctx, agent, id, { desil: 11 }))).toBe('FIELD_INVALID');
  });

  it('reveals the full NIK only with a reason, to a role that may, and audits it', async () => {
    const n = nik(520);
    const { id } = await registerWorker(ctx, op, programId, { nik: n, name: 'Asep', kelurahanCode: KEL, phone: '081311112222' });
    const insurer: Actor = { ...agent, grants: [{ role: 'insurer', programId, sponsorId: null, kelurahan: [] }] };
    expect(await code(revealIdentity(ctx, insurer, id, 'cek KTP'))).toBe('FORBIDDEN');
    expect(await code(revealIdentity(ctx, agent, id, ''))).toBe('REVEAL_REASON_REQUIRED');
    const before = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'worker.reveal'`.execute(ctx.database.db)).rows[0]!.n);
    expect(await revealIdentity(ctx, agent, id, 'cocokkan dengan KTP')).toMatchObject({ nik: n, phone: '081311112222' });
    const after = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'worker.reveal'`.execute(ctx.database.db)).rows[0]!.n);
    expect(after).toBe(before + 1);
  });

  it('records and withdraws consent, and flags a death', async () => {
    const { id } = await registerWorker(ctx, op, programId, { nik: nik(530), name: 'Dedi', kelurahanCode: KEL });
    const consentId = await recordConsent(ctx, agent, id, { purpose: 'Iuran', legalBasis: 'Persetujuan', method: 'Lisan' });
    await withdrawConsent(ctx, agent, consentId, 'tidak bersedia');
    expect(await code(withdrawConsent(ctx, agent, consentId, ''))).toBe('CONSENT_ALREADY_WITHDRAWN');
    expect((await getWorkerDetail(ctx, op, id)).consents[0]?.withdrawnAt).not.toBeNull();
    expect(await code(setLifeStatus(ctx, agent, id, { status: 'deceased' }))).toBe('FIELD_INVALID');
    await setLifeStatus(ctx, agent, id, { status: 'deceased', date: '2026-11-01', note: 'kabar RT' });
    const w = await ctx.database.db.selectFrom('workers').select(['life_status', 'life_status_date']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(w).toEqual({ life_status: 'deceased', life_status_date: '2026-11-01' });
  });

  it('finds a person by NIK, exports everything held, and anonymises or erases on request', async () => {
    const n = nik(540);
    const { id } = await registerWorker(ctx, op, programId, {
      nik: n,
      name: 'Rina',
      kelurahanCode: KEL,
      phone: '081344445555',
      consent: { purpose: 'Iuran', legalBasis: 'Persetujuan', method: 'Tanda tangan' },
    });
    await correctWorker(ctx, op, id, { street: 'Jl. Mawar 3' });
    expect(await findSubject(ctx, op, programId, n)).toMatchObject({ workerId: id, name: 'Rina' });
    expect(await findSubject(ctx, op, programId, nik(541))).toBeNull();
    expect(await code(exportSubject(ctx, agent, id))).toBe('FORBIDDEN');
    const doc = (await exportSubject(ctx, op, id)) as { person: { nik: string; phone: string; address: { street: string } }; consents: unknown[]; history: unknown[] };
    expect(doc.person).toMatchObject({ nik: n, phone: '081344445555', address: { street: 'Jl. Mawar 3' } });
    expect(doc.consents).toHaveLength(1);
    expect(doc.history).toHaveLength(1);

    expect(await eraseSubject(ctx, op, id, { mode: 'anonymise', reason: 'permintaan tertulis 12/11' })).toEqual({ done: 'anonymised' });
    const anon = await ctx.database.db.selectFrom('workers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(anon).toMatchObject({ name: '(dianonimkan)', phone_enc: null, street: null, kelurahan_code: KEL });
    expect(await findSubject(ctx, op, programId, n)).toBeNull();
    expect(await ctx.database.db.selectFrom('consents').select('id').where('worker_id', '=', id).execute()).toEqual([]);
    expect(await code(exportSubject(ctx, op, id))).toBe('WORKER_ANONYMISED');

    const other = await registerWorker(ctx, op, programId, { nik: nik(542), name: 'Tono', kelurahanCode: KEL });
    expect(await eraseSubject(ctx, op, other.id, { mode: 'erase', reason: 'permintaan' })).toEqual({ done: 'erased' });
    expect(await ctx.database.db.selectFrom('workers').select('id').where('id', '=', other.id).execute()).toEqual([]);
    // Nothing of them is left in the audit trail but masked NIKs and fingerprints.
    const everything = JSON.stringify(await ctx.database.db.selectFrom('audit_log').selectAll().execute());
    for (const s of ['Rina', 'Tono', 'Mawar', '081344445555', n]) expect(everything).not.toContain(s);
    // An anonymised record's page says so, and key rotation passes over it.
    expect(await code(getWorkerDetail(ctx, op, id))).toBe('WORKER_ANONYMISED');
    // All of it is in an intact audit chain.
    expect((await verifyAudit(ctx.database.db, ctx.keyring)).ok).toBe(true);
  });
});
