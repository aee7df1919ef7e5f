import type { KeyObject } from 'node:crypto';

export type PersonalField = 'nik' | 'phone';
export declare const IV_BYTES: number;
export declare const TAG_BYTES: number;
export declare const AAD: Record<PersonalField, Buffer>;
export declare function hashWith(macKey: KeyObject, field: PersonalField, value: string): string;
export declare function sealWith(encKey: KeyObject, keyId: string, field: PersonalField, value: string): string;
