// Reading the registry: search with keyset pagination, and one worker with provenance and history.
// NIK and phone number are shown masked; revealWorkerIdentity gives them whole.
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError } from '../../domain-error.ts';
import { blindIndex, unseal } from '../../crypto/field-crypto.ts';
import type { Keyring } from '../../crypto/keyring.ts';
import { useDatabaseKey } from '../keys/keys.service.ts';
import { maskNik } from './masks.ts';
import type { Actor } from '../access/actor.ts';
import { authorize, listReach } from '../access/policies.ts';
import { MERGE_FIELDS } from './merge-rules.ts';
import { describeWarning } from './warnings.ts';
import {
  countWorkers,
  findChangesets,
  findConsents,
  findHistory,
  findWorker,
  findWorkerIdentity,
  searchWorkers,
  type WorkerFilter,
} from './registry.repository.ts';

/** Above this, the list says "more than N" instead of counting a million rows per page. */
export const COUNT_CAP = 10_000;

/**
 * The search box: a whole NIK (16 digits, spaces allowed) finds that worker exactly through the
 * NIK's keyed hash; anything else is a fragment of a name.
 */
async function searchTerms(db: Kysely<DB>, keyring: Keyring, q: string | undefined): Promise<Pick<WorkerFilter, 'q' | 'nikHash'>> {
  const digits = q?.replace(/\s/g, '') ?? '';
  if (!/^\d{16}$/.test(digits)) return { q, nikHash: undefined };
  const keyId = await useDatabaseKey(db, keyring);
  return { q: undefined, nikHash: blindIndex(keyring, 'nik', digits, keyId) };
}

export async function listWorkers(
  ctx: AppContext,
  actor: Actor,
  input: Omit<WorkerFilter, 'afterId' | 'nikHash' | 'kelurahanIn'> & { cursor?: string | undefined },
) {
  const { keyring } = ctx;
  const db = ctx.database.db;
  // A field agent sees the kelurahan assigned, other roles the whole program.
  const reach = listReach(actor, 'worker.list', input.programId);
  const filter = reach.all ? input : { ...input, kelurahanIn: reach.kelurahan };
  const afterId = filter.cursor ? Number.parseInt(filter.cursor, 36) : undefined;
  const f = { ...filter, ...(await searchTerms(db, keyring, filter.q)) };
  const rows = await searchWorkers(db, { ...f, afterId: Number.isFinite(afterId) ? afterId : undefined, limit: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  const total = await countWorkers(db, f, COUNT_CAP);
  return {
    items: page.map(({ nikEnc, ...r }) => ({ ...r, nik: maskNik(unseal(keyring, 'nik', nikEnc)) })),
    nextCursor: rows.length > filter.limit ? page[page.length - 1]!.id.toString(36) : null,
    total: Math.min(total, COUNT_CAP),
    totalCapped: total > COUNT_CAP,
  };
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** One worker as the registry shows it: NIK and phone number masked. */
export async function getWorkerDetail(ctx: AppContext, actor: Actor, id: number) {
  const db = ctx.database.db;
  const w = await findWorker(db, id);
  if (!w) throw new DomainError('WORKER_NOT_FOUND', { id });
  authorize(actor, 'worker.read', { programId: w.program_id, kelurahanCode: w.kelurahan_code });
  if (w.anonymised_at) throw new DomainError('WORKER_ANONYMISED', { id });
  const provenance = w.provenance as Record<string, number>;
  const sources = w.sources as Record<string, string>;
  const changesetIds = [...new Set([w.created_changeset_id, ...Object.values(provenance).map(Number)])];
  const changesets = new Map((await findChangesets(db, changesetIds)).map((c) => [c.id, c]));
  const shown = (field: (typeof MERGE_FIELDS)[number]['field']) => (field === 'phone' ? w.phone_mask : w[field]);
  const fields = MERGE_FIELDS.filter((f) => shown(f.field) !== null).map((f) => {
    const csId = provenance[f.field] ?? w.created_changeset_id;
    const cs = changesets.get(Number(csId));
    const value = shown(f.field);
    return {
      field: f.field,
      value: value === null ? null : String(value),
      source: sources[f.field] ?? w.created_source,
      importId: cs?.import_id ?? null,
      fileName: cs?.file_name ?? null,
      actor: cs?.actor ?? '',
      at: cs ? iso(cs.created_at) : iso(w.created_at),
    };
  });
  const history = (await findHistory(db, id)).map((h) => ({
    id: h.id,
    field: h.field,
    oldValue: h.old_value,
    newValue: h.new_value,
    source: h.source,
    actor: h.actor,
    at: iso(h.created_at),
    importId: h.import_id,
    fileName: h.file_name,
  }));
  const consents = (await findConsents(db, id)).map((c) => ({
    id: c.id,
    purpose: c.purpose,
    legalBasis: c.legal_basis,
    collectedBy: c.collected_by,
    collectedAt: iso(c.collected_at),
    method: c.method,
    withdrawnAt: c.withdrawn_at ? iso(c.withdrawn_at) : null,
  }));
  return {
    worker: {
      id: w.id,
      programId: w.program_id,
      nik: maskNik(unseal(ctx.keyring, 'nik', w.nik_enc)),
      name: w.name,
      birthDate: w.birth_date,
      sex: w.sex,
      kelurahanCode: w.kelurahan_code,
      kelurahanName: w.kelurahan_name,
      kecamatanName: w.kecamatan_name,
      rt: w.rt,
      rw: w.rw,
      street: w.street,
      occupationCode: w.occupation_code,
      occupationNameId: w.occupation_name_id,
      occupationNameEn: w.occupation_name_en,
      occupationText: w.occupation_text,
      phone: w.phone_mask,
      desil: w.desil,
      kkNumber: w.kk_number,
      kpjNumber: w.kpj_number,
      bpjsStatus: w.bpjs_status,
      coverageStatus: w.coverage_status,
      lifeStatus: w.life_status,
      lifeStatusDate: w.life_status_date,
      lifeStatusNote: w.life_status_note,
      warnings: w.warnings.map(describeWarning),
      createdAt: iso(w.created_at),
      updatedAt: iso(w.updated_at),
    },
    fields,
    history,
    consents,
  };
}

export interface WorkerIdentity {
  workerId: number;
  programId: number;
  nik: string;
  phone: string | null;
}

/**
 * A worker's whole NIK and phone number, decrypted. Callers decide who may see them and record
 * that they did (this function checks neither); everything else shows them masked.
 */
export async function revealWorkerIdentity(db: Kysely<DB>, keyring: Keyring, workerId: number): Promise<WorkerIdentity> {
  const w = await findWorkerIdentity(db, workerId);
  if (!w) throw new DomainError('WORKER_NOT_FOUND', { id: workerId });
  return {
    workerId: w.id,
    programId: w.program_id,
    nik: unseal(keyring, 'nik', w.nik_enc),
    phone: w.phone_enc === null ? null : unseal(keyring, 'phone', w.phone_enc),
  };
}
