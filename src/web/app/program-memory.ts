// The program last chosen on this device, so the app opens where the operator left it.
const KEY = 'sekitar.program';

export function rememberedProgram(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberProgram(regionCode: string): void {
  try {
    localStorage.setItem(KEY, regionCode);
  } catch {
    // Storage disabled: the choice is simply not remembered.
  }
}
