import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';

export interface Kelurahan {
  /** Kemendagri code, e.g. '36.72.01.1001'. */
  code: string;
  name: string;
}

export interface Kecamatan {
  /** Kemendagri code, e.g. '36.72.01'. */
  code: string;
  name: string;
  kelurahan: Kelurahan[];
}

export interface RegionsResponse {
  kecamatan: Kecamatan[];
}

export function getRegions(regionCode: string, signal?: AbortSignal): Promise<RegionsResponse> {
  return apiFetch<RegionsResponse>(`/api/programs/${encodeURIComponent(regionCode)}/regions`, signal ? { signal } : {});
}

export function useRegions(regionCode: string) {
  return useQuery({
    queryKey: ['regions', regionCode],
    queryFn: ({ signal }) => getRegions(regionCode, signal),
    // Kemendagri codes change a few times a year at most.
    staleTime: 60 * 60_000,
  });
}
