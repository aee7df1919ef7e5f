/** The full error report of an import as CSV (row, column, value, code, reason in both languages). */
export function errorReportUrl(importId: number): string {
  return `/api/imports/${importId}/errors.csv`;
}
