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

export interface SponsorApplication {
  id: number;
  kind: string;
  name: string;
  nib: string | null;
  sector: string | null;
  address: string | null;
  addressKelurahan: string | null;
  contactName: string;
  contactEmail: string;
  status: 'pending' | 'approved' | 'rejected';
  decisionNote: string | null;
  sponsorId: number | null;
  createdAt: string;
}

export interface ApplicationDraft {
  programCode: string;
  kind: 'company' | 'foundation' | 'individual' | 'government';
  name: string;
  nib?: string;
  sector?: string;
  address?: string;
  addressKelurahan?: string;
  contactName: string;
  contactEmail: string;
  password: string;
}

export function usePublicKelurahan(regionCode: string) {
  return useQuery({
    queryKey: ['public-kelurahan', regionCode],
    enabled: regionCode !== '',
    queryFn: ({ signal }) => apiFetch<{ items: { code: string; name: string; kecamatan: string }[] }>(`/api/public/programs/${encodeURIComponent(regionCode)}/kelurahan`, { signal }),
  });
}

export function useApplyAsSponsor() {
  return useMutation({ mutationFn: (d: ApplicationDraft) => apiFetch<{ id: number }>('/api/public/sponsor-applications', { json: d }) });
}

export function useApplications(regionCode: string) {
  return useQuery({
    queryKey: ['sponsor-applications', regionCode],
    queryFn: ({ signal }) => apiFetch<{ items: SponsorApplication[] }>(`/api/programs/${encodeURIComponent(regionCode)}/sponsor-applications?status=pending`, { signal }),
  });
}

export function useDecideApplication(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: { id: number; decision: 'approve' | 'reject'; note?: string }) =>
      apiFetch<{ application: SponsorApplication }>(`/api/sponsor-applications/${d.id}/decision`, { json: { decision: d.decision, ...(d.note ? { note: d.note } : {}) } }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['sponsor-applications', regionCode] });
      void qc.invalidateQueries({ queryKey: listKey(regionCode) });
    },
  });
}
