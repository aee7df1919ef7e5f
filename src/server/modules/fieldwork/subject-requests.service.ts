// Data-subject requests (UU 27/2022 Pasal 5-13): find everything held about one NIK, hand it over,
// correct it (correctWorker), and erase or anonymise it where the law allows. Each step is audited.
//
// Erasure removes the record with its history and consents. Where the record must stay (money was
// paid for the person's cover, which public-finance rules keep for years), it is anonymised
// instead: the NIK, name, phone, address and numbers go; what remains (kecamatan, kelurahan, sex,
// desil, occupation) only counts in statistics.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { blindIndex, unseal } from '../../crypto/field-crypto.ts';
import { DomainError } from '../../domain-error.ts';
import type { Actor } from '../access/actor.ts';
import { authorize, listReach } from '../access/policies.ts';
import { recordAudit } from '../audit/audit.ts';
import { readNik } from '../imports/values.ts';
import { useDatabaseKey } from '../keys/keys.service.ts';
import { maskNik } from '../registry/masks.ts';

/** The worker record of a NIK in the program, if any. */
export async function findSubject(ctx: AppContext, actor: Actor, programId: number, nikInput: string): Promise<{ workerId: number; name: string; nikMasked: string } | null> {
  listReach(actor, 'worker.subject-request', programId);
  const r = readNik(nikInput);
  if (!r.ok || !r.value) throw new DomainError('FIELD_INVALID', { field: 'nik', alasan: r.ok ? 'NIK wajib diisi' : r.problem.id, reason: r.ok ? 'The NIK is required' : r.problem.en });
  const db = ctx.database.db;
  const keyId = await useDatabaseKey(db, ctx.keyring);
  const w = await db
    .selectFrom('workers')
    .select(['id', 'name'])
    .where('program_id', '=', programId)
    .where('nik_hash', '=', blindIndex(ctx.keyring, 'nik', r.value, keyId))
    .executeTakeFirst();
  return w ? { workerId: Number(w.id), name: w.name, nikMasked: maskNik(r.value) } : null;
}

async function subjectRow(ctx: AppContext, actor: Actor, workerId: number) {
  const w = await ctx.database.db.selectFrom('workers').selectAll().where('id', '=', workerId).executeTakeFirst();
  if (!w) throw new DomainError('WORKER_NOT_FOUND', { id: workerId });
  authorize(actor, 'worker.subject-request', { programId: Number(w.program_id) });
  return w;
}

/** Everything held about the person, in full (it is their own data), as one JSON document. */
export async function exportSubject(ctx: AppContext, actor: Actor, workerId: number): Promise<Record<string, unknown>> {
  const db = ctx.database.db;
  const w = await subjectRow(ctx, actor, workerId);
  if (w.anonymised_at) throw new DomainError('WORKER_ANONYMISED', { id: workerId });
  const program = await db.selectFrom('programs').select(['name', 'region_code', 'legal_basis']).where('id', '=', w.program_id).executeTakeFirstOrThrow();
  const history = await db
    .selectFrom('worker_history as h')
    .innerJoin('changesets as c', 'c.id', 'h.changeset_id')
    .leftJoin('imports as i', 'i.id', 'c.import_id')
    .select(['h.field', 'h.old_value', 'h.new_value', 'c.kind', 'c.source', 'c.created_at', 'i.file_name'])
    .where('h.worker_id', '=', workerId)
    .orderBy('h.id')
    .execute();
  const sources = await db
    .selectFrom('changesets as c')
    .leftJoin('imports as i', 'i.id', 'c.import_id')
    .select(['c.id', 'c.kind', 'c.source', 'c.created_at', 'i.file_name'])
    .where('c.id', 'in', [Number(w.created_changeset_id), ...Object.values(w.provenance as Record<string, number>).map(Number)])
    .orderBy('c.id')
    .execute();
  const consents = await db.selectFrom('consents').select(['purpose', 'legal_basis', 'collected_by', 'collected_at', 'method', 'withdrawn_at', 'withdrawal_reason']).where('worker_id', '=', workerId).orderBy('id').execute();
  const document = {
    generatedAt: new Date().toISOString(),
    controller: { program: program.name, regionCode: program.region_code, legalBasis: program.legal_basis },
    person: {
      nik: unseal(ctx.keyring, 'nik', w.nik_enc),
      name: w.name,
      birthDate: w.birth_date,
      sex: w.sex,
      address: { kelurahanCode: w.kelurahan_code, rt: w.rt, rw: w.rw, street: w.street },
      occupation: { code: w.occupation_code, text: w.occupation_text },
      phone: w.phone_enc ? unseal(ctx.keyring, 'phone', w.phone_enc) : null,
      desil: w.desil,
      kkNumber: w.kk_number,
      bpjs: { kpjNumber: w.kpj_number, status: w.bpjs_status },
      coverageStatus: w.coverage_status,
      lifeStatus: { status: w.life_status, date: w.life_status_date, note: w.life_status_note },
      warnings: w.warnings,
      recordedAt: new Date(w.created_at).toISOString(),
      updatedAt: new Date(w.updated_at).toISOString(),
    },
    sources: sources.map((s) => ({ kind: s.kind, source: s.source, at: new Date(s.created_at).toISOString(), file: s.file_name })),
    fieldSources: w.sources,
    history: history.map((h) => ({ field: h.field, from: h.old_value, to: h.new_value, kind: h.kind, source: h.source, at: new Date(h.created_at).toISOString(), file: h.file_name })),
    consents: consents.map((c) => ({
      purpose: c.purpose,
      legalBasis: c.legal_basis,
      collectedBy: c.collected_by,
      collectedAt: new Date(c.collected_at).toISOString(),
      method: c.method,
      withdrawnAt: c.withdrawn_at ? new Date(c.withdrawn_at).toISOString() : null,
      withdrawalReason: c.withdrawal_reason,
    })),
  };
  await recordAudit(db, ctx.keyring, actor, { action: 'worker.subject_export', entity: 'worker', entityId: workerId, programId: Number(w.program_id) });
  return document;
}

