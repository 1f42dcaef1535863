/**
 * The checker's event protocol (python-runtime/checker/pyforge_check.py): one line per event on stdout,
 * `@@pyforge:<nonce> {json}`. The nonce is new for every check, so a line printed by student code can never
 * pass for an event of the check that is running. Pure: parsing and line splitting only.
 */
import type { CheckTest } from '../api.js';

export type CheckerEvent =
  | { type: 'ready'; protocol: number; python: string }
  | { type: 'start'; total: number }
  | {
      type: 'collect-error';
      nodeid?: string;
      message: string;
      details?: string;
      workspaceFile?: string;
      workspaceLine?: number;
    }
  | ({ type: 'test' } & CheckTest)
  | { type: 'done'; exitCode: number; counts: Record<'passed' | 'failed' | 'error' | 'skipped', number> }
  | { type: 'end'; exitCode: number | null; signal: number | null; timedOut: boolean; durationMs: number; strayOutput: string };

const PREFIX = '@@pyforge:';

/** The event on a line, with the nonce it carries; null for any other line. */
export function parseEventLine(line: string): { nonce: string; event: CheckerEvent } | null {
  if (!line.startsWith(PREFIX)) return null;
  const space = line.indexOf(' ', PREFIX.length);
  if (space < 0) return null;
  try {
    const event = JSON.parse(line.slice(space + 1)) as CheckerEvent;
    if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') return null;
    return { nonce: line.slice(PREFIX.length, space), event };
  } catch {
    return null;
  }
}

/** Splits a stream of text chunks into complete lines (the last partial line waits for the next chunk). */
export class LineSplitter {
  private partial = '';
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}
