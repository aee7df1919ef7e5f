// Sponsors register themselves: a company, a foundation, a formal worker sponsoring their own
// helper, or a government budget holder fills in the public form with a password of their choice.
// Nothing is usable until a programme admin approves: then the sponsor and its user are created
// and the applicant logs in with that password. A rejection says why; the password hash is dropped
// either way. The public form is limited per address, and to one pending application per email.
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { DomainError, parseInput } from '../../domain-error.ts';
import { actorLabel, type Actor } from '../access/actor.ts';
import { normaliseEmail } from '../access/auth.service.ts';
import { checkPasswordRules, hashPassword, PASSWORD_MAX } from '../access/passwords.ts';
import { authorize } from '../access/policies.ts';
import { createUser } from '../access/users.service.ts';
import { recordAudit } from '../audit/audit.ts';
import { createSponsor, SPONSOR_KINDS } from './sponsors.service.ts';

/** Applications one address may send in an hour. */
export const APPLICATIONS_PER_HOUR = 5;

export const ApplicationInput = z.object({
  programCode: z.string().regex(/^\d{2}\.\d{2}$/),
  kind: z.enum(SPONSOR_KINDS),
  name: z.string().trim().min(2).max(200),
  nib: z.string().trim().regex(/^\d{13}$/, 'NIB: 13 digits').optional(),
  sector: z.string().trim().max(100).optional(),
  address: z.string().trim().max(300).optional(),
  addressKelurahan: z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/).optional(),
  contactName: z.string().trim().min(2).max(200),
  contactEmail: z.string().trim().max(200).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'email'),
  password: z.string().max(PASSWORD_MAX),
});
export type ApplicationInput = z.input<typeof ApplicationInput>;

export interface ApplicationView {
  id: number;
  kind: string;
  name: string;
  nib: string | null;
  sector: string | null;
  address: string | null;
  addressKelurahan: string | null;
  contactName: string;
  contactEmail: string;
  status: 'pending' | 'approved' | 'rejected';
  decisionNote: string | null;
  sponsorId: number | null;
  createdAt: string;
}

/** The public form's submission. Answers only with the application's number. */
export async function applyAsSponsor(ctx: AppContext, input: ApplicationInput, ip: string | null): Promise<{ id: number }> {
  const a = parseInput(ApplicationInput, input, 'application');
  checkPasswordRules(a.password);
  const db = ctx.database.db;
  const program = await db.selectFrom('programs').select(['id', 'region_code']).where('region_code', '=', a.programCode).executeTakeFirst();
  if (!program) throw new DomainError('PROGRAM_NOT_FOUND', { code: a.programCode });
  if (a.addressKelurahan && !a.addressKelurahan.startsWith(`${program.region_code}.`)) throw new DomainError('KELURAHAN_NOT_IN_PROGRAM', { code: a.addressKelurahan });
  if (ip) {
    const recent = await db
      .selectFrom('sponsor_applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ip', '=', ip)
      .where('created_at', '>', sql<Date>`now() - interval '1 hour'`)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= APPLICATIONS_PER_HOUR) throw new DomainError('APPLICATION_THROTTLED');
  }
  const email = normaliseEmail(a.contactEmail);
  const pending = await db.selectFrom('sponsor_applications').select('id').where('contact_email', '=', email).where('status', '=', 'pending').executeTakeFirst();
  if (pending) throw new DomainError('APPLICATION_PENDING');
  const row = await db
    .insertInto('sponsor_applications')
    .values({
      program_id: program.id,
      kind: a.kind,
      name: a.name,
      nib: a.nib ?? null,
      sector: a.sector ?? null,
      address: a.address ?? null,
      address_kelurahan: a.addressKelurahan ?? null,
      contact_name: a.contactName,
      contact_email: email,
      password_hash: await hashPassword(a.password),
      ip,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id) };
}

