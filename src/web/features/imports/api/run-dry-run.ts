import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';
import type { ImportView } from './get-import.ts';
import type { ColumnMapping } from './upload-import.ts';

export interface DryRunInput {
  importId: number;
  mapping: ColumnMapping;
  source?: string;
}

export interface DryRunResponse {
  import: ImportView;
}

/** Starts reading and checking the whole file in the background; the registry is not touched. */
export function runDryRun({ importId, mapping, source }: DryRunInput): Promise<DryRunResponse> {
  return apiFetch<DryRunResponse>(`/api/imports/${importId}/dry-run`, {
    method: 'POST',
    json: source ? { mapping, source } : { mapping },
  });
}

export function useDryRun() {
  return useMutation({ mutationFn: runDryRun });
}
