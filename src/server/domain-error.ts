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
