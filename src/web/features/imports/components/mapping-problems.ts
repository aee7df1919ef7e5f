// The same checks the server makes before a dry run (src/server/modules/imports/columns.ts
// validateMapping), made here so the operator sees them next to the selects, before waiting.
import type { ColumnMapping, WorkerFieldInfo } from '../api/upload-import.ts';

export type MappingProblem =
  | { kind: 'missing'; field: WorkerFieldInfo }
  | { kind: 'duplicate'; field: WorkerFieldInfo; headers: string[] }
  | { kind: 'rtrw' };

export function mappingProblems(mapping: ColumnMapping, fields: WorkerFieldInfo[]): MappingProblem[] {
  const headersByField = new Map<string, string[]>();
  for (const [header, key] of Object.entries(mapping)) {
    if (!key) continue;
    headersByField.set(key, [...(headersByField.get(key) ?? []), header]);
  }
  const problems: MappingProblem[] = [];
  for (const field of fields) {
    const headers = headersByField.get(field.key) ?? [];
    if (headers.length > 1) problems.push({ kind: 'duplicate', field, headers });
  }
  if (headersByField.has('rt_rw') && (headersByField.has('rt') || headersByField.has('rw'))) problems.push({ kind: 'rtrw' });
  for (const field of fields) {
    if (field.required && !headersByField.has(field.key)) problems.push({ kind: 'missing', field });
  }
  return problems;
}

/** Starts from the server's suggestion; every header gets an entry, null meaning "ignore". */
export function initialMapping(headers: string[], suggested: ColumnMapping): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const h of headers) mapping[h] = suggested[h] ?? null;
  return mapping;
}
