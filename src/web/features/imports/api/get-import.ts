import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';

export type ImportSource = 'DTSEN' | 'DTKS' | 'P3KE' | 'DESA' | 'LAPANGAN';
export const IMPORT_SOURCES: readonly ImportSource[] = ['DTSEN', 'DTKS', 'P3KE', 'DESA', 'LAPANGAN'];

export type ImportStatus =
  | 'uploaded'
  | 'staging'
  | 'staged'
  | 'checking'
  | 'checked'
  | 'committing'
  | 'committed'
  | 'not_committed'
  | 'failed';

export type ImportPhase = 'reading' | 'checking' | 'merging';

export interface ImportCounts {
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Rows of the file merged into another row with the same NIK. */
  duplicates: number;
}

export interface ImportView {
  id: number;
  programId: number;
  source: ImportSource | string;
  fileName: string;
  format: 'csv' | 'xlsx' | string;
  encoding: string | null;
  delimiter: string | null;
  status: ImportStatus;
  phase: ImportPhase | null;
  rowsDone: number;
  counts: ImportCounts | null;
  validOnly: boolean;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** Not in the contract yet: the server's estimate of the file's rows, when it sends one. */
  rowsEstimate?: number | null;
}

export interface ImportRowError {
  /** Row number as seen in the spreadsheet. */
  row: number;
  column: string;
  value: string;
  code: string;
  reasonId: string;
  reasonEn: string;
}

export interface ImportResponse {
  import: ImportView;
  /** The first 100 problems; the full list is the CSV report. */
  errors: ImportRowError[];
}

export const POLL_INTERVAL_MS = 500;

export function getImport(id: number, signal?: AbortSignal): Promise<ImportResponse> {
  return apiFetch<ImportResponse>(`/api/imports/${id}`, signal ? { signal } : {});
}

export const importQueryKey = (id: number) => ['import', id] as const;

/**
 * One import, polled every 500 ms while `keepPolling` says the step the screen waits for has not
 * finished.
 */
export function useImport(id: number, keepPolling: (view: ImportView | undefined) => boolean) {
  return useQuery({
    queryKey: importQueryKey(id),
    queryFn: ({ signal }) => getImport(id, signal),
    refetchInterval: (query) => (keepPolling(query.state.data?.import) ? POLL_INTERVAL_MS : false),
    // A poll that fails once (a busy embedded database) should not stop the progress bar.
    retry: 3,
  });
}
