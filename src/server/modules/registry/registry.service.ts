// Reading the registry: search with keyset pagination, and one worker with provenance and history.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { DomainError } from '../../domain-error.ts';
import type { Actor } from '../access/actor.ts';
import { authorize, listReach } from '../access/policies.ts';
import { maskNik } from './nik.ts';
import { MERGE_FIELDS } from './merge-rules.ts';
import { describeWarning } from './warnings.ts';
import {
  countWorkers,
  findChangesets,
  findConsents,
  findHistory,
  findWorker,
  searchWorkers,
  type WorkerFilter,
} from './registry.repository.ts';

/** Above this, the list says "more than N" instead of counting a million rows per page. */
export const COUNT_CAP = 10_000;

export async function listWorkers(db: Kysely<DB>, actor: Actor, input: Omit<WorkerFilter, 'afterId' | 'kelurahanIn'> & { cursor?: string | undefined }) {
  const reach = listReach(actor, 'worker.list', input.programId);
  const filter = reach.all ? input : { ...input, kelurahanIn: reach.kelurahan };
  const afterId = filter.cursor ? Number.parseInt(filter.cursor, 36) : undefined;
  const rows = await searchWorkers(db, { ...filter, afterId: Number.isFinite(afterId) ? afterId : undefined, limit: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  const total = await countWorkers(db, filter, COUNT_CAP);
  return {
    items: page.map((r) => ({ ...r, nik: maskNik(r.nik) })),
    nextCursor: rows.length > filter.limit ? page[page.length - 1]!.id.toString(36) : null,
    total: Math.min(total, COUNT_CAP),
    totalCapped: total > COUNT_CAP,
  };
}

const iso = (d: Date | string) => new Date(d).toISOString();

export async function getWorkerDetail(db: Kysely<DB>, actor: Actor, id: number) {
  const w = await findWorker(db, id);
  if (!w) throw new DomainError('WORKER_NOT_FOUND', { id });
  authorize(actor, 'worker.read', { programId: w.program_id, kelurahanCode: w.kelurahan_code });
  const provenance = w.provenance as Record<string, number>;
  const sources = w.sources as Record<string, string>;
  const changesetIds = [...new Set([w.created_changeset_id, ...Object.values(provenance).map(Number)])];
  const changesets = new Map((await findChangesets(db, changesetIds)).map((c) => [c.id, c]));
  const fields = MERGE_FIELDS.filter((f) => w[f.field] !== null).map((f) => {
    const csId = provenance[f.field] ?? w.created_changeset_id;
    const cs = changesets.get(Number(csId));
    const value = w[f.field];
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
      nik: w.nik,
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
      phone: w.phone,
      desil: w.desil,
      kkNumber: w.kk_number,
      kpjNumber: w.kpj_number,
      bpjsStatus: w.bpjs_status,
      coverageStatus: w.coverage_status,
      warnings: w.warnings.map(describeWarning),
      createdAt: iso(w.created_at),
      updatedAt: iso(w.updated_at),
    },
    fields,
    history,
    consents,
  };
}
