import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, setCsrfToken } from '../../../lib/api-client.ts';

export type Role = 'admin' | 'insurer' | 'sponsor' | 'agent';

export interface Grant {
  role: Role;
  programId: number;
  programCode: string;
  programName: string;
  sponsorId: number | null;
  kelurahan: string[];
}

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  mustChangePassword: boolean;
  grants: Grant[];
}

export interface SessionResponse {
  user: SessionUser | null;
  csrfToken: string | null;
}

export const sessionQueryKey = ['session'] as const;

async function getSession(signal?: AbortSignal): Promise<SessionResponse> {
  const r = await apiFetch<SessionResponse>('/api/auth/session', signal ? { signal } : {});
  setCsrfToken(r.csrfToken);
  return r;
}

export function useSession() {
  return useQuery({ queryKey: sessionQueryKey, queryFn: ({ signal }) => getSession(signal), staleTime: 60_000 });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) => apiFetch<SessionResponse>('/api/auth/login', { json: input }),
    onSuccess: (r) => {
      setCsrfToken(r.csrfToken);
      // Whatever was cached belonged to no one or to someone else.
      qc.clear();
      qc.setQueryData(sessionQueryKey, r);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<null>('/api/auth/logout', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(sessionQueryKey, { user: null, csrfToken: null });
    },
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { current: string; next: string }) => apiFetch<null>('/api/auth/password', { json: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: sessionQueryKey }),
  });
}

/** The roles the user holds in one program. */
export function rolesIn(user: SessionUser | null | undefined, regionCode: string | null): Grant[] {
  return user && regionCode ? user.grants.filter((g) => g.programCode === regionCode) : [];
}

export interface DeviceSession {
  id: string;
  current: boolean;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
}

export function useOwnSessions() {
  return useQuery({ queryKey: ['own-sessions'], queryFn: ({ signal }) => apiFetch<{ items: DeviceSession[] }>('/api/auth/sessions', { signal }) });
}

export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<null>(`/api/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['own-sessions'] }),
  });
}
