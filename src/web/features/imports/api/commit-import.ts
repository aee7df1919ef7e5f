import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';
import type { ImportView } from './get-import.ts';

export interface CommitInput {
  importId: number;
  /** Save the valid rows even though others were rejected. */
  validOnly: boolean;
}

export interface CommitResponse {
  import: ImportView;
}

/** Starts merging the checked rows into the registry in the background. */
export function commitImport({ importId, validOnly }: CommitInput): Promise<CommitResponse> {
  return apiFetch<CommitResponse>(`/api/imports/${importId}/commit`, { method: 'POST', json: { validOnly } });
}

export function useCommitImport() {
  return useMutation({ mutationFn: commitImport });
}
