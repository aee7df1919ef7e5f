import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';

export interface Claim {
  id: number;
  workerId: number;
  workerName: string;
  kpj: string | null;
  sponsorId: number;
  sponsorName: string;
  type: 'JKK' | 'JKM';
  eventDate: string;
  paidOn: string | null;
  amountPaid: number;
  note: string | null;
  createdBy: string;
}

export interface ClaimDraft {
  kpj: string;
  type: 'JKK' | 'JKM';
  eventDate: string;
  paidOn?: string;
  amountPaid: number;
  note?: string;
}

const key = (regionCode: string) => ['claims', regionCode] as const;

export function useClaims(regionCode: string) {
  return useQuery({ queryKey: key(regionCode), queryFn: ({ signal }) => apiFetch<{ items: Claim[] }>(`/api/programs/${encodeURIComponent(regionCode)}/claims`, { signal }) });
}

export function useRecordClaim(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (c: ClaimDraft) => apiFetch<{ claim: Claim }>(`/api/programs/${encodeURIComponent(regionCode)}/claims`, { json: c }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key(regionCode) }),
  });
}
