import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, withQuery } from '../../../lib/api-client.ts';

export interface QuoteMonth {
  month: string;
  perWorker: number;
  total: number;
  discounted: boolean;
}

export interface Pledge {
  id: number;
  sponsorId: number;
  kind: 'workers' | 'budget';
  workers: number;
  months: number;
  budget: number | null;
  start: string;
  package: string;
  declaredIncome: number;
  schedule: string;
  status: 'draft' | 'committed' | 'cancelled';
  quote: QuoteMonth[];
  total: number;
  committedAt: string | null;
}

export interface PledgeDraft {
  workers: number;
  months: number;
  start: string;
  package: 'JKK_JKM' | 'JKK_JKM_JHT';
}

const key = (sponsorId: string) => ['pledges', sponsorId] as const;

export function usePledges(sponsorId: string) {
  return useQuery({ queryKey: key(sponsorId), queryFn: ({ signal }) => apiFetch<{ items: Pledge[] }>(`/api/sponsors/${encodeURIComponent(sponsorId)}/pledges`, { signal }) });
}

/** The price before anything is saved, as the sponsor fills the form. */
export function useQuote(d: PledgeDraft | null) {
  return useQuery({
    queryKey: ['quote', d],
    enabled: d !== null,
    queryFn: ({ signal }) =>
      apiFetch<{ months: QuoteMonth[]; perWorker: number; total: number }>(withQuery('/api/rates/quote', { start: d!.start, months: d!.months, workers: d!.workers, package: d!.package }), { signal }),
  });
}

export function useCreatePledge(sponsorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: PledgeDraft) => apiFetch<{ pledge: Pledge }>(`/api/sponsors/${encodeURIComponent(sponsorId)}/pledges`, { json: { kind: 'workers', ...d } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key(sponsorId) }),
  });
}

export function useCommitPledge(sponsorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: { id: number; expectedTotal: number }) => apiFetch<{ pledge: Pledge }>(`/api/pledges/${p.id}/commit`, { json: { expectedTotal: p.expectedTotal } }),
    onSettled: () => void qc.invalidateQueries({ queryKey: key(sponsorId) }),
  });
}
