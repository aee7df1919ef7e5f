// Changes people make to one record at a time: a field agent registering a worker at the door,
// correcting a record, capturing or withdrawing consent, flagging a death or a move; an admin
// doing the same from the office. Each is a changeset with per-field history and provenance, like
// an import, and an audit entry with the values before and after (NIK and phone masked).
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import { blindIndex, seal } from '../../crypto/field-crypto.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError } from '../../domain-error.ts';
import { todayJakarta } from '../../lib/dates.ts';
import { actorLabel, type Actor } from '../access/actor.ts';
import { authorize, can } from '../access/policies.ts';
import { recordAudit } from '../audit/audit.ts';
import { readDate, readDesil, readKk, readKpj, readNik, readPhone, readRt, readRw, readSex, readText, type ReadResult } from '../imports/values.ts';
import { useDatabaseKey } from '../keys/keys.service.ts';
import { listOccupations } from '../registry/registry.repository.ts';
import { maskNik, maskPhone } from '../registry/masks.ts';
import type { Source } from '../registry/merge-rules.ts';
import { compareNikWithStated, nikBirthDate, parseNik } from '../registry/nik.ts';

/** Fields a person may set on a record; null clears a field. */
export interface WorkerFields {
  name?: string | undefined;
  birthDate?: string | null | undefined;
  sex?: 'L' | 'P' | null | undefined;
  kelurahanCode?: string | null | undefined;
  rt?: string | null | undefined;
  rw?: string | null | undefined;
  street?: string | null | undefined;
  occupationCode?: string | null | undefined;
  phone?: string | null | undefined;
  desil?: number | null | undefined;
  kkNumber?: string | null | undefined;
  kpjNumber?: string | null | undefined;
  bpjsStatus?: string | null | undefined;
}

type Column = 'name' | 'birth_date' | 'sex' | 'kelurahan_code' | 'rt' | 'rw' | 'street' | 'occupation_code' | 'phone' | 'desil' | 'kk_number' | 'kpj_number' | 'bpjs_status';

const COLUMNS: Record<keyof WorkerFields, Column> = {
  name: 'name',
  birthDate: 'birth_date',
  sex: 'sex',
  kelurahanCode: 'kelurahan_code',
  rt: 'rt',
  rw: 'rw',
  street: 'street',
  occupationCode: 'occupation_code',
  phone: 'phone',
  desil: 'desil',
  kkNumber: 'kk_number',
  kpjNumber: 'kpj_number',
  bpjsStatus: 'bpjs_status',
};

/** The fields correctWorker accepts. */
export const CORRECTABLE_FIELDS = Object.keys(COLUMNS) as (keyof WorkerFields)[];

export const LIFE_STATUSES = ['active', 'deceased', 'moved_away'] as const;
export type LifeStatus = (typeof LIFE_STATUSES)[number];

export interface ConsentInput {
  purpose: string;
  legalBasis: string;
  method: string;
  /** ISO date-time; default now. */
  collectedAt?: string | undefined;
}

/** A field agent's word counts as field data; an admin's as a manual correction. */
function sourceOf(actor: Actor, programId: number): Source {
  if (actor.kind !== 'user') return 'MANUAL';
  const roles = actor.grants.filter((g) => g.programId === programId).map((g) => g.role);
  return roles.includes('admin') ? 'MANUAL' : 'LAPANGAN';
}

function fieldError(field: string, r: Extract<ReadResult<unknown>, { ok: false }>): never {
  throw new DomainError('FIELD_INVALID', { field, alasan: r.problem.id, reason: r.problem.en });
}

function take<T>(field: string, r: ReadResult<T>): T | null {
  if (!r.ok) fieldError(field, r);
  return r.value;
}

