// The audit trail: who did what to which record, from where, with the values before and after.
// Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and chained: each entry's hash is a
// keyed MAC over the previous entry's hash and the entry's own content, so a row that was changed,
// removed or slipped in breaks the chain, and without the key the chain cannot be rebuilt.
import { sql, type Kysely } from 'kysely';
import { auditKeyNumber, type Keyring } from '../../crypto/keyring.ts';
import type { DB } from '../../db/schema.ts';
import { actorLabel, type Actor } from '../access/actor.ts';

/** The keyed MAC behind the chain (the keyring's audit keys); each entry names the key it used. */
export type AuditKeys = Pick<Keyring, 'auditKeyId' | 'auditMac' | 'verifyAuditMac' | 'reloadAuditKeys'>;



export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  programId?: number | null;
  before?: unknown;
  after?: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);
// Serialises writers: the chain needs "the last hash" read and the new row written as one step.
const CHAIN_LOCK = 72_650_001;

/** JSON with keys sorted at every level: jsonb gives keys back in its own order. */
export function canonicalJson(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

interface Content {
  at: string;
  programId: number | null;
  actor: string;
  actorUserId: number | null;
  ip: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  keyId: string;
}

function contentOf(c: Content): string {
  return canonicalJson(c);
}

/** Normalises values to what jsonb gives back (dates as ISO strings, no undefined). */
function asJson(v: unknown): unknown {
  return v === undefined || v === null ? null : JSON.parse(JSON.stringify(v));
}

async function inTransaction<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Appends one entry. Call it inside the transaction that makes the change, so both land or neither. */
export async function recordAudit(db: Kysely<DB>, keys: AuditKeys, actor: Actor, entry: AuditEntry): Promise<void> {
  await inTransaction(db, (trx) => appendAudit(trx, keys, actor, entry));
}

/** recordAudit for a connection known to be inside a transaction (a bulk session's). */
export async function appendAudit(trx: Kysely<DB>, keys: AuditKeys, actor: Actor, entry: AuditEntry): Promise<void> {
  // The advisory lock serialises writers until the transaction ends: the chain has no forks.
  await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_log').select(['hash', 'key_id']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prev = last?.hash ?? GENESIS_HASH;
  // The trail moved on to a newer audit key (rotated by another process): follow it, or refuse to
  // write an entry that verification would have to call a forgery.
  if (last && auditKeyNumber(last.key_id) > auditKeyNumber(keys.auditKeyId)) {
    keys.reloadAuditKeys();
    if (auditKeyNumber(last.key_id) > auditKeyNumber(keys.auditKeyId)) throw new Error(`the audit trail uses key ${last.key_id}, newer than this process's keys`);
  }
  const keyId = keys.auditKeyId;
  const content: Content = {
    at: new Date().toISOString(),
    programId: entry.programId ?? null,
    actor: actorLabel(actor),
    actorUserId: actor.kind === 'user' ? actor.userId : null,
    ip: actor.ip,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    before: asJson(entry.before),
    after: asJson(entry.after),
    keyId,
  };
  const { mac: hash } = keys.auditMac(`${prev}\n${contentOf(content)}`);
  await trx
    .insertInto('audit_log')
    .values({
      at: content.at,
      program_id: content.programId,
      actor: content.actor,
      actor_user_id: content.actorUserId,
      ip: content.ip,
      action: content.action,
      entity: content.entity,
      entity_id: content.entityId,
      before: content.before === null ? null : JSON.stringify(content.before),
      after: content.after === null ? null : JSON.stringify(content.after),
      key_id: keyId,
      prev_hash: prev,
      hash,
    })
    .execute();
}

export interface VerifyResult {
  entries: number;
  ok: boolean;
  /** The first entry whose hash (under the key it names), link to the previous entry, or key order does not hold. */
  brokenAt?: { id: number; reason: 'content' | 'link' | 'key-order' };
  /** The hash of the last entry: write it down elsewhere to detect a rewritten tail later. */
  head: string;
}

/** Walks the whole chain in id order, in batches. */
export async function verifyAudit(db: Kysely<DB>, keys: AuditKeys, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let afterId = 0;
  let entries = 0;
  // Audit keys only move forward (a1, a2, ...): an entry made with an older key than one before it
  // was made with a key that had been rotated away, perhaps because it leaked.
  let newestKey = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(batch).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      entries++;
      if (r.prev_hash !== prev) return { entries, ok: false, brokenAt: { id: r.id, reason: 'link' }, head: prev };
      const content: Content = {
        at: new Date(r.at).toISOString(),
        programId: r.program_id === null ? null : Number(r.program_id),
        actor: r.actor,
        actorUserId: r.actor_user_id === null ? null : Number(r.actor_user_id),
        ip: r.ip,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before ?? null,
        after: r.after ?? null,
        keyId: r.key_id,
      };
      if (auditKeyNumber(r.key_id) < newestKey) return { entries, ok: false, brokenAt: { id: r.id, reason: 'key-order' }, head: prev };
      newestKey = auditKeyNumber(r.key_id);
      if (!keys.verifyAuditMac(`${prev}\n${contentOf(content)}`, r.key_id, r.hash)) return { entries, ok: false, brokenAt: { id: r.id, reason: 'content' }, head: prev };
      prev = r.hash;
      afterId = r.id;
    }
  }
  return { entries, ok: true, head: prev };
}
