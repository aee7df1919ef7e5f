import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';

export type SponsorKind = 'company' | 'foundation' | 'individual' | 'government';
export const SPONSOR_KINDS: SponsorKind[] = ['company', 'foundation', 'individual', 'government'];

export interface Sponsor {
  id: number;
  programId: number;
  kind: SponsorKind;
  name: string;
  createdAt: string;
}

const listKey = (regionCode: string) => ['sponsors', regionCode] as const;

export function useSponsors(regionCode: string) {
  return useQuery({
    queryKey: listKey(regionCode),
    queryFn: ({ signal }) => apiFetch<{ items: Sponsor[] }>(`/api/programs/${encodeURIComponent(regionCode)}/sponsors`, { signal }),
  });
}

export function useSponsor(id: string) {
  return useQuery({ queryKey: ['sponsor', id], queryFn: ({ signal }) => apiFetch<{ sponsor: Sponsor }>(`/api/sponsors/${encodeURIComponent(id)}`, { signal }) });
}

export function useCreateSponsor(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { kind: SponsorKind; name: string }) => apiFetch<{ sponsor: Sponsor }>(`/api/programs/${encodeURIComponent(regionCode)}/sponsors`, { json: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: listKey(regionCode) }),
  });
}