/** Whether the record must be kept (anonymised rather than erased): money was paid for this person. */
async function mustKeep(ctx: AppContext, workerId: number): Promise<boolean> {
  // Sponsorship placements and contributions come with the sponsorship lifecycle; until then a
  // record holds no financial history. The check looks for the table so it starts working then.
  const t = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'placements'`.execute(ctx.database.db);
  if (Number(t.rows[0]?.n ?? 0) === 0) return false;
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM placements WHERE worker_id = ${workerId}`.execute(ctx.database.db);
  return Number(r.rows[0]?.n ?? 0) > 0;
}

/**
 * Erases the record (history and consents with it), or anonymises it when `mode` asks for it or
 * the record must be kept. Returns what was done.
 */
export async function eraseSubject(
  ctx: AppContext,
  actor: Actor,
  workerId: number,
  input: { mode: 'erase' | 'anonymise'; reason: string },
): Promise<{ done: 'erased' | 'anonymised' }> {
  const w = await subjectRow(ctx, actor, workerId);
  const reason = input.reason.trim();
  if (!reason) throw new DomainError('FIELD_INVALID', { field: 'reason', alasan: 'Alasan wajib diisi (dasar permintaan)', reason: 'A reason (the basis of the request) is required' });
  if (w.anonymised_at) throw new DomainError('WORKER_ANONYMISED', { id: workerId });
  const mode = input.mode === 'erase' && !(await mustKeep(ctx, workerId)) ? 'erase' : 'anonymise';
  const programId = Number(w.program_id);
  const nikMasked = maskNik(unseal(ctx.keyring, 'nik', w.nik_enc));
  await ctx.database.db.transaction().execute(async (trx) => {
    if (mode === 'erase') {
      await trx.deleteFrom('workers').where('id', '=', workerId).execute();
    } else {
      // A random stand-in keeps the unique (program, NIK hash) key without pointing at anyone.
      const stand = `anon:${randomBytes(16).toString('hex')}`;
      await trx
        .updateTable('workers')
        .set({
          nik_hash: stand,
          nik_enc: stand,
          name: '(dianonimkan)',
          birth_date: null,
          rt: null,
          rw: null,
          street: null,
          phone_enc: null,
          phone_hash: null,
          phone_mask: null,
          kk_number: null,
          kpj_number: null,
          occupation_text: null,
          life_status_note: null,
          warnings: [],
          provenance: '{}',
          sources: '{}',
          anonymised_at: new Date(),
          updated_at: new Date(),
        })
        .where('id', '=', workerId)
        .execute();
      await trx.deleteFrom('worker_history').where('worker_id', '=', workerId).execute();
      await trx.deleteFrom('consents').where('worker_id', '=', workerId).execute();
    }
    await recordAudit(trx, ctx.keyring, actor, {
      action: mode === 'erase' ? 'worker.subject_erase' : 'worker.subject_anonymise',
      entity: 'worker',
      entityId: workerId,
      programId,
      before: { nik: nikMasked },
      after: { reason },
    });
  });
  return { done: mode === 'erase' ? 'erased' : 'anonymised' };
}
