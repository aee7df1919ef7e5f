// Who is asking: a logged-in user with their roles, the operator of the command line (or a
// scheduled job), or anyone on the internet. Services receive an Actor and check it against the
// policies (policies.ts), so the HTTP API, the CLI and jobs obey the same rules.
export const ROLES = ['admin', 'insurer', 'sponsor', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/** One role in one program; a sponsor user for one sponsor, a field agent for listed kelurahan. */
export interface Grant {
  role: Role;
  programId: number;
  sponsorId: number | null;
  kelurahan: string[];
}

export interface UserActor {
  kind: 'user';
  userId: number;
  email: string;
  name: string;
  grants: Grant[];
  ip: string | null;
  sessionId: string | null;
}

/** The operator at the machine (CLI) or a job the installation runs: trusted, still audited. */
export interface SystemActor {
  kind: 'system';
  name: string;
  ip: null;
}

export interface AnonymousActor {
  kind: 'anonymous';
  ip: string | null;
}

export type Actor = UserActor | SystemActor | AnonymousActor;

export function systemActor(name: string): SystemActor {
  return { kind: 'system', name, ip: null };
}

export function anonymousActor(ip: string | null = null): AnonymousActor {
  return { kind: 'anonymous', ip };
}

/** How the actor is named in the audit trail and in changesets: never a personal identifier. */
export function actorLabel(a: Actor): string {
  if (a.kind === 'user') return `user:${a.userId}`;
  if (a.kind === 'system') return `system:${a.name}`;
  return 'anonymous';
}
