// Who may do what, in one readable table. Each capability lists the roles that have it and how far
// that role reaches: the whole program, the kelurahan a field agent is assigned to, or the
// sponsor a sponsor user belongs to. Roles not listed are denied. The system actor (the CLI on the
// machine, scheduled jobs) may do everything; the public may do nothing here (its pages are
// aggregates with their own routes).
import { DomainError } from '../../domain-error.ts';
import type { Actor, Grant, Role } from './actor.ts';

type Reach = 'program' | 'kelurahan' | 'own-sponsor';

export const POLICIES = {
  /** See a program exists and open it (its regions, occupations). */
  'program.read': { admin: 'program', insurer: 'program', sponsor: 'program', agent: 'program' },
  /** Create a program: an installation-level act, done by the operator (CLI). */
  'program.create': {},
  'worker.list': { admin: 'program', insurer: 'program', agent: 'kelurahan' },
  'worker.read': { admin: 'program', insurer: 'program', agent: 'kelurahan' },
  /** See the full NIK and phone of one worker; every use is written to the audit trail. */
  'worker.reveal': { admin: 'program', agent: 'kelurahan' },
  /** Register a worker, correct a record, capture consent, flag a death or a move. */
  'worker.write': { admin: 'program', agent: 'kelurahan' },
  'worker.export': { admin: 'program' },
  /** Data-subject requests: export, correct, erase or anonymise everything held about a person. */
  'worker.subject-request': { admin: 'program' },
  'import.manage': { admin: 'program' },
  'sponsor.list': { admin: 'program', insurer: 'program' },
  'sponsor.read': { admin: 'program', insurer: 'program', sponsor: 'own-sponsor' },
  'sponsor.manage': { admin: 'program' },
  /** Make a pledge (a sponsor user for their own sponsor) and commit to its quoted price. */
  'pledge.create': { admin: 'program', sponsor: 'own-sponsor' },
  'pledge.read': { admin: 'program', insurer: 'program', sponsor: 'own-sponsor' },
  /** Run allocation for the programme's open pledges. */
  'allocation.run': { admin: 'program' },
  /** Review proposed placements (approve, reject) and see why each worker was chosen. */
  'placement.review': { admin: 'program' },
  /** See the workers proposed for a pledge: a sponsor sees initials and no desil. */
  'placement.read': { admin: 'program', insurer: 'program', sponsor: 'own-sponsor' },
  /** Make enrolment batches of approved placements; set the batch file's column layout. */
  'enrolment.manage': { admin: 'program' },
  /** List batches and download a batch file (whole NIKs: audited). */
  'enrolment.read': { admin: 'program', insurer: 'program' },
  /** Upload BPJS TK's results for a batch. */
  'enrolment.results': { admin: 'program', insurer: 'program' },
  /** Run the monthly billing for the programme. */
  'billing.run': { admin: 'program' },
  /** A sponsor's invoices, payments and balance. */
  'invoice.read': { admin: 'program', insurer: 'program', sponsor: 'own-sponsor' },
  /** Record a payment received (treasury work: the programme's admins). */
  'payment.record': { admin: 'program' },
  /** A worker's cover month by month: paid, due, in arrears. */
  'cover.read': { admin: 'program', insurer: 'program' },
  /** Record a JKK or JKM claim BPJS TK paid for a covered worker. */
  'claim.record': { admin: 'program', insurer: 'program' },
  'claim.read': { admin: 'program', insurer: 'program' },
  /** The programme dashboard: coverage against targets, trend, regions; the target simulator. */
  'indicators.read': { admin: 'program', insurer: 'program' },
  /** Enter the workforce (BPS) and the targets; upload region boundaries for the map. */
  'indicators.manage': { admin: 'program' },
  /** Enter or import BPJS TK's participant aggregates (total, formal, BPU) per region. */
  'participants.import': { admin: 'program', insurer: 'program' },
  /** A sponsor's dashboard: workers covered, months funded, money paid, claims paid (impact). */
  'impact.read': { admin: 'program', insurer: 'program', sponsor: 'own-sponsor' },
  /** Whether the public page names a sponsor: the sponsor's choice (or its admin on its behalf). */
  'sponsor.publicity': { admin: 'program', sponsor: 'own-sponsor' },
  /** The programme's monthly report for the mayor/regent: make one, read them. */
  'report.program': { admin: 'program' },
  'report.program.read': { admin: 'program', insurer: 'program' },
  /** A sponsor's CSR reports and certificates: make one (the sponsor for itself), read them. */
  'report.sponsor': { admin: 'program', sponsor: 'own-sponsor' },
  'report.sponsor.read': { admin: 'program', insurer: 'program', sponsor: 'own-sponsor' },
  'user.manage': { admin: 'program' },
  'audit.read': { admin: 'program' },
} as const satisfies Record<string, Partial<Record<Role, Reach>>>;

export type Capability = keyof typeof POLICIES;

export interface Target {
  programId: number;
  /** The record's kelurahan, for records a field agent may reach. */
  kelurahanCode?: string | null;
  /** The record's sponsor, for records a sponsor user may reach. */
  sponsorId?: number | null;
}

function reachOf(cap: Capability, role: Role): Reach | undefined {
  return (POLICIES[cap] as Partial<Record<Role, Reach>>)[role];
}

function grantAllows(g: Grant, cap: Capability, t: Target): boolean {
  const reach = reachOf(cap, g.role);
  if (!reach || g.programId !== t.programId) return false;
  if (reach === 'program') return true;
  if (reach === 'kelurahan') return t.kelurahanCode != null && g.kelurahan.includes(t.kelurahanCode);
  return t.sponsorId != null && g.sponsorId === t.sponsorId;
}

/** Throws UNAUTHENTICATED (401) for the public and FORBIDDEN (403) when no role of the actor allows it. */
export function authorize(actor: Actor, cap: Capability, target: Target): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  if (!actor.grants.some((g) => grantAllows(g, cap, target))) throw new DomainError('FORBIDDEN');
}

export function can(actor: Actor, cap: Capability, target: Target): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'anonymous') return false;
  return actor.grants.some((g) => grantAllows(g, cap, target));
}

/**
 * How much of a program's records a list may show: everything, or only some kelurahan (a field
 * agent's). Throws like authorize when the actor may see none.
 */
export type ListReach = { all: true } | { all: false; kelurahan: string[]; sponsorIds: number[] };

export function listReach(actor: Actor, cap: Capability, programId: number): ListReach {
  if (actor.kind === 'system') return { all: true };
  if (actor.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  const kelurahan = new Set<string>();
  const sponsorIds = new Set<number>();
  let any = false;
  for (const g of actor.grants) {
    const reach = g.programId === programId ? reachOf(cap, g.role) : undefined;
    if (!reach) continue;
    if (reach === 'program') return { all: true };
    any = true;
    if (reach === 'kelurahan') g.kelurahan.forEach((k) => kelurahan.add(k));
    if (reach === 'own-sponsor' && g.sponsorId != null) sponsorIds.add(g.sponsorId);
  }
  if (!any) throw new DomainError('FORBIDDEN');
  return { all: false, kelurahan: [...kelurahan], sponsorIds: [...sponsorIds] };
}

/** The programs in which the actor holds a capability (system: undefined, meaning all). */
export function programsWith(actor: Actor, cap: Capability): number[] | undefined {
  if (actor.kind === 'system') return undefined;
  if (actor.kind === 'anonymous') return [];
  return [...new Set(actor.grants.filter((g) => reachOf(cap, g.role)).map((g) => g.programId))];
}
