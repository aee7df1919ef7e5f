import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';
import { workersQueryRoot } from '../../registry/api/get-workers.ts';

export interface WorkerFieldsInput {
  name?: string;
  birthDate?: string | null;
  sex?: 'L' | 'P' | null;
  kelurahanCode?: string | null;
  rt?: string | null;
  rw?: string | null;
  street?: string | null;
  occupationCode?: string | null;
  phone?: string | null;
  desil?: number | null;
}

export interface ConsentInput {
  purpose: string;
  legalBasis: string;
  method: string;
}

export const CONSENT_DEFAULTS: ConsentInput = {
  purpose: 'Pendaftaran dan pembayaran iuran BPJS Ketenagakerjaan (JKK dan JKM) oleh sponsor program',
  legalBasis: 'Persetujuan (UU 27/2022 Pasal 20 ayat 2 huruf a)',
  method: 'Tanda tangan di formulir',
};

/** After any change to a worker, lists and the worker's page are stale. */
function useRegistryInvalidation() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: workersQueryRoot });
}

export function useRegisterWorker(regionCode: string) {
  const invalidate = useRegistryInvalidation();
  return useMutation({
    mutationFn: (input: WorkerFieldsInput & { nik: string; name: string; consent?: ConsentInput }) =>
      apiFetch<{ id: number; warnings: string[] }>(`/api/programs/${encodeURIComponent(regionCode)}/workers`, { json: input }),
    onSuccess: invalidate,
  });
}

export function useCorrectWorker(workerId: number) {
  const invalidate = useRegistryInvalidation();
  return useMutation({
    mutationFn: (fields: WorkerFieldsInput) => apiFetch<{ changed: string[] }>(`/api/workers/${workerId}`, { method: 'PATCH', json: fields }),
    onSuccess: invalidate,
  });
}

export function useRecordConsent(workerId: number) {
  const invalidate = useRegistryInvalidation();
  return useMutation({
    mutationFn: (c: ConsentInput) => apiFetch<{ id: number }>(`/api/workers/${workerId}/consents`, { json: c }),
    onSuccess: invalidate,
  });
}

export function useWithdrawConsent() {
  const invalidate = useRegistryInvalidation();
  return useMutation({
    mutationFn: ({ consentId, reason }: { consentId: number; reason: string }) => apiFetch<null>(`/api/consents/${consentId}/withdraw`, { json: { reason } }),
    onSuccess: invalidate,
  });
}

export type LifeStatus = 'active' | 'deceased' | 'moved_away';

export function useSetLifeStatus(workerId: number) {
  const invalidate = useRegistryInvalidation();
  return useMutation({
    mutationFn: (input: { status: LifeStatus; date: string | null; note: string | null }) => apiFetch<null>(`/api/workers/${workerId}/life-status`, { json: input }),
    onSuccess: invalidate,
  });
}

export function useReveal(workerId: number) {
  return useMutation({
    mutationFn: (reason: string) => apiFetch<{ workerId: number; nik: string; phone: string | null }>(`/api/workers/${workerId}/reveal`, { json: { reason } }),
  });
}

export function useFindSubject(regionCode: string) {
  return useMutation({
    mutationFn: (nik: string) =>
      apiFetch<{ subject: { workerId: number; name: string; nikMasked: string } | null }>(`/api/programs/${encodeURIComponent(regionCode)}/subject-requests/find`, { json: { nik } }),
  });
}

export function useEraseSubject() {
  const invalidate = useRegistryInvalidation();
  return useMutation({
    mutationFn: ({ workerId, mode, reason }: { workerId: number; mode: 'erase' | 'anonymise'; reason: string }) =>
      apiFetch<{ done: 'erased' | 'anonymised' }>(`/api/workers/${workerId}/erase`, { json: { mode, reason } }),
    onSuccess: invalidate,
  });
}

export const subjectExportUrl = (workerId: number) => `/api/workers/${workerId}/subject-export`;