/** Validates and normalises the given fields to column values, as an import would read them. */
async function normalise(db: Kysely<DB>, regionCode: string, f: WorkerFields): Promise<Partial<Record<Column, string | number | null>>> {
  const out: Partial<Record<Column, string | number | null>> = {};
  const today = todayJakarta();
  if (f.name !== undefined) {
    const name = take('name', readText(f.name, 200));
    if (!name) throw new DomainError('FIELD_INVALID', { field: 'name', alasan: 'Nama wajib diisi', reason: 'The name is required' });
    out.name = name;
  }
  if (f.birthDate !== undefined) {
    out.birth_date = f.birthDate === null ? null : take('birthDate', readDate(f.birthDate, today));
    if (out.birth_date && out.birth_date > today) {
      throw new DomainError('FIELD_INVALID', { field: 'birthDate', alasan: 'Tanggal lahir di masa depan', reason: 'The birth date is in the future' });
    }
  }
  if (f.sex !== undefined) out.sex = f.sex === null ? null : take('sex', readSex(f.sex));
  if (f.kelurahanCode !== undefined) {
    if (f.kelurahanCode !== null) {
      const r = await db.selectFrom('regions').select('code').where('code', '=', f.kelurahanCode).where('level', '=', 4).executeTakeFirst();
      if (!r || !f.kelurahanCode.startsWith(`${regionCode}.`)) throw new DomainError('KELURAHAN_NOT_IN_PROGRAM', { code: f.kelurahanCode });
    }
    out.kelurahan_code = f.kelurahanCode;
  }
  if (f.rt !== undefined) out.rt = f.rt === null ? null : take('rt', readRt(f.rt));
  if (f.rw !== undefined) out.rw = f.rw === null ? null : take('rw', readRw(f.rw));
  if (f.street !== undefined) out.street = f.street === null ? null : take('street', readText(f.street, 300));
  if (f.occupationCode !== undefined) {
    if (f.occupationCode !== null && !(await listOccupations(db)).some((o) => o.code === f.occupationCode)) {
      throw new DomainError('FIELD_INVALID', { field: 'occupationCode', alasan: 'Pekerjaan tidak ada di katalog', reason: 'The occupation is not in the catalogue' });
    }
    out.occupation_code = f.occupationCode;
  }
  if (f.phone !== undefined) out.phone = f.phone === null ? null : take('phone', readPhone(f.phone));
  if (f.desil !== undefined) out.desil = f.desil === null ? null : take('desil', readDesil(f.desil));
  if (f.kkNumber !== undefined) out.kk_number = f.kkNumber === null ? null : take('kkNumber', readKk(f.kkNumber));
  if (f.kpjNumber !== undefined) out.kpj_number = f.kpjNumber === null ? null : take('kpjNumber', readKpj(f.kpjNumber));
  if (f.bpjsStatus !== undefined) out.bpjs_status = f.bpjsStatus === null ? null : take('bpjsStatus', readText(f.bpjsStatus, 40));
  return out;
}

/** How a value is shown in history: phone numbers masked. */
const shown = (column: Column, v: string | number | null | undefined): string | null =>
  v === null || v === undefined ? null : column === 'phone' ? maskPhone(String(v)) : String(v);

// The audit trail cannot be erased, so it never holds a person's values: fields that are personal
// data appear as a keyed fingerprint (equal values, equal prints; the values themselves are in
// worker_history, which a data-subject erasure removes). Codes that say nothing about the person
// alone stay readable.
const READABLE_IN_AUDIT = new Set<string>(['kelurahan_code', 'occupation_code', 'bpjs_status']);
function auditValue(ctx: AppContext, column: string, v: string | null): string | null {
  if (v === null || READABLE_IN_AUDIT.has(column) || column === 'phone' || column === 'nik') return v;
  return `fp:${ctx.keyring.auditMac(`audit-value:${column}:${v}`).mac.slice(0, 16)}`;
}
const auditValues = (ctx: AppContext, values: Record<string, string | null>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, auditValue(ctx, k, v)]));

async function loadForEdit(db: Kysely<DB>, workerId: number) {
  const w = await db
    .selectFrom('workers as w')
    .innerJoin('programs as p', 'p.id', 'w.program_id')
    .select([
      'w.id', 'w.program_id', 'p.region_code', 'w.name', 'w.birth_date', 'w.sex', 'w.kelurahan_code', 'w.rt', 'w.rw', 'w.street',
      'w.occupation_code', 'w.phone_hash', 'w.phone_mask', 'w.desil', 'w.kk_number', 'w.kpj_number', 'w.bpjs_status',
      'w.provenance', 'w.sources', 'w.life_status', 'w.anonymised_at',
    ])
    .where('w.id', '=', workerId)
    .executeTakeFirst();
  if (!w) throw new DomainError('WORKER_NOT_FOUND', { id: workerId });
  if (w.anonymised_at) throw new DomainError('WORKER_ANONYMISED', { id: workerId });
  return w;
}

