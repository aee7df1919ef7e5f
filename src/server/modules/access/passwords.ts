// Passwords: argon2id (OWASP's recommended parameters are @node-rs/argon2's defaults: 19 MiB,
// 2 iterations, 1 lane), length rules, and generated temporary passwords.
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { DomainError } from '../../domain-error.ts';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export async function hashPassword(password: string): Promise<string> {
  checkPasswordRules(password);
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A verification against a throwaway hash, so that an unknown email costs as long as a wrong password.
let decoy: Promise<string> | undefined;
export async function spendVerificationTime(password: string): Promise<void> {
  decoy ??= hash('sekitar-decoy-password');
  await verifyPassword(await decoy, password);
}

export function checkPasswordRules(password: string): void {
  if (password.length < PASSWORD_MIN) throw new DomainError('PASSWORD_TOO_SHORT', { min: PASSWORD_MIN });
  if (password.length > PASSWORD_MAX) throw new DomainError('PASSWORD_TOO_LONG', { max: PASSWORD_MAX });
}

// No look-alike characters (0/O, 1/l/I): the password is read off a screen or a printout.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A temporary password: 4 groups of 4 characters, about 94 bits. */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}
