// How NIKs and phone numbers are shown by default wherever they leave the server: lists, the
// worker page, exports, error reports. Enough to tell records apart, not enough to use them.
import { maskNik } from './nik.ts';

export { maskNik };

const BULLET = '•';

/**
 * '081234565678' -> '0812••••5678': the first 4 and at most the last 4 digits, with at least 4
 * hidden (a 10-digit number shows '0812••••78').
 */
export function maskPhone(phone: string): string {
  const n = phone.length;
  if (n < 8) return BULLET.repeat(n);
  const hidden = Math.max(4, n - 8);
  const tail = Math.max(0, n - 4 - hidden);
  return `${phone.slice(0, 4)}${BULLET.repeat(Math.min(hidden, n - 4))}${tail > 0 ? phone.slice(-tail) : ''}`;
}

/**
 * Masks every run of at least `minDigits` digits in free text (a cell of a rejected row, a sample
 * value), spaces, dots and dashes between digits included: '3672011203850001.0' ->
 * '3672•••••••••0010'. Shorter numbers stay, so '3.67201E+15' (what Excel made of a NIK, no longer
 * one) and dates read as they are.
 */
export function maskDigitRuns(text: string, minDigits: number): string {
  if (!/\d/.test(text)) return text;
  return text.replace(/\d(?:[ .\-]?\d)+/g, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length < minDigits) return run;
    return digits.length >= 16 ? maskNik(digits) : maskPhone(digits);
  });
}

/**
 * 'Siti Aminah binti Umar' -> 'S••• A••• b••• U•••': a name as a sponsor sees it, enough to tell
 * two proposed workers apart, not enough to find either.
 */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${[...part][0]}${BULLET.repeat(3)}`)
    .join(' ');
}
