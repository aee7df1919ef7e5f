// A problem found in a value: a stable code for programs, and a message for people in
// Indonesian (`id`) and English (`en`). Messages say what is wrong and how to fix it, but never
// carry a full identifier (NIK, No. KK, KPJ, phone number): they end up in reports and logs.
export interface Problem {
  code: string;
  id: string;
  en: string;
}

export function problem(code: string, id: string, en: string): Problem {
  return { code, id, en };
}
