import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';
import type { Role } from './session.ts';

export interface UserRole {
  id: number;
  role: Role;
  sponsorId: number | null;
  sponsorName: string | null;
  kelurahan: string[];
}

export interface ProgramUser {
  id: number;
  email: string;
  name: string;
  disabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  roles: UserRole[];
}

const usersKey = (regionCode: string) => ['users', regionCode] as const;

export function useProgramUsers(regionCode: string) {
  return useQuery({
    queryKey: usersKey(regionCode),
    queryFn: ({ signal }) => apiFetch<{ items: ProgramUser[] }>(`/api/programs/${encodeURIComponent(regionCode)}/users`, { signal }),
  });
}

export interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  sponsorId?: number | null;
  kelurahan?: string[];
}

export function useCreateUser(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: NewUserInput) =>
      apiFetch<{ userId: number; created: boolean; temporaryPassword?: string }>(`/api/programs/${encodeURIComponent(regionCode)}/users`, { json: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: usersKey(regionCode) }),
  });
}

export function useUserAction(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, action }: { userId: number; action: 'password-reset' | 'disable' | 'enable' }) =>
      apiFetch<{ temporaryPassword?: string } | null>(`/api/users/${userId}/${action}`, { method: 'POST' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: usersKey(regionCode) }),
  });
}

export function useRemoveRole(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (roleId: number) => apiFetch<null>(`/api/user-roles/${roleId}`, { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: usersKey(regionCode) }),
  });
}
