// Browsing and exporting the audit trail: an admin sees the entries of their program.
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Actor } from '../access/actor.ts';
import { authorize } from '../access/policies.ts';
import { spreadsheetSafe } from '../../spreadsheet.ts';

export interface AuditFilter {
  programId: number;
  action?: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  actorUserId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Entries with a smaller id than this (newest first paging). */
  beforeId?: number | undefined;
  limit: number;
}

export interface AuditView {
  id: number;
  at: string;
  actor: string;
  actorUserId: number | null;
  actorEmail: string | null;
  ip: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  hash: string;
}

function query(ctx: AppContext, f: Omit<AuditFilter, 'limit'>) {
  let q = ctx.database.db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select(['a.id', 'a.at', 'a.actor', 'a.actor_user_id', 'u.email', 'a.ip', 'a.action', 'a.entity', 'a.entity_id', 'a.before', 'a.after', 'a.hash'])
    // The program's entries, and those about its users that belong to no program (logins, passwords).
    .where((eb) =>
      eb.or([
        eb('a.program_id', '=', f.programId),
        eb.and([
          eb('a.program_id', 'is', null),
          eb('a.entity', '=', 'user'),
          eb('a.entity_id', 'in', eb.selectFrom('user_roles').select(sql<string>`user_id::text`.as('uid')).where('program_id', '=', f.programId)),
        ]),
      ]),
    );
  if (f.action) q = q.where('a.action', 'like', `${f.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.entity) q = q.where('a.entity', '=', f.entity);
  if (f.entityId) q = q.where('a.entity_id', '=', f.entityId);
  if (f.actorUserId) q = q.where('a.actor_user_id', '=', f.actorUserId);
  if (f.from) q = q.where('a.at', '>=', new Date(`${f.from}T00:00:00+07:00`));
  if (f.to) q = q.where('a.at', '<', new Date(new Date(`${f.to}T00:00:00+07:00`).getTime() + 86_400_000));
  if (f.beforeId) q = q.where('a.id', '<', f.beforeId);
  return q.orderBy('a.id', 'desc');
}

type Row = Awaited<ReturnType<ReturnType<typeof query>['execute']>>[number];
const view = (r: Row): AuditView => ({
  id: Number(r.id),
  at: new Date(r.at).toISOString(),
  actor: r.actor,
  actorUserId: r.actor_user_id === null ? null : Number(r.actor_user_id),
  actorEmail: r.email,
  ip: r.ip,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: r.before ?? null,
  after: r.after ?? null,
  hash: r.hash,
});

export async function listAudit(ctx: AppContext, actor: Actor, f: AuditFilter): Promise<{ items: AuditView[]; nextBeforeId: number | null }> {
  authorize(actor, 'audit.read', { programId: f.programId });
  const rows = await query(ctx, f).limit(f.limit + 1).execute();
  const items = rows.slice(0, f.limit).map(view);
  return { items, nextBeforeId: rows.length > f.limit ? items[items.length - 1]!.id : null };
}

/** Writes the filtered entries as CSV, newest first, in pages so memory stays flat. */
export async function exportAuditCsv(ctx: AppContext, actor: Actor, f: Omit<AuditFilter, 'limit' | 'beforeId'>, out: Writable): Promise<number> {
  authorize(actor, 'audit.read', { programId: f.programId });
  const csv = stringify({ header: true, columns: ['id', 'at', 'actor', 'actor_email', 'ip', 'action', 'entity', 'entity_id', 'before', 'after', 'hash'] });
  csv.pipe(out);
  let beforeId: number | undefined;
  let n = 0;
  for (;;) {
    const rows = await query(ctx, { ...f, beforeId }).limit(2000).execute();
    for (const r of rows.map(view)) {
      n++;
      const row = [r.id, r.at, r.actor, r.actorEmail ?? '', r.ip ?? '', r.action, r.entity, r.entityId ?? '', r.before === null ? '' : JSON.stringify(r.before), r.after === null ? '' : JSON.stringify(r.after), r.hash];
      const ok = csv.write(row.map(spreadsheetSafe));
      if (!ok) await new Promise((res) => csv.once('drain', res));
    }
    if (rows.length < 2000) break;
    beforeId = Number(rows[rows.length - 1]!.id);
  }
  csv.end();
  await new Promise((res, rej) => {
    out.once('finish', res);
    out.once('error', rej);
  });
  return n;
}
