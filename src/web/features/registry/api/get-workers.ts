import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch, withQuery } from '../../../lib/api-client.ts';

export type CoverageStatus = 'none' | 'active' | 'inactive';

export interface WorkerListItem {
  id: number;
  /** Masked, e.g. '3672••••••••0003'. */
  nik: string;
  name: string;
  /** 'YYYY-MM-DD' */
  birthDate: string | null;
  sex: 'L' | 'P' | null;
  kelurahanCode: string | null;
  kelurahanName: string | null;
  kecamatanName: string | null;
  occupationCode: string | null;
  desil: number | null;
  coverageStatus: CoverageStatus;
  /** Warning codes, e.g. 'NIK_SEX_MISMATCH'. */
  warnings: string[];
  /** A live (not withdrawn) consent is on record. */
  hasConsent: boolean;
  lifeStatus: 'active' | 'deceased' | 'moved_away';
}

export interface WorkersResponse {
  items: WorkerListItem[];
  nextCursor: string | null;
  total: number;
  /** True when there are more than `total` workers. */
  totalCapped: boolean;
}

export interface WorkerFilters {
  /** A name fragment, or a whole NIK (an exact match). */
  q?: string;
  kecamatan?: string;
  kelurahan?: string;
  /** Comma-separated deciles, e.g. '1,2'. */
  desil?: string;
  occupation?: string;
  coverage?: CoverageStatus | '';
  consent?: 'given' | 'missing' | '';
}

export const WORKERS_PAGE_SIZE = 50;

export function getWorkers(
  regionCode: string,
  filters: WorkerFilters,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<WorkersResponse> {
  const path = withQuery(`/api/programs/${encodeURIComponent(regionCode)}/workers`, {
    q: filters.q?.trim(),
    kecamatan: filters.kecamatan,
    kelurahan: filters.kelurahan,
    desil: filters.desil,
    occupation: filters.occupation,
    coverage: filters.coverage,
    consent: filters.consent,
    cursor,
    limit: WORKERS_PAGE_SIZE,
  });
  return apiFetch<WorkersResponse>(path, signal ? { signal } : {});
}

/** Prefix of every cached worker list and detail: invalidate it after the registry changes. */
export const workersQueryRoot = ['workers'] as const;

export function useWorkers(regionCode: string, filters: WorkerFilters, cursor: string | null) {
  return useQuery({
    queryKey: [...workersQueryRoot, regionCode, filters, cursor],
    queryFn: ({ signal }) => getWorkers(regionCode, filters, cursor, signal),
    // Keep showing the previous page while the next one loads, instead of flashing empty.
    placeholderData: keepPreviousData,
  });
}
