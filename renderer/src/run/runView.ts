/**
 * How F5 reads on screen: which files it runs, the summary line ("Crashed with SIGSEGV (segmentation fault)"),
 * the tab's status symbol, and the traceback's place as a diagnostic. Pure, so it is unit-tested.
 */
import type { RunResult } from '../../../electron/core/api';
import { formatDuration, type SummaryStatus } from '../checks/checkView';
import type { Diagnostic } from '../editor/diagnostics';
import type { RunSnapshot } from './runStore';

export const RUN_SOURCE = 'run';
/** The owner of the traceback's marker in Monaco. */
export const RUN_MARKER_OWNER = 'pyforge-run';

/** F5 runs Python files (the host refuses anything else). */
export function isRunnable(path: string | null): path is string {
  return path !== null && /\.py$/i.test(path);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Why F5 did nothing, for the notice. */
export function notRunnableMessage(path: string | null): string {
  return path === null ? 'Open a Python file to run it with F5.' : `${baseName(path)} is not a Python file: F5 runs .py files.`;
}

/** The host's "crashed with SIGSEGV (segmentation fault)" as a sentence, with how long it ran. */
export function runSummaryText(result: RunResult): string {
  const summary = result.summary.charAt(0).toUpperCase() + result.summary.slice(1);
  return result.outcome === 'failed-to-start' ? summary : `${summary} · ${formatDuration(result.durationMs)}`;
}

export type RunOutcome = RunResult['outcome'] | 'running';

/** What the views below need of the store's snapshot (not its output, which changes with every chunk). */
export type RunState = Pick<RunSnapshot, 'running' | 'result'>;

export function runOutcome(snapshot: RunState): RunOutcome | null {
  return snapshot.running ? 'running' : (snapshot.result?.outcome ?? null);
}

/**
 * The tab's symbol: exit code 0 passed; another code or a crash failed (the program's own doing); a limit,
 * a timeout or a failure to start is an error (the run could not finish); Stop cancelled.
 */
export function runTabStatus(snapshot: RunState): SummaryStatus {
  if (snapshot.running) return 'running';
  const result = snapshot.result;
  if (!result) return 'none';
  switch (result.outcome) {
    case 'exited':
      return result.exitCode === 0 ? 'passed' : 'failed';
    case 'crashed':
      return 'failed';
    case 'stopped':
      return 'cancelled';
    default:
      return 'error';
  }
}

/** Where the last run's traceback points in the student's files; nothing while a run goes on. */
export function runDiagnostics(snapshot: RunState): Diagnostic[] {
  const traceback = snapshot.running ? undefined : snapshot.result?.traceback;
  if (!traceback) return [];
  return [{ source: RUN_SOURCE, file: traceback.file, line: traceback.line, severity: 'error', message: traceback.message || 'raised an exception' }];
}
