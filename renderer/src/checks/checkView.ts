/**
 * How a check's state reads on screen: the status symbols (never colour alone), the header's one-line summary
 * and the shortcut's name on this platform. Pure, so the wording is unit-tested.
 */
import type { CheckResult, CheckTest } from '../../../electron/core/api';
import type { CheckSnapshot } from './checkStore';

export type RowStatus = CheckTest['status'];
export type SummaryStatus = CheckResult['status'] | 'running' | 'none';

export const STATUS_SYMBOL: Record<RowStatus | SummaryStatus, string> = {
  passed: '✓',
  failed: '✗',
  error: '!',
  skipped: '–',
  cancelled: '■',
  running: '…',
  none: '○',
};

export const STATUS_LABEL: Record<RowStatus | SummaryStatus, string> = {
  passed: 'passed',
  failed: 'failed',
  error: 'error',
  skipped: 'skipped',
  cancelled: 'cancelled',
  running: 'running',
  none: 'not checked yet',
};

export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

export const CHECK_SHORTCUT_LABEL = isMac() ? '⌘+Enter' : 'Ctrl+Enter';

export interface SummaryView {
  status: SummaryStatus;
  text: string;
}

export function summaryView(snapshot: CheckSnapshot | null, shortcut = CHECK_SHORTCUT_LABEL): SummaryView {
  if (!snapshot) return { status: 'none', text: 'Open an exercise to check your work.' };
  const { live, last } = snapshot;
  if (live?.building) return { status: 'running', text: 'Building…' };
  if (live) {
    const progress = live.total !== null ? ` ${Math.min(live.tests.length, live.total)} / ${live.total}` : '';
    return { status: 'running', text: `Checking…${progress}` };
  }
  if (last) return { status: last.result.status, text: last.result.summary };
  return { status: 'none', text: `Not checked yet: press Check or ${shortcut}.` };
}

export function formatDuration(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

export function formatLocation(file: string, line?: number): string {
  return line ? `${file}:${line}` : file;
}

/** "12:04:31": when a history entry finished, in the student's locale. */
export function formatTime(at: number): string {
  return new Date(at).toLocaleTimeString();
}
