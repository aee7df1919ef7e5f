import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, withQuery } from '../../../lib/api-client.ts';

export interface Figure {
  total: number;
  formal: number | null;
  informal: number | null;
}

export interface Progress {
  percent: number | null;
  targetPercent: number | null;
  targetParticipants: number | null;
  missing: number | null;
  reached: boolean | null;
  targetYear: number | null;
}

export interface TrendRow {
  month: string;
  covered: number;
  places: number;
  renewals: number;
  lapsed: number;
  claims: number;
  pledged: number;
  invoiced: number;
  paid: number;
  benefits: number;
}

export interface RegionRow {
  code: string;
  name: string;
  level: 3 | 4;
  parentCode: string;
  workforce: Figure | null;
  participants: Figure | null;
  registered: number;
  covered: number;
  ucjPercent: number | null;
  informalPercent: number | null;
  informalBasis: { covered: 'insurer' | 'programme'; universe: 'workforce' | 'registry' };
  kampung: 'reached' | 'not_yet' | null;
}

export interface Dashboard {
  program: { id: number; name: string; regionCode: string; regionName: string };
  year: number;
  asOf: string;
  headline: {
    workforce: (Figure & { period: string; source: string }) | null;
    participants: (Figure & { period: string; source: string }) | null;
    ucj: Progress;
    bpu: Progress;
    kampungTargetPercent: number | null;
    kampungReached: number;
    kelurahan: number;
  };
  programme: {
    coveredNow: number;
    registered: number;
    workerMonths: number;
    sponsors: number;
    pledged: number;
    places: number;
    invoiced: number;
    paid: number;
    renewals: number;
    lapsed: number;
    claims: number;
    benefits: number;
  };
  trend: TrendRow[];
  regions: RegionRow[];
  hasBoundaries: boolean;
  generatedAt: string;
}

export interface Simulation {
  current: number;
  currentPeriod: string;
  target: number;
  targetBasis: 'participants' | 'percent';
  months: number;
  priceMonth: string;
  basePerWorker: number;
  payablePerWorker: number;
  workers: number;
  monthlyBase: number;
  monthlyPayable: number;
  perMonth: number;
  rampBase: number;
  rampPayable: number;
}

export interface SimulationDraft {
  by: string;
  targetParticipants?: number;
  targetPercent?: number;
}

export interface FigureRow {
  kind: 'workforce' | 'participants';
  period: string;
  regionCode: string;
  total: number;
  formal: number | null;
  informal: number | null;
  source: string;
}

export interface TargetRow {
  id: number;
  year: number;
  indicator: 'ucj' | 'bpu' | 'kampung';
  regionCode: string;
  percent: number | null;
  participants: number | null;
  basis: string | null;
}

export interface PublicSummary {
  program: { name: string; regionCode: string; regionName: string };
  year: number;
  asOf: string;
  ucj: { percent: number | null; targetPercent: number | null; targetYear: number | null; participantsPeriod: string | null; workforcePeriod: string | null };
  coveredNow: number | null;
  workerMonths: number | null;
  sponsors: number | null;
  namedSponsors: string[];
  kecamatan: { code: string; name: string; covered: number | null; registered: number | null; ucjPercent: number | null; informalPercent: number | null }[];
  kampungReached: number;
}

export interface SponsorImpact {
  sponsor: { id: number; name: string; namedPublicly: boolean };
  asOf: string;
  pledged: { pledges: number; places: number; workerMonths: number; amount: number };
  workers: { enrolled: number; coveredNow: number };
  workerMonths: { funded: number; scheduled: number };
  money: { invoiced: number; paid: number };
  claims: { count: number; benefits: number; jkk: number; jkm: number };
  trend: { month: string; covered: number; invoiced: number; paid: number }[];
  pledges: { id: number; startMonth: string; months: number; places: number; enrolled: number; amount: number; invoiced: number }[];
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
