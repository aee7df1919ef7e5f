// The programmes anyone may see (for the public pages: sponsor registration, coverage).
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './api-client.ts';

export interface PublicProgram {
  regionCode: string;
  name: string;
  regionName: string;
}

export function usePublicPrograms() {
  return useQuery({ queryKey: ['public-programs'], queryFn: ({ signal }) => apiFetch<{ items: PublicProgram[] }>('/api/public/programs', { signal }) });
}
