/**
 * Turns how a run ended into an outcome and one line for a person. Pure: the runner gathers the facts
 * (exit status, why it killed the run, the stderr tail), this decides what they mean.
 */
import { constants } from 'node:os';
import type { RunLimits } from './limits.js';
import type { RunOutcome } from './types.js';
import { formatAmount, formatDuration, formatLimitBytes } from './units.js';

/** Why the runner itself killed the run; the first reason wins. */
export type KillReason = 'timeout' | 'stopped' | 'process-limit' | 'memory-limit';

export interface RunFacts {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The runner killed the run, and why. */
  killedBecause: KillReason | null;
  /**
   * The exit code may be a wrapper's report of a signal: bwrap (its init) exits with 128+N when the program
   * dies of signal N, so a segfault arrives as exit code 139.
   */
  exitCodeEncodesSignal: boolean;
  /** The run lived long enough to have used `cpuSeconds` of CPU (so an unexplained SIGKILL is RLIMIT_CPU's hard limit). */
  couldHaveHitCpuLimit: boolean;
  stderrTail: string;
  limits: RunLimits;
  droppedBytes: number;
  /** What the program was, for "could not start X". */
  command: string;
  /** Set when the program never ran: "not found", "permission denied", ... */
  startError?: string;
}

export interface Classification {
  outcome: RunOutcome;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  summary: string;
}

/** What each signal means, for the summary. The first group are crashes of the program itself. */
const CRASH_SIGNALS: Partial<Record<NodeJS.Signals, string>> = {
  SIGSEGV: 'segmentation fault',
  SIGBUS: 'bus error',
  SIGABRT: 'aborted',
  SIGFPE: 'arithmetic error',
  SIGILL: 'illegal instruction',
  SIGSYS: 'bad system call',
  SIGTRAP: 'trace trap',
};
const OTHER_SIGNALS: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGINT: 'interrupted',
  SIGHUP: 'hangup',
  SIGPIPE: 'broken pipe',
  SIGQUIT: 'quit',
  SIGXFSZ: 'file size limit exceeded',
  SIGXCPU: 'CPU time limit exceeded',
};

const MEMORY_ERROR = /\bMemoryError\b/;

/** The signal whose number is `n` on this platform, or null. */
export function signalName(n: number, table: Record<string, number> = constants.signals): NodeJS.Signals | null {
  const entry = Object.entries(table).find(([, value]) => value === n);
  return entry ? (entry[0] as NodeJS.Signals) : null;
}

function describeSignal(signal: NodeJS.Signals): string {
  const meaning = CRASH_SIGNALS[signal] ?? OTHER_SIGNALS[signal];
  return meaning ? `${signal} (${meaning})` : signal;
}

function baseClassification(facts: RunFacts): Classification {
  const { limits } = facts;
  let { exitCode, signal } = facts;
  if (facts.startError !== undefined) {
    return { outcome: 'failed-to-start', exitCode: null, signal: null, summary: `could not start ${facts.command}: ${facts.startError}` };
  }
  if (signal === null && exitCode !== null && facts.exitCodeEncodesSignal && exitCode > 128) {
    const decoded = signalName(exitCode - 128);
    if (decoded) {
      signal = decoded;
      exitCode = null;
    }
  }
  switch (facts.killedBecause) {
    case 'stopped':
      return { outcome: 'stopped', exitCode, signal, summary: 'stopped' };
    case 'timeout':
      return {
        outcome: 'timeout',
        exitCode,
        signal,
        summary: `timed out after ${formatDuration(limits.timeoutMs)}; the whole process tree was killed`,
      };
    case 'process-limit':
      return {
        outcome: 'process-limit',
        exitCode,
        signal,
        summary: `started more than ${limits.maxProcesses} processes; the whole process tree was killed`,
      };
    case 'memory-limit':
      return {
        outcome: 'memory-limit',
        exitCode,
        signal,
        summary: `its processes together hit the memory limit (${formatLimitBytes(limits.memoryBytes)}); the whole process tree was killed`,
      };
    case null:
      break;
  }
  const cpuLimit = `hit the CPU time limit (${formatDuration(Math.ceil(limits.cpuSeconds) * 1000)})`;
  if (signal !== null) {
    if (signal === 'SIGXCPU' || (signal === 'SIGKILL' && facts.couldHaveHitCpuLimit)) {
      return { outcome: 'cpu-limit', exitCode, signal, summary: cpuLimit };
    }
    if (signal === 'SIGXFSZ') {
      return { outcome: 'crashed', exitCode, signal, summary: `hit the file size limit (${formatLimitBytes(limits.maxFileBytes)})` };
    }
    const verb = CRASH_SIGNALS[signal] ? 'crashed with' : 'was killed by';
    return { outcome: 'crashed', exitCode, signal, summary: `${verb} ${describeSignal(signal)}` };
  }
  if (exitCode !== null && exitCode !== 0 && MEMORY_ERROR.test(facts.stderrTail)) {
    return { outcome: 'memory-limit', exitCode, signal, summary: `hit the memory limit (${formatLimitBytes(limits.memoryBytes)})` };
  }
  return { outcome: 'exited', exitCode, signal, summary: `exited with code ${exitCode ?? 'unknown'}` };
}

export function classifyRun(facts: RunFacts): Classification {
  const result = baseClassification(facts);
  if (facts.droppedBytes > 0) {
    result.summary += `; output capped: kept the last ${formatLimitBytes(facts.limits.maxOutputBytes)}, dropped ${formatAmount(facts.droppedBytes)}`;
  }
  return result;
}
