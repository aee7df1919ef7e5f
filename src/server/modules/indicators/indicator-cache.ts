// Computed dashboards, kept until the programme's figures change. Every writer of a counted table
// notifies 'sekitar_indicators' with the programme id at commit (the indicator_cells triggers, and
// the services that write figures and targets), so an entry is dropped within moments of a
// payment, whichever process recorded it. Concurrent requests for the same entry share one
// computation, and a computation that raced a change is not kept.
import type { Database } from '../../db/database.ts';

export const INDICATOR_CHANNEL = 'sekitar_indicators';

interface Entry {
  value: Promise<unknown>;
  at: number;
}

export class IndicatorCache {
  private readonly entries = new Map<number, Map<string, Entry>>();
  private readonly generation = new Map<number, number>();
  private everything = 0;

  /** @param maxAgeMs a bound on staleness should a notification be lost */
  constructor(private readonly maxAgeMs = 60_000) {}

  async get<T>(programId: number, key: string, compute: () => Promise<T>): Promise<T> {
    const forProgram = this.entries.get(programId) ?? new Map<string, Entry>();
    this.entries.set(programId, forProgram);
    const hit = forProgram.get(key);
    if (hit && Date.now() - hit.at < this.maxAgeMs) return hit.value as Promise<T>;
    const stamp = this.stamp(programId);
    const value = compute();
    const entry = { value, at: Date.now() };
    forProgram.set(key, entry);
    try {
      await value;
    } catch (e) {
      if (forProgram.get(key) === entry) forProgram.delete(key);
      throw e;
    }
    // Figures changed while computing: this result may predate them.
    if (this.stamp(programId) !== stamp && forProgram.get(key) === entry) forProgram.delete(key);
    return value;
  }

  /** Drops what was computed for a programme, or for all of them (null). */
  invalidate(programId: number | null): void {
    if (programId === null) {
      this.everything++;
      this.entries.clear();
      return;
    }
    this.generation.set(programId, (this.generation.get(programId) ?? 0) + 1);
    this.entries.delete(programId);
  }

  private stamp(programId: number): string {
    return `${this.everything}:${this.generation.get(programId) ?? 0}`;
  }

  /** Listens for changes; returns the way to stop. */
  async attach(database: Database): Promise<() => Promise<void>> {
    return database.listen(INDICATOR_CHANNEL, (payload) => {
      const id = payload === null ? NaN : Number(payload);
      this.invalidate(Number.isInteger(id) ? id : null);
    });
  }
}
