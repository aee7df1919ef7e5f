import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';
import type { Bilingual } from '../../../lib/i18n.tsx';
import { workersQueryRoot, type CoverageStatus } from './get-workers.ts';

export type DataSource = 'DTSEN' | 'DTKS' | 'P3KE' | 'DESA' | 'LAPANGAN' | 'MANUAL';

export interface WorkerWarning extends Bilingual {
  code: string;
}

export interface Worker {
  id: number;
  programId: number;
  nik: string;
  name: string;
  birthDate: string | null;
  sex: 'L' | 'P' | null;
  kelurahanCode: string | null;
  kelurahanName: string | null;
  kecamatanName: string | null;
  rt: string | null;
  rw: string | null;
  street: string | null;
  occupationCode: string | null;
  occupationNameId: string | null;
  occupationNameEn: string | null;
  occupationText: string | null;
  phone: string | null;
  desil: number | null;
  kkNumber: string | null;
  kpjNumber: string | null;
  bpjsStatus: string | null;
  coverageStatus: CoverageStatus;
  lifeStatus: 'active' | 'deceased' | 'moved_away';
  lifeStatusDate: string | null;
  lifeStatusNote: string | null;
  warnings: WorkerWarning[];
  createdAt: string;
  updatedAt: string;
}

/** Where the current value of one field came from. */
export interface FieldProvenance {
  /** Registry column, e.g. 'birth_date'. */
  field: string;
  value: string | null;
  source: DataSource | string;
  importId: number | null;
  fileName: string | null;
  actor: string;
  at: string;
}

export interface HistoryEntry {
  id: number;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  source: DataSource | string;
  actor: string;
  at: string;
  importId: number | null;
  fileName: string | null;
}

export interface Consent {
  id: number;
  purpose: string;
  legalBasis: string;
  collectedBy: string;
  collectedAt: string;
  method: string;
  withdrawnAt: string | null;
}

export interface WorkerDetailResponse {
  worker: Worker;
  fields: FieldProvenance[];
  history: HistoryEntry[];
  consents: Consent[];
}

export function getWorker(id: string, signal?: AbortSignal): Promise<WorkerDetailResponse> {
  return apiFetch<WorkerDetailResponse>(`/api/workers/${encodeURIComponent(id)}`, signal ? { signal } : {});
}

/** Worker ids are positive integers; anything else in the URL cannot name a worker. */
export function isWorkerId(id: string): boolean {
  return /^[1-9]\d{0,15}$/.test(id);
}

export function useWorker(id: string) {
  return useQuery({
    queryKey: [...workersQueryRoot, 'detail', id],
    queryFn: ({ signal }) => getWorker(id, signal),
    enabled: isWorkerId(id),
  });
}
