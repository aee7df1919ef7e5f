import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';

export interface Program {
  id: number;
  /** Kemendagri code of the kab/kota, e.g. '36.72'. */
  regionCode: string;
  regionName: string;
  name: string;
  legalBasis: string;
}

export interface ProgramsResponse {
  items: Program[];
}

export function getPrograms(signal?: AbortSignal): Promise<ProgramsResponse> {
  return apiFetch<ProgramsResponse>('/api/programs', signal ? { signal } : {});
}

export const programsQueryKey = ['programs'] as const;

export function usePrograms() {
  return useQuery({ queryKey: programsQueryKey, queryFn: ({ signal }) => getPrograms(signal), staleTime: 5 * 60_000 });
}
