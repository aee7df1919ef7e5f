import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';
import type { ImportView } from './get-import.ts';

export interface ImportsResponse {
  items: ImportView[];
}

export function getImports(regionCode: string, signal?: AbortSignal): Promise<ImportsResponse> {
  return apiFetch<ImportsResponse>(`/api/programs/${encodeURIComponent(regionCode)}/imports`, signal ? { signal } : {});
}

export const importsQueryKey = (regionCode: string) => ['imports', regionCode] as const;

export function useImports(regionCode: string) {
  return useQuery({ queryKey: importsQueryKey(regionCode), queryFn: ({ signal }) => getImports(regionCode, signal) });
}
