// COPY's text format, shared by the bulk sessions (database.ts) and the import's row stager, which
// may run on a worker thread and so must not load the database drivers.

/** Escapes one value for COPY's text format. */
export function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  const s = typeof value === 'number' ? String(value) : value;
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] ?? c) : s;
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** One row as a line of COPY text. */
export function copyLine(row: readonly (string | number | null)[]): string {
  let line = copyText(row[0] ?? null);
  for (let i = 1; i < row.length; i++) line += `\t${copyText(row[i] ?? null)}`;
  return `${line}\n`;
}

