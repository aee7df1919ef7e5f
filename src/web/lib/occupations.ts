// The occupation catalogue (the registry filters by it, field agents and sponsors choose from it).
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './api-client.ts';

export interface Occupation {
  code: string;
  nameId: string;
  nameEn: string;
  sector: string;
}

export interface OccupationsResponse {
  items: Occupation[];
}

export function getOccupations(signal?: AbortSignal): Promise<OccupationsResponse> {
  return apiFetch<OccupationsResponse>('/api/occupations', signal ? { signal } : {});
}

export function useOccupations() {
  return useQuery({ queryKey: ['occupations'], queryFn: ({ signal }) => getOccupations(signal), staleTime: 60 * 60_000 });
}
