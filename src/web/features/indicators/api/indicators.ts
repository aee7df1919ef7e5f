import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, withQuery } from '../../../lib/api-client.ts';
import type { FigureRow, TargetRow } from '../../../../server/modules/indicators/figures.service.ts';
import type { Headline, ProgramDashboard, PublicSummary, SimulationResult } from '../../../../server/modules/indicators/dashboard.service.ts';
import type { SponsorImpact } from '../../../../server/modules/indicators/impact.service.ts';

// What the API sends is typed by the server's own types: type-only imports, erased at build, so the
// browser bundle carries none of the server's code.
export type { Figure } from '../../../../server/modules/indicators/indicators.ts';
export type { PublicSummary, RegionRow, TrendRow } from '../../../../server/modules/indicators/dashboard.service.ts';
export type { FigureRow, TargetRow } from '../../../../server/modules/indicators/figures.service.ts';
export type { SponsorImpact } from '../../../../server/modules/indicators/impact.service.ts';
/** The programme dashboard. */
export type Dashboard = ProgramDashboard;
/** Coverage against a target, with the year of the target shown. */
export type Progress = Headline['ucj'];
export type Simulation = SimulationResult;

export interface SimulationDraft {
  by: string;
  targetParticipants?: number;
  targetPercent?: number;
}

const program = (regionCode: string) => `/api/programs/${encodeURIComponent(regionCode)}`;
const keys = {
  all: (regionCode: string) => ['indicators', regionCode] as const,
  dashboard: (regionCode: string, year: number | undefined) => ['indicators', regionCode, 'dashboard', year ?? 'default'] as const,
  figures: (regionCode: string) => ['indicators', regionCode, 'figures'] as const,
  targets: (regionCode: string) => ['indicators', regionCode, 'targets'] as const,
  boundaries: (regionCode: string) => ['indicators', regionCode, 'boundaries'] as const,
};

export const dashboardCsvUrl = (regionCode: string, table: 'trend' | 'regions', year: number) => withQuery(`${program(regionCode)}/dashboard/${table}.csv`, { year });
export const publicCsvUrl = (regionCode: string) => `/api/public/programs/${encodeURIComponent(regionCode)}/summary.csv`;
export const publicJsonUrl = (regionCode: string) => `/api/public/programs/${encodeURIComponent(regionCode)}/summary`;

export function useDashboard(regionCode: string, year: number | undefined) {
  return useQuery({
    queryKey: keys.dashboard(regionCode, year),
    queryFn: ({ signal }) => apiFetch<Dashboard>(withQuery(`${program(regionCode)}/dashboard`, { year }), { signal }),
    placeholderData: keepPreviousData,
    // The server answers from its cache until figures change: asking every half minute is cheap.
    refetchInterval: 30_000,
  });
}

export function useSimulate(regionCode: string) {
  return useMutation({ mutationFn: (s: SimulationDraft) => apiFetch<Simulation>(`${program(regionCode)}/simulations`, { json: s }) });
}

export function useFigures(regionCode: string, enabled: boolean) {
  return useQuery({ queryKey: keys.figures(regionCode), enabled, queryFn: ({ signal }) => apiFetch<{ items: FigureRow[] }>(`${program(regionCode)}/figures`, { signal }) });
}

export function useTargets(regionCode: string) {
  return useQuery({ queryKey: keys.targets(regionCode), queryFn: ({ signal }) => apiFetch<{ items: TargetRow[] }>(`${program(regionCode)}/targets`, { signal }) });
}

/** After any change of figures, targets or boundaries, everything the dashboard shows is fetched again. */
function useInvalidateAll(regionCode: string) {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: keys.all(regionCode) });
}

export function useSetTarget(regionCode: string) {
  const onSuccess = useInvalidateAll(regionCode);
  return useMutation({
    mutationFn: (t: Omit<TargetRow, 'id'>) => apiFetch<{ target: TargetRow }>(`${program(regionCode)}/targets`, { method: 'PUT', json: t }),
    onSuccess,
  });
}

export function useDeleteTarget(regionCode: string) {
  const onSuccess = useInvalidateAll(regionCode);
  return useMutation({ mutationFn: (id: number) => apiFetch<null>(`${program(regionCode)}/targets/${id}`, { method: 'DELETE' }), onSuccess });
}

export function useSetFigure(regionCode: string) {
  const onSuccess = useInvalidateAll(regionCode);
  return useMutation({ mutationFn: (f: FigureRow) => apiFetch<{ figure: FigureRow }>(`${program(regionCode)}/figures`, { json: f }), onSuccess });
}

export function useImportFigures(regionCode: string) {
  const onSuccess = useInvalidateAll(regionCode);
  return useMutation({
    mutationFn: ({ kind, file, source }: { kind: FigureRow['kind']; file: File; source: string }) => {
      const form = new FormData();
      form.append('source', source);
      form.append('file', file);
      return apiFetch<{ kind: string; rows: number; periods: string[] }>(`${program(regionCode)}/figures/${kind}/import`, { form });
    },
    onSuccess,
  });
}

export function useBoundaries(regionCode: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.boundaries(regionCode),
    enabled,
    staleTime: Infinity,
    queryFn: ({ signal }) => apiFetch<GeoJson>(`${program(regionCode)}/boundaries`, { signal }),
  });
}

export function useUploadBoundaries(regionCode: string) {
  const onSuccess = useInvalidateAll(regionCode);
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return apiFetch<{ features: number }>(`${program(regionCode)}/boundaries`, { method: 'PUT', form });
    },
    onSuccess,
  });
}

export interface GeoJson {
  type: 'FeatureCollection';
  features: { properties: { kode: string }; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] } }[];
}

export function usePublicSummary(regionCode: string) {
  return useQuery({ queryKey: ['public-summary', regionCode], queryFn: ({ signal }) => apiFetch<PublicSummary>(publicJsonUrl(regionCode), { signal }) });
}

const impactKey = (sponsorId: string) => ['impact', sponsorId] as const;

export function useSponsorImpact(sponsorId: string) {
  return useQuery({ queryKey: impactKey(sponsorId), queryFn: ({ signal }) => apiFetch<SponsorImpact>(`/api/sponsors/${encodeURIComponent(sponsorId)}/impact`, { signal }) });
}

export function useSetPublicity(sponsorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (namedPublicly: boolean) => apiFetch<{ namedPublicly: boolean }>(`/api/sponsors/${encodeURIComponent(sponsorId)}/publicity`, { method: 'PUT', json: { namedPublicly } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: impactKey(sponsorId) }),
  });
}