/** Corrects fields of one record. Returns the fields that changed. */
export async function correctWorker(ctx: AppContext, actor: Actor, workerId: number, fields: WorkerFields): Promise<string[]> {
  const db = ctx.database.db;
  const w = await loadForEdit(db, workerId);
  const programId = Number(w.program_id);
  authorize(actor, 'worker.write', { programId, kelurahanCode: w.kelurahan_code });
  // Moving a record to another kelurahan needs reach there too.
  if (fields.kelurahanCode !== undefined && fields.kelurahanCode !== w.kelurahan_code) authorize(actor, 'worker.write', { programId, kelurahanCode: fields.kelurahanCode });
  const next = await normalise(db, w.region_code, fields);
  const keyId = await useDatabaseKey(db, ctx.keyring);
  const current = (c: Column) => (c === 'phone' ? w.phone_hash : (w as Record<string, unknown>)[c]);
  const incoming = (c: Column, v: string | number | null) => (c === 'phone' && v !== null ? blindIndex(ctx.keyring, 'phone', String(v), keyId) : v);
  const changed = (Object.keys(next) as Column[]).filter((c) => String(current(c) ?? '') !== String(incoming(c, next[c] ?? null) ?? ''));
  if (changed.length === 0) return [];
  const source = sourceOf(actor, programId);
  await db.transaction().execute(async (trx) => {
    const cs = await trx.insertInto('changesets').values({ program_id: programId, kind: 'correction', source, import_id: null, actor: actorLabel(actor) }).returning('id').executeTakeFirstOrThrow();
    const provenance = { ...(w.provenance as Record<string, number>) };
    const sources = { ...(w.sources as Record<string, string>) };
    const set: Record<string, unknown> = {};
    const before: Record<string, string | null> = {};
    const after: Record<string, string | null> = {};
    for (const c of changed) {
      const v = next[c] ?? null;
      before[c] = c === 'phone' ? w.phone_mask : shown(c, current(c) as string | number | null);
      after[c] = shown(c, v);
      if (c === 'phone') {
        set.phone_enc = v === null ? null : seal(ctx.keyring, 'phone', String(v), keyId);
        set.phone_hash = v === null ? null : blindIndex(ctx.keyring, 'phone', String(v), keyId);
        set.phone_mask = v === null ? null : maskPhone(String(v));
      } else {
        set[c] = v;
      }
      provenance[c] = Number(cs.id);
      sources[c] = source;
    }
    await trx
      .updateTable('workers')
      .set({ ...set, provenance: JSON.stringify(provenance), sources: JSON.stringify(sources), updated_at: new Date() })
      .where('id', '=', workerId)
      .execute();
    await trx
      .insertInto('worker_history')
      .values(changed.map((c) => ({ worker_id: workerId, changeset_id: Number(cs.id), field: c, old_value: before[c] ?? null, new_value: after[c] ?? null })))
      .execute();
    await recordAudit(trx, ctx.keyring, actor, { action: 'worker.correct', entity: 'worker', entityId: workerId, programId, before: auditValues(ctx, before), after: auditValues(ctx, after) });
  });
  return changed;
}

export interface Registration extends WorkerFields {
  nik: string;
  name: string;
  consent?: ConsentInput | undefined;
}

