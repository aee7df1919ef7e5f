import type { z } from 'zod';

// Errors that services throw: a stable code, and details safe to show (never personal data).
// Only the HTTP layer and the CLI turn a code into a status and a message in Indonesian and English.
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly details: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

/** One problem of a file row: where, what was written (masked), and why, in both languages. */
export interface RowProblem {
  /** The row number a spreadsheet program shows (0 when the problem is not one row's). */
  row: number;
  column: string;
  value: string;
  id: string;
  en: string;
}

/** A file refused whole because of its rows: nothing was applied. The problems say which and why. */
export class RowsRejected extends DomainError {
  constructor(
    code: string,
    readonly problems: RowProblem[],
  ) {
    super(code, { count: problems.length });
    this.name = 'RowsRejected';
  }
}

/**
 * Checks input a service received (from HTTP, the CLI or a job) against its schema: the parsed
 * value, or FIELD_INVALID naming `field` and every problem by path.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, field: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const why = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '-'}: ${i.message}`).join('; ');
  throw new DomainError('FIELD_INVALID', { field, alasan: why, reason: why });
}
