// Which source wins for which field when the same NIK arrives again (docs/IMPORT.md explains why).
// Pure data: the import's SQL is generated from it.

export const SOURCES = ['DTSEN', 'DTKS', 'P3KE', 'DESA', 'LAPANGAN', 'MANUAL'] as const;
export type Source = (typeof SOURCES)[number];

export type FieldGroup = 'identity' | 'poverty' | 'contact' | 'bpjs';

/** Higher wins; an equal rank means the newer data wins (a DTSEN refresh moves desil). */
export const SOURCE_RANK: Record<FieldGroup, Record<Source, number>> = {
  // Name, birth date, sex and family card come from Dukcapil-matched national data.
  identity: { MANUAL: 6, DTSEN: 5, DTKS: 4, P3KE: 3, DESA: 2, LAPANGAN: 1 },
  // Desil is computed nationally (proxy-means test); DTSEN supersedes DTKS and P3KE.
  poverty: { MANUAL: 6, DTSEN: 5, DTKS: 4, P3KE: 3, DESA: 1, LAPANGAN: 1 },
  // Where people live, how to reach them and what they do: those who visit know best.
  contact: { MANUAL: 6, LAPANGAN: 5, DESA: 4, DTSEN: 3, DTKS: 2, P3KE: 1 },
  // Existing BPJS TK membership: any source may report it; a person's correction wins.
  bpjs: { MANUAL: 6, LAPANGAN: 1, DESA: 1, DTSEN: 1, DTKS: 1, P3KE: 1 },
};

/** The registry fields an import can set, with their group and SQL type. */
export const MERGE_FIELDS = [
  { field: 'name', group: 'identity', type: 'text' },
  { field: 'birth_date', group: 'identity', type: 'date' },
  { field: 'sex', group: 'identity', type: 'text' },
  { field: 'kk_number', group: 'identity', type: 'text' },
  { field: 'kelurahan_code', group: 'contact', type: 'text' },
  { field: 'rt', group: 'contact', type: 'text' },
  { field: 'rw', group: 'contact', type: 'text' },
  { field: 'street', group: 'contact', type: 'text' },
  { field: 'phone', group: 'contact', type: 'text' },
  { field: 'occupation_code', group: 'contact', type: 'text' },
  { field: 'occupation_text', group: 'contact', type: 'text' },
  { field: 'desil', group: 'poverty', type: 'smallint' },
  { field: 'kpj_number', group: 'bpjs', type: 'text' },
  { field: 'bpjs_status', group: 'bpjs', type: 'text' },
] as const satisfies readonly { field: string; group: FieldGroup; type: string }[];

export type MergeField = (typeof MERGE_FIELDS)[number]['field'];

/** Whether an incoming non-empty value replaces the current one. */
export function incomingWins(group: FieldGroup, incoming: Source, current: Source | null): boolean {
  if (current === null) return true;
  return SOURCE_RANK[group][incoming] >= SOURCE_RANK[group][current];
}

export function isSource(s: string): s is Source {
  return (SOURCES as readonly string[]).includes(s);
}