/** Registers a worker met in the field (or at the office). A NIK already registered is refused with the record's id. */
export async function registerWorker(ctx: AppContext, actor: Actor, programId: number, input: Registration): Promise<{ id: number; warnings: string[] }> {
  const db = ctx.database.db;
  const program = await db.selectFrom('programs').select(['id', 'region_code']).where('id', '=', programId).executeTakeFirst();
  if (!program) throw new DomainError('PROGRAM_NOT_FOUND', { code: String(programId) });
  authorize(actor, 'worker.write', { programId, kelurahanCode: input.kelurahanCode ?? null });
  const nik = take('nik', readNik(input.nik));
  if (!nik) throw new DomainError('FIELD_INVALID', { field: 'nik', alasan: 'NIK wajib diisi', reason: 'The NIK is required' });
  const upper = new Set((await db.selectFrom('regions').select('code').where('level', '<=', 2).execute()).map((r) => r.code));
  const parsed = parseNik(nik, { isKnownProvince: (c) => upper.has(c), isKnownRegency: (c) => upper.has(c) });
  if (!parsed.ok) throw new DomainError('FIELD_INVALID', { field: 'nik', alasan: parsed.problem.id, reason: parsed.problem.en });
  const values = await normalise(db, program.region_code, input);
  const keyId = await useDatabaseKey(db, ctx.keyring);
  const nikHash = blindIndex(ctx.keyring, 'nik', nik, keyId);
  const existing = await db.selectFrom('workers').select('id').where('program_id', '=', programId).where('nik_hash', '=', nikHash).executeTakeFirst();
  if (existing) {
    const found = await db.selectFrom('workers').select('kelurahan_code').where('id', '=', existing.id).executeTakeFirstOrThrow();
    throw new DomainError('WORKER_EXISTS', can(actor, 'worker.read', { programId, kelurahanCode: found.kelurahan_code }) ? { id: Number(existing.id) } : { id: '-' });
  }
  // What the NIK says fills what was not stated; a contradiction is a warning, not a silent fix.
  const stated = { birthDate: (values.birth_date as string | null | undefined) ?? null, sex: (values.sex as 'L' | 'P' | null | undefined) ?? null };
  const warnings = compareNikWithStated(parsed.info, stated).map((p) => p.code);
  if (!stated.sex) {
    values.sex = parsed.info.sex;
    warnings.push('SEX_FROM_NIK');
  }
  if (!stated.birthDate) {
    values.birth_date = nikBirthDate(parsed.info, todayJakarta());
    warnings.push('BIRTH_DATE_FROM_NIK');
  }
  const source = sourceOf(actor, programId);
  return db.transaction().execute(async (trx) => {
    const cs = await trx.insertInto('changesets').values({ program_id: programId, kind: 'registration', source, import_id: null, actor: actorLabel(actor) }).returning('id').executeTakeFirstOrThrow();
    const phone = (values.phone as string | null | undefined) ?? null;
    const { phone: _phone, ...plain } = values;
    void _phone;
    const row = await trx
      .insertInto('workers')
      .values({
        program_id: programId,
        nik_hash: nikHash,
        nik_enc: seal(ctx.keyring, 'nik', nik, keyId),
        name: String(values.name),
        ...(plain as Record<string, never>),
        phone_enc: phone === null ? null : seal(ctx.keyring, 'phone', phone, keyId),
        phone_hash: phone === null ? null : blindIndex(ctx.keyring, 'phone', phone, keyId),
        phone_mask: phone === null ? null : maskPhone(phone),
        warnings,
        created_changeset_id: Number(cs.id),
        created_source: source,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    const after: Record<string, string | null> = { nik: maskNik(nik) };
    for (const [c, v] of Object.entries(values)) after[c] = shown(c as Column, v);
    await recordAudit(trx, ctx.keyring, actor, { action: 'worker.register', entity: 'worker', entityId: id, programId, after: auditValues(ctx, after) });
    if (input.consent) await insertConsent(trx, ctx, actor, { id, programId }, input.consent);
    return { id, warnings };
  });
}

async function insertConsent(trx: Kysely<DB>, ctx: AppContext, actor: Actor, w: { id: number; programId: number }, c: ConsentInput): Promise<number> {
  const purpose = c.purpose.trim();
  const legalBasis = c.legalBasis.trim();
  const method = c.method.trim();
  if (!purpose || !legalBasis || !method) throw new DomainError('CONSENT_INCOMPLETE');
  const collectedAt = c.collectedAt ? new Date(c.collectedAt) : new Date();
  if (Number.isNaN(collectedAt.getTime()) || collectedAt.getTime() > Date.now() + 5 * 60_000) throw new DomainError('CONSENT_DATE_INVALID');
  const collectedBy = actor.kind === 'user' ? `${actor.name} <${actor.email}>` : actorLabel(actor);
  const row = await trx
    .insertInto('consents')
    .values({
      worker_id: w.id,
      purpose,
      legal_basis: legalBasis,
      collected_by: collectedBy,
      collected_by_user_id: actor.kind === 'user' ? actor.userId : null,
      collected_at: collectedAt,
      method,
      withdrawn_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, ctx.keyring, actor, {
    action: 'worker.consent_record',
    entity: 'worker',
    entityId: w.id,
    programId: w.programId,
    after: { consentId: Number(row.id), purpose, legalBasis, method, collectedAt: collectedAt.toISOString() },
  });
  return Number(row.id);
}

/** Records consent (UU 27/2022 Pasal 20-22): purpose, legal basis, who collected it, when and how. */
export async function recordConsent(ctx: AppContext, actor: Actor, workerId: number, c: ConsentInput): Promise<number> {
  const w = await loadForEdit(ctx.database.db, workerId);
  authorize(actor, 'worker.write', { programId: Number(w.program_id), kelurahanCode: w.kelurahan_code });
  return ctx.database.db.transaction().execute((trx) => insertConsent(trx, ctx, actor, { id: workerId, programId: Number(w.program_id) }, c));
}

/** Withdraws a consent (Pasal 9): it stays on record with the time it was withdrawn. */
export async function withdrawConsent(ctx: AppContext, actor: Actor, consentId: number, reason: string): Promise<void> {
  const db = ctx.database.db;
  const c = await db
    .selectFrom('consents as c')
    .innerJoin('workers as w', 'w.id', 'c.worker_id')
    .select(['c.id', 'c.worker_id', 'c.withdrawn_at', 'w.program_id', 'w.kelurahan_code'])
    .where('c.id', '=', consentId)
    .executeTakeFirst();
  if (!c) throw new DomainError('CONSENT_NOT_FOUND', { id: consentId });
  authorize(actor, 'worker.write', { programId: Number(c.program_id), kelurahanCode: c.kelurahan_code });
  if (c.withdrawn_at) throw new DomainError('CONSENT_ALREADY_WITHDRAWN', { id: consentId });
  await db.transaction().execute(async (trx) => {
    const now = new Date();
    await trx.updateTable('consents').set({ withdrawn_at: now, withdrawn_by: actorLabel(actor), withdrawal_reason: reason.trim() || null }).where('id', '=', consentId).execute();
    await recordAudit(trx, ctx.keyring, actor, {
      action: 'worker.consent_withdraw',
      entity: 'worker',
      entityId: Number(c.worker_id),
      programId: Number(c.program_id),
      before: { consentId, withdrawn: false },
      after: { consentId, withdrawn: true, reason: reason.trim() || null },
    });
  });
}

/** Flags a death or a move out of the area (or undoes a flag): allocation skips such records. */
export async function setLifeStatus(ctx: AppContext, actor: Actor, workerId: number, input: { status: LifeStatus; date?: string | null; note?: string | null }): Promise<void> {
  const db = ctx.database.db;
  const w = await loadForEdit(db, workerId);
  const programId = Number(w.program_id);
  authorize(actor, 'worker.write', { programId, kelurahanCode: w.kelurahan_code });
  const date = input.date ? take('date', readDate(input.date, todayJakarta())) : null;
  if (date && date > todayJakarta()) throw new DomainError('FIELD_INVALID', { field: 'date', alasan: 'Tanggal di masa depan', reason: 'The date is in the future' });
  if (input.status !== 'active' && !date) throw new DomainError('FIELD_INVALID', { field: 'date', alasan: 'Tanggal wajib diisi', reason: 'The date is required' });
  const note = input.note?.trim().slice(0, 500) || null;
  if (input.status === w.life_status) return;
  await db.transaction().execute(async (trx) => {
    const cs = await trx
      .insertInto('changesets')
      .values({ program_id: programId, kind: 'life_status', source: sourceOf(actor, programId), import_id: null, actor: actorLabel(actor) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('workers').set({ life_status: input.status, life_status_date: date, life_status_note: note, updated_at: new Date() }).where('id', '=', workerId).execute();
    await trx.insertInto('worker_history').values({ worker_id: workerId, changeset_id: Number(cs.id), field: 'life_status', old_value: w.life_status, new_value: input.status }).execute();
    await recordAudit(trx, ctx.keyring, actor, {
      action: 'worker.life_status',
      entity: 'worker',
      entityId: workerId,
      programId,
      before: { lifeStatus: w.life_status },
      after: { lifeStatus: input.status, date, note: auditValue(ctx, 'note', note) },
    });
  });
}
