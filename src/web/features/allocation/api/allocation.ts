import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, withQuery } from '../../../lib/api-client.ts';

export type PlacementStatus = 'proposed' | 'approved' | 'rejected' | 'enrolled' | 'declined' | 'lapsed';

export interface PlacementReason {
  named: boolean;
  continuity: boolean;
  /** Null for a sponsor: poverty data is the programme's. */
  desil: number | null;
  proximity: 'ring1' | 'ring2' | 'area';
  /** Null when the pledge states no preferences. */
  preference: boolean | null;
  waitingSince: string;
}

export interface Placement {
  id: number;
  pledgeId: number;
  sponsorId: number;
  sponsorName: string;
  workerId: number;
  workerName: string;
  nik: string | null;
  kelurahanCode: string | null;
  kelurahanName: string | null;
  occupationCode: string | null;
  start: string;
  months: number;
  status: PlacementStatus;
  rank: number;
  reason: PlacementReason;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface AllocationRun {
  runId: number;
  criteria: string[];
  candidates: number;
  proposed: number;
  pledges: { pledgeId: number; sponsorId: number; slots: number; proposed: number }[];
}

const PAGE = 100;
const root = ['placements'] as const;

export function useProgramPlacements(regionCode: string, status: PlacementStatus, page: number) {
  return useQuery({
    queryKey: [...root, regionCode, status, page],
    queryFn: ({ signal }) =>
      apiFetch<{ items: Placement[]; total: number }>(withQuery(`/api/programs/${encodeURIComponent(regionCode)}/placements`, { status, limit: PAGE, offset: page * PAGE }), { signal }),
    placeholderData: (prev) => prev,
  });
}

export const PLACEMENTS_PAGE = PAGE;

export function usePledgePlacements(pledgeId: number) {
  return useQuery({
    queryKey: [...root, 'pledge', pledgeId],
    queryFn: ({ signal }) => apiFetch<{ items: Placement[]; total: number }>(withQuery(`/api/pledges/${pledgeId}/placements`, { limit: 1000 }), { signal }),
  });
}

export function useRunAllocation(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ run: AllocationRun }>(`/api/programs/${encodeURIComponent(regionCode)}/allocation-runs`, { json: {} }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: root }),
  });
}

export function useDecidePlacements(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: { ids: number[]; decision: 'approve' | 'reject'; note?: string }) =>
      apiFetch<{ decided: number; skipped: number }>(`/api/programs/${encodeURIComponent(regionCode)}/placements/decisions`, { json: d }),
    onSettled: () => void qc.invalidateQueries({ queryKey: root }),
  });
}

export const CRITERIA = ['continuity', 'desil', 'proximity', 'preference'] as const;
export type Criterion = (typeof CRITERIA)[number];

export function useCriteria(regionCode: string) {
  return useQuery({ queryKey: ['allocation-criteria', regionCode], queryFn: ({ signal }) => apiFetch<{ criteria: Criterion[] }>(`/api/programs/${encodeURIComponent(regionCode)}/allocation-criteria`, { signal }) });
}

export function useSetCriteria(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (criteria: Criterion[]) => apiFetch<{ criteria: Criterion[] }>(`/api/programs/${encodeURIComponent(regionCode)}/allocation-criteria`, { method: 'PUT', json: { criteria } }),
    onSuccess: (r) => qc.setQueryData(['allocation-criteria', regionCode], r),
  });
}
