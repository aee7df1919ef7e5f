// Which screen of the wizard an import's status calls for. Pure, so the rules can be read in one place.
import type { ImportStatus, ImportView } from '../api/get-import.ts';

/** What the screen asked the server to do last, and the status the import had at that moment. */
export interface Expectation {
  kind: 'dry-run' | 'commit';
  from: ImportStatus;
}

export type TrackView = 'checking' | 'checked' | 'committing' | 'committed' | 'not-committed' | 'failed' | 'stale';

const DRY_RUN_DONE: readonly ImportStatus[] = ['checked', 'failed', 'committed', 'not_committed'];
const COMMIT_DONE: readonly ImportStatus[] = ['committed', 'not_committed', 'failed'];

export function trackView(view: ImportView, expecting: Expectation | null): TrackView {
  const { status } = view;
  if (expecting) {
    // The background job may not have started when the first answer arrives: until the status
    // moves, the old one says nothing about the new job.
    const started = status !== expecting.from;
    if (expecting.kind === 'dry-run') {
      if (!started || !DRY_RUN_DONE.includes(status)) return 'checking';
    } else if (!started || !COMMIT_DONE.includes(status)) {
      return 'committing';
    }
  }
  switch (status) {
    case 'uploaded':
      return 'stale';
    case 'staging':
    case 'checking':
      return 'checking';
    case 'staged':
      // Staged and still working (the dry run's counting) or staged and left there.
      return view.phase ? 'checking' : 'checked';
    case 'checked':
      return 'checked';
    case 'committing':
      return 'committing';
    case 'committed':
      return 'committed';
    case 'not_committed':
      return 'not-committed';
    case 'failed':
      return 'failed';
  }
}

export function isWaiting(view: TrackView): boolean {
  return view === 'checking' || view === 'committing';
}

/**
 * About how many data rows a CSV file holds, from its size and the sample rows: enough for a
 * progress bar. Unknown (null) for XLSX, whose compressed size says little about its rows.
 */
export function estimateRows(input: {
  fileSize: number;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  headers: string[];
  sample: string[][];
}): number | null {
  if (input.format !== 'csv' || input.sample.length === 0 || input.fileSize <= 0) return null;
  const bytesPerChar = input.encoding?.toLowerCase().startsWith('utf-16') ? 2 : 1;
  const sep = (input.delimiter ?? ',').length;
  const lineChars = (cells: string[]) => cells.reduce((n, c) => n + c.length, 0) + sep * Math.max(0, cells.length - 1) + 2;
  const avg = (input.sample.reduce((n, r) => n + lineChars(r), 0) / input.sample.length) * bytesPerChar;
  const headerBytes = lineChars(input.headers) * bytesPerChar;
  if (avg <= 0) return null;
  return Math.max(1, Math.round((input.fileSize - headerBytes) / avg));
}
