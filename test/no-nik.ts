// Finds NIKs in text (logs, responses): 16 digits standing alone, with a plausible province code
// and a valid birth date, so that ids and hash fragments do not count.
import { parseNik } from '../src/server/modules/registry/nik.ts';

const lookup = { isKnownProvince: (c: string) => /^(1[1-9]|[2-9]\d)$/.test(c), isKnownRegency: () => true };

export function findNiks(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?<![0-9A-Za-z])\d{16}(?![0-9A-Za-z])/g)) {
    if (parseNik(m[0], lookup).ok) found.add(m[0]);
  }
  return [...found];
}

/** Throws without quoting them: the failure message must not leak what it found. */
export function assertNoNik(text: string, where: string): void {
  const n = findNiks(text).length;
  if (n > 0) throw new Error(`${n} NIK(s) found in ${where}`);
}
