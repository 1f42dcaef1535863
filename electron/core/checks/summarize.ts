/**
 * Turns what a check produced (the checker's events, how its process ended, what the runner saw) into the one
 * result the student reads. A check that could not run is an error that says why (a syntax error at its
 * line, a timeout, a crash with its signal, a limit), never "0 tests". Pure, so every case is unit-tested.
 */
import type { CheckProblem, CheckResult, CheckTest } from '../api.js';
import type { RunOutcome } from '../runner/index.js';
import type { CheckerEvent } from './protocol.js';

type Collected = Extract<CheckerEvent, { type: 'collect-error' }>;
type End = Extract<CheckerEvent, { type: 'end' }>;
type Done = Extract<CheckerEvent, { type: 'done' }>;

export interface CheckFacts {
  runId: string;
  lessonId: string;
  exerciseId: string;
  tests: CheckTest[];
  collectErrors: Collected[];
  done: Done | null;
  end: End | null;
  /** How the checker process itself ended, when it did (the warm server dies with a fork bomb, say). */
  runner: { outcome: RunOutcome; summary: string; stderr: string } | null;
  timeoutSeconds: number;
  cancelled: boolean;
  durationMs: number;
}

const SIGNALS: Record<number, string> = { 4: 'SIGILL', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' };
const SIGNAL_MEANING: Record<string, string> = {
  SIGSEGV: 'segmentation fault: an invalid memory access, usually in native code',
  SIGABRT: 'aborted: an assertion in native code, or a fatal interpreter error',
  SIGBUS: 'bus error: a misaligned or invalid memory access',
  SIGFPE: 'arithmetic error, such as an integer division by zero in native code',
  SIGILL: 'illegal instruction',
  SIGKILL: 'killed, usually for using too much memory',
};

function count(tests: CheckTest[]): CheckResult['counts'] {
  const counts = { passed: 0, failed: 0, error: 0, skipped: 0 };
  for (const t of tests) counts[t.status] += 1;
  return counts;
}

/** The problem that kept the checks from running or finishing, if any. */
function findProblem(f: CheckFacts): CheckProblem | null {
  if (f.end?.timedOut) {
    const running = f.tests.length > 0 ? ` after ${f.tests.length} test${f.tests.length === 1 ? '' : 's'}` : '';
    return { kind: 'timeout', message: `The checks did not finish within ${f.timeoutSeconds} s${running} and were stopped: is there an endless loop, or a wait that never ends?` };
  }
  if (f.end?.signal) {
    const name = SIGNALS[f.end.signal] ?? `signal ${f.end.signal}`;
    const meaning = SIGNAL_MEANING[name];
    return { kind: 'crash', message: `The checks crashed with ${name}${meaning ? ` (${meaning})` : ''}.`, ...(f.end.strayOutput ? { details: f.end.strayOutput } : {}) };
  }
  if (!f.end && f.runner && f.runner.outcome !== 'exited') {
    const kind = f.runner.outcome === 'timeout' ? 'timeout' : f.runner.outcome === 'crashed' ? 'crash' : 'limit';
    const what: Partial<Record<RunOutcome, string>> = {
      'process-limit': 'The checks started too many processes (a fork bomb?) and were stopped',
      'memory-limit': 'The checks used more memory than allowed and were stopped',
      'cpu-limit': 'The checks used more CPU time than allowed and were stopped',
      timeout: `The checks did not finish within ${f.timeoutSeconds} s and were stopped`,
      'failed-to-start': 'The checker could not start',
    };
    return { kind, message: `${what[f.runner.outcome] ?? 'The checker ended unexpectedly'}: ${f.runner.summary}`, ...(f.runner.stderr ? { details: f.runner.stderr } : {}) };
  }
  const collect = f.collectErrors[0];
  if (collect) {
    const where = collect.workspaceFile ? ` in ${collect.workspaceFile}${collect.workspaceLine ? ` at line ${collect.workspaceLine}` : ''}` : '';
    return {
      kind: 'collect-error',
      message: `The checks could not load your code${where}: ${collect.message}`,
      ...(collect.details ? { details: collect.details } : {}),
      ...(collect.workspaceFile ? { workspaceFile: collect.workspaceFile } : {}),
      ...(collect.workspaceLine ? { workspaceLine: collect.workspaceLine } : {}),
    };
  }
  const exit = f.done?.exitCode ?? f.end?.exitCode ?? null;
  if (exit === null || exit === undefined) {
    const stderr = f.runner?.stderr ? `: ${f.runner.stderr.trim().split('\n').slice(-3).join(' ')}` : '';
    return { kind: 'setup', message: `The checker ended without reporting a result${stderr}` };
  }
  // pytest: 0 all passed, 1 some failed, 5 no tests collected; 2-4 the run itself broke.
  if (exit === 5 || (f.tests.length === 0 && exit === 0)) return { kind: 'no-tests', message: 'The lesson pack has no checks for this exercise: tell the course author.' };
  if (exit >= 2) {
    const stray = f.end?.strayOutput?.trim();
    return { kind: 'setup', message: `The checks could not run (pytest exit code ${exit})${stray ? `: ${stray.split('\n').slice(-2).join(' ')}` : ''}` };
  }
  return null;
}

export function summarize(f: CheckFacts): CheckResult {
  const counts = count(f.tests);
  const base = {
    runId: f.runId,
    lessonId: f.lessonId,
    exerciseId: f.exerciseId,
    tests: f.tests,
    counts,
    durationMs: Math.round(f.durationMs),
    ...(f.end?.strayOutput ? { strayOutput: f.end.strayOutput } : {}),
  };
  if (f.cancelled) return { ...base, status: 'cancelled', summary: 'Check cancelled' };
  const problem = findProblem(f);
  if (problem) return { ...base, status: 'error', summary: problem.message, problem };
  const total = f.tests.length - counts.skipped;
  if (counts.failed + counts.error === 0) return { ...base, status: 'passed', summary: `All ${total} check${total === 1 ? '' : 's'} pass` };
  return { ...base, status: 'failed', summary: `${counts.passed} of ${total} checks pass` };
}
