// The code of the DomainError a call throws, or undefined when it succeeds; other errors rethrow.
import { DomainError } from '../src/server/domain-error.ts';

export async function errorCode(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
    return undefined;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}
