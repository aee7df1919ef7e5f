import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';

export interface Invoice {
  id: number;
  number: string;
  period: string;
  total: number;
  paid: number;
  status: 'paid' | 'partial' | 'open' | 'void';
  dueDate: string;
  months: { month: string; amount: number }[];
}

export interface Account {
  sponsorId: number;
  invoiced: number;
  paid: number;
  outstanding: number;
  credit: number;
  invoices: Invoice[];
  payments: { id: number; amount: number; paidOn: string; method: string; reference: string | null; createdBy: string }[];
}

export interface PaymentDraft {
  amount: number;
  paidOn: string;
  method: 'transfer' | 'virtual_account' | 'cash' | 'other';
  reference?: string;
  idempotencyKey: string;
}

export interface BillingRun {
  runId: number;
  month: string;
  lines: number;
  invoices: number;
  total: number;
  lapsed: number;
}

export interface ArrearsRow {
  placementId: number;
  workerId: number;
  workerName: string;
  sponsorId: number;
  sponsorName: string;
  unpaidMonths: string[];
  amount: number;
}

const accountKey = (sponsorId: string) => ['account', sponsorId] as const;

export function useAccount(sponsorId: string) {
  return useQuery({ queryKey: accountKey(sponsorId), queryFn: ({ signal }) => apiFetch<Account>(`/api/sponsors/${encodeURIComponent(sponsorId)}/account`, { signal }) });
}

export function useRecordPayment(sponsorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: PaymentDraft) => apiFetch<{ paymentId: number; duplicate: boolean; account: Account }>(`/api/sponsors/${encodeURIComponent(sponsorId)}/payments`, { json: p }),
    onSuccess: (r) => qc.setQueryData(accountKey(sponsorId), r.account),
  });
}

export function useRunBilling(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (month: string) => apiFetch<{ run: BillingRun }>(`/api/programs/${encodeURIComponent(regionCode)}/billing-runs`, { json: { month } }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['account'] });
      void qc.invalidateQueries({ queryKey: ['arrears', regionCode] });
    },
  });
}

export function useArrears(regionCode: string) {
  return useQuery({ queryKey: ['arrears', regionCode], queryFn: ({ signal }) => apiFetch<{ items: ArrearsRow[] }>(`/api/programs/${encodeURIComponent(regionCode)}/arrears`, { signal }) });
}

export interface CoverSummary {
  months: { month: string; status: 'paid' | 'due' | 'arrears' | 'scheduled'; amount: number; placementId: number; sponsorName: string }[];
  paidMonths: number;
  longestPaidRun: number;
  jkmFullBenefit: boolean;
  countedForTargets: boolean;
  arrearsRun: number;
  membershipEnded: boolean;
}

export function useWorkerCover(workerId: string) {
  return useQuery({ queryKey: ['cover', workerId], queryFn: ({ signal }) => apiFetch<CoverSummary>(`/api/workers/${encodeURIComponent(workerId)}/cover`, { signal }) });
}

export function useReconcile(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return apiFetch<{ recorded: number; unchanged: number; amount: number }>(`/api/programs/${encodeURIComponent(regionCode)}/reconciliations`, { form });
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['account'] });
      void qc.invalidateQueries({ queryKey: ['arrears', regionCode] });
    },
  });
}

export function useContinuity(regionCode: string) {
  return useQuery({
    queryKey: ['continuity', regionCode],
    queryFn: ({ signal }) =>
      apiFetch<{ workers: number; workerMonths: number; coveredMonths: number; share: number; workersWithGap: number }>(`/api/programs/${encodeURIComponent(regionCode)}/continuity`, { signal }),
  });
}
