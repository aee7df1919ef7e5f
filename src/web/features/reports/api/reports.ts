import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client.ts';
import type { ReportView, Verification } from '../../../../server/modules/reports/reports.service.ts';

// The server's own types (type-only imports, erased at build): what the API sends.
export type { ReportKind, Verification } from '../../../../server/modules/reports/reports.service.ts';
export type { Figure as VerifiedFigure } from '../../../../server/modules/reports/reports.service.ts';
/** An issued report as listed. */
export type Report = ReportView;

export const reportFileUrl = (id: string, file: 'report.pdf' | 'report.xlsx') => `/api/reports/${encodeURIComponent(id)}/${file}`;

const programKey = (regionCode: string) => ['reports', 'program', regionCode] as const;
const sponsorKey = (sponsorId: string) => ['reports', 'sponsor', sponsorId] as const;

export function useProgramReports(regionCode: string) {
  return useQuery({ queryKey: programKey(regionCode), queryFn: ({ signal }) => apiFetch<{ items: Report[] }>(`/api/programs/${encodeURIComponent(regionCode)}/reports`, { signal }) });
}

export function useIssueProgramReport(regionCode: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (month: string) => apiFetch<{ report: Report }>(`/api/programs/${encodeURIComponent(regionCode)}/reports`, { json: { month } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: programKey(regionCode) }),
  });
}

export function useSponsorReports(sponsorId: string) {
  return useQuery({ queryKey: sponsorKey(sponsorId), queryFn: ({ signal }) => apiFetch<{ items: Report[] }>(`/api/sponsors/${encodeURIComponent(sponsorId)}/reports`, { signal }) });
}

export function useIssueSponsorReport(sponsorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (r: { kind: 'csr' | 'certificate'; from: string; to: string }) => apiFetch<{ report: Report }>(`/api/sponsors/${encodeURIComponent(sponsorId)}/reports`, { json: r }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: sponsorKey(sponsorId) }),
  });
}

export function useVerification(code: string) {
  return useQuery({ queryKey: ['verify', code], queryFn: ({ signal }) => apiFetch<Verification>(`/api/public/reports/${encodeURIComponent(code)}`, { signal }) });
}
