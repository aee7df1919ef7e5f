import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';

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
  kind: 'workers' | 'budget';
  workers: number;
  budget: number;
  months: number;
  start: string;
  package: 'JKK_JKM' | 'JKK_JKM_JHT';
  declaredIncome: number;
  schedule: 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';
  occupations: string[];
  ring1First: boolean;
}

/** The draft as the API takes it: workers or budget, preferences grouped. */
export function pledgeBody(d: PledgeDraft) {
  return {
    kind: d.kind,
    ...(d.kind === 'workers' ? { workers: d.workers } : { budget: d.budget }),
    months: d.months,
    start: d.start,
    package: d.package,
    declaredIncome: d.declaredIncome,
    schedule: d.schedule,
    preferences: { ring1First: d.ring1First, occupations: d.occupations },
  };
}

const key = (sponsorId: string) => ['pledges', sponsorId] as const;

export function usePledges(sponsorId: string) {
  return useQuery({ queryKey: key(sponsorId), queryFn: ({ signal }) => apiFetch<{ items: Pledge[] }>(`/api/sponsors/${encodeURIComponent(sponsorId)}/pledges`, { signal }) });
}

/** The price before anything is saved, as the sponsor fills the form, by the sponsor's own rules. */
export function useQuote(sponsorId: string, d: PledgeDraft | null) {
  return useQuery({
    queryKey: ['pledge-quote', sponsorId, d],
    enabled: d !== null,
    queryFn: ({ signal }) => apiFetch<{ workers: number; total: number; quote: QuoteMonth[] }>(`/api/sponsors/${encodeURIComponent(sponsorId)}/pledge-quotes`, { json: pledgeBody(d!), signal }),
    placeholderData: (prev) => prev,
  });
}

export function useCreatePledge(sponsorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: PledgeDraft) => apiFetch<{ pledge: Pledge }>(`/api/sponsors/${encodeURIComponent(sponsorId)}/pledges`, { json: pledgeBody(d) }),
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

export interface RenewalDue {
  pledgeId: number;
  sponsorId: number;
  sponsorName: string;
  endMonth: string;
  endsOn: string;
  daysLeft: number;
  workers: number;
  start: string;
  months: number;
  total: number;
  quote: QuoteMonth[];
}

export function useRenewals(sponsorId: string) {
  return useQuery({ queryKey: ['renewals', sponsorId], queryFn: ({ signal }) => apiFetch<{ items: RenewalDue[] }>(`/api/sponsors/${encodeURIComponent(sponsorId)}/renewals`, { signal }) });
}

export function useRenewPledge(sponsorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (pledgeId: number) => apiFetch<{ pledge: Pledge }>(`/api/pledges/${pledgeId}/renew`, { method: 'POST' }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: key(sponsorId) });
      void qc.invalidateQueries({ queryKey: ['renewals', sponsorId] });
    },
  });
}

export interface PledgeOverview {
  id: number;
  sponsorId: number;
  sponsorName: string;
  workers: number;
  months: number;
  start: string;
  status: 'draft' | 'committed' | 'cancelled';
  total: number;
  placed: number;
  enrolled: number;
  renewsPledgeId: number | null;
}

export function useProgramPledges(regionCode: string) {
  return useQuery({ queryKey: ['program-pledges', regionCode], queryFn: ({ signal }) => apiFetch<{ items: PledgeOverview[] }>(`/api/programs/${encodeURIComponent(regionCode)}/pledges`, { signal }) });
}
