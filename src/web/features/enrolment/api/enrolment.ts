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

export const ENROLMENT_FIELDS = [
  'nik', 'name', 'birth_date', 'sex', 'address', 'kelurahan_code', 'kelurahan_name', 'kecamatan_name', 'occupation',
  'declared_income', 'programs', 'period_start', 'period_end', 'months', 'participation_code', 'sponsor', 'reference',
] as const;
export type EnrolmentField = (typeof ENROLMENT_FIELDS)[number];

export interface Layout {
  dateFormat: 'DD-MM-YYYY' | 'DD/MM/YYYY' | 'YYYY-MM-DD';
  columns: { header: string; field: EnrolmentField }[];
}

export function useLayout(regionCode: string) {
  return useQuery({ queryKey: ['enrolment-layout', regionCode], queryFn: ({ signal }) => apiFetch<{ layout: Layout }>(`/api/programs/${encodeURIComponent(regionCode)}/enrolment-layout`, { signal }) });
}

export function useSaveLayout(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (layout: Layout) => apiFetch<{ layout: Layout }>(`/api/programs/${encodeURIComponent(regionCode)}/enrolment-layout`, { method: 'PUT', json: layout }),
    onSuccess: (r) => qc.setQueryData(['enrolment-layout', regionCode], r),
  });
}