const view = (r: {
  id: number; kind: string; name: string; nib: string | null; sector: string | null; address: string | null; address_kelurahan: string | null; contact_name: string;
  contact_email: string; status: 'pending' | 'approved' | 'rejected'; decision_note: string | null; sponsor_id: number | null; created_at: Date;
}): ApplicationView => ({
  id: Number(r.id),
  kind: r.kind,
  name: r.name,
  nib: r.nib,
  sector: r.sector,
  address: r.address,
  addressKelurahan: r.address_kelurahan,
  contactName: r.contact_name,
  contactEmail: r.contact_email,
  status: r.status,
  decisionNote: r.decision_note,
  sponsorId: r.sponsor_id === null ? null : Number(r.sponsor_id),
  createdAt: new Date(r.created_at).toISOString(),
});

export async function listApplications(ctx: AppContext, actor: Actor, programId: number, status?: ApplicationView['status']): Promise<ApplicationView[]> {
  authorize(actor, 'sponsor.manage', { programId });
  let q = ctx.database.db.selectFrom('sponsor_applications').selectAll().where('program_id', '=', programId);
  if (status) q = q.where('status', '=', status);
  return (await q.orderBy('id', 'desc').limit(200).execute()).map(view);
}

/**
 * Approves (the sponsor and its user are created; the applicant logs in with the password they
 * chose) or rejects (with a reason) a pending application.
 */
export async function decideApplication(ctx: AppContext, actor: Actor, id: number, d: { decision: 'approve' | 'reject'; note?: string }): Promise<ApplicationView> {
  const db = ctx.database.db;
  const a = await db.selectFrom('sponsor_applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw new DomainError('APPLICATION_NOT_FOUND', { id });
  const programId = Number(a.program_id);
  authorize(actor, 'sponsor.manage', { programId });
  if (a.status !== 'pending') throw new DomainError('APPLICATION_DECIDED', { id });
  const note = d.note?.trim() || null;
  if (d.decision === 'reject') {
    if (!note) throw new DomainError('FIELD_INVALID', { field: 'note', alasan: 'alasan penolakan wajib diisi', reason: 'a rejection needs a reason' });
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('sponsor_applications').set({ status: 'rejected', decided_by: actorLabel(actor), decided_at: new Date(), decision_note: note, password_hash: null }).where('id', '=', id).execute();
      await recordAudit(trx, ctx.keyring, actor, { action: 'sponsor.application.reject', entity: 'sponsor_application', entityId: id, programId, after: { note } });
    });
  } else {
    // The application is claimed first, so a second approval (a double click) finds it decided;
    // should creating the sponsor or its user fail, it is pending again and nothing is left behind.
    const claimed = await db.updateTable('sponsor_applications').set({ status: 'approved', decided_by: actorLabel(actor), decided_at: new Date(), decision_note: note }).where('id', '=', id).where('status', '=', 'pending').returning('id').executeTakeFirst();
    if (!claimed) throw new DomainError('APPLICATION_DECIDED', { id });
    const existing = await db.selectFrom('users').select('id').where(sql`lower(email)`, '=', a.contact_email).executeTakeFirst();
    let sponsorId: number | undefined;
    try {
      if (existing) throw new DomainError('APPLICATION_EMAIL_TAKEN', { id });
      const sponsor = await createSponsor(ctx, actor, {
        programId,
        kind: a.kind,
        name: a.name,
        nib: a.nib ?? undefined,
        sector: a.sector ?? undefined,
        address: a.address ?? undefined,
        addressKelurahan: a.address_kelurahan ?? undefined,
        contactName: a.contact_name,
        contactEmail: a.contact_email,
      });
      sponsorId = sponsor.id;
      await createUser(ctx, actor, { email: a.contact_email, name: a.contact_name, role: 'sponsor', programId, sponsorId: sponsor.id, passwordHash: a.password_hash ?? undefined });
    } catch (e) {
      if (sponsorId !== undefined) await db.deleteFrom('sponsors').where('id', '=', sponsorId).execute();
      await db.updateTable('sponsor_applications').set({ status: 'pending', decided_by: null, decided_at: null, decision_note: null }).where('id', '=', id).execute();
      throw e;
    }
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('sponsor_applications').set({ password_hash: null, sponsor_id: sponsorId! }).where('id', '=', id).execute();
      await recordAudit(trx, ctx.keyring, actor, { action: 'sponsor.application.approve', entity: 'sponsor_application', entityId: id, programId, after: { sponsorId: sponsorId! } });
    });
  }
  const after = await db.selectFrom('sponsor_applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return view(after);
}
