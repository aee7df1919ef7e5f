// The full NIK and phone number of one worker, for a role that needs them (checking an ID card at
// the door, matching a BPJS record). Asked for explicitly, one worker at a time, and every reveal is
// in the audit trail with the reason given.
import type { AppContext } from '../../context.ts';
import { DomainError } from '../../domain-error.ts';
import type { Actor } from '../access/actor.ts';
import { authorize } from '../access/policies.ts';
import { recordAudit } from '../audit/audit.ts';
import { revealWorkerIdentity, type WorkerIdentity } from '../registry/registry.service.ts';

export async function revealIdentity(ctx: AppContext, actor: Actor, workerId: number, reason: string): Promise<WorkerIdentity> {
  const db = ctx.database.db;
  const w = await db.selectFrom('workers').select(['program_id', 'kelurahan_code', 'anonymised_at']).where('id', '=', workerId).executeTakeFirst();
  if (!w) throw new DomainError('WORKER_NOT_FOUND', { id: workerId });
  authorize(actor, 'worker.reveal', { programId: Number(w.program_id), kelurahanCode: w.kelurahan_code });
  if (w.anonymised_at) throw new DomainError('WORKER_ANONYMISED', { id: workerId });
  const why = reason.trim();
  if (why.length < 3) throw new DomainError('REVEAL_REASON_REQUIRED');
  const identity = await revealWorkerIdentity(db, ctx.keyring, workerId);
  await recordAudit(db, ctx.keyring, actor, { action: 'worker.reveal', entity: 'worker', entityId: workerId, programId: Number(w.program_id), after: { reason: why.slice(0, 300) } });
  return identity;
}
