import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';

export interface Batch {
  id: number;
  placements: number;
  accepted: number;
  declined: number;
  pending: number;
  createdBy: string;
  createdAt: string;
  resultsAt: string | null;
}

export interface ResultsOutcome {
  accepted: number;
  declined: number;
  unchanged: number;
  pending: number;
}

const key = (regionCode: string) => ['enrolment-batches', regionCode] as const;

export const batchFileUrl = (batchId: number, format: 'csv' | 'xlsx') => `/api/enrolment-batches/${batchId}/file?format=${format}`;

export function useBatches(regionCode: string) {
  return useQuery({ queryKey: key(regionCode), queryFn: ({ signal }) => apiFetch<{ items: Batch[] }>(`/api/programs/${encodeURIComponent(regionCode)}/enrolment-batches`, { signal }) });
}

export function useCreateBatch(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ batch: Batch }>(`/api/programs/${encodeURIComponent(regionCode)}/enrolment-batches`, { method: 'POST' }),
    onSettled: () => void qc.invalidateQueries({ queryKey: key(regionCode) }),
  });
}

export function useUploadResults(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ batchId, file }: { batchId: number; file: File }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return apiFetch<ResultsOutcome>(`/api/enrolment-batches/${batchId}/results`, { form });
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: key(regionCode) });
      void qc.invalidateQueries({ queryKey: ['placements'] });
    },
  });
}
