/** The runner's public types: what a caller asks for and what it gets back. */
import type { Writable } from 'node:stream';
import type { RunLimits } from './limits.js';

export interface RunRequest {
  command: string;
  args: string[];
  /** The workspace: the run's working directory and the one place it may write (with `writablePaths`). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** More folders the run may write to (a cache, a build directory); missing ones are skipped. */
  writablePaths?: string[];
  /**
   * Folders the run reads that may live under /tmp (an interpreter's environment, a lesson pack): a sandbox
   * with a private /tmp binds them in read-only. Elsewhere everything outside /tmp is readable anyway.
   */
  readablePaths?: string[];
  limits?: Partial<RunLimits>;
  /** Allow the network (default false: the run gets its own empty network namespace where available). */
  network?: boolean;
  /** Written to the process's stdin, which is then closed; without it stdin is empty (/dev/null). */
  stdin?: string;
  /**
   * For a long-lived helper that reads requests (the warm checker): receives the process's open stdin to
   * write to as it likes. Exclusive with `stdin`.
   */
  onStdin?: (stdin: Writable) => void;
  /** Aborting it stops the run (the Stop button): the whole tree is killed and the outcome is 'stopped'. */
  signal?: AbortSignal;
  /**
   * Every chunk of output as it arrives (decoded as UTF-8, never splitting a character). It sees all the
   * output, uncapped: a live view must apply its own flow control; the result keeps only the tail.
   */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
}

export type RunOutcome =
  | 'exited'
  | 'crashed'
  | 'timeout'
  | 'cpu-limit'
  | 'memory-limit'
  | 'process-limit'
  | 'stopped'
  | 'failed-to-start';

/**
 * How a run is contained. `mechanism` 'none' is Windows, where no POSIX limits exist: only the wall-clock
 * timeout, Stop and the tree kill apply.
 */
export interface SandboxInfo {
  mechanism: 'bwrap' | 'unshare' | 'rlimits-only' | 'none';
  network: 'isolated' | 'host';
  filesystem: 'confined' | 'open';
  processes: 'pid-namespace' | 'watchdog';
}

export interface RunResult {
  outcome: RunOutcome;
  /** The program's exit code (null when a signal ended it or it never started). */
  exitCode: number | null;
  /** The signal that ended the program (decoded from bwrap's 128+N exit status too). */
  signal: NodeJS.Signals | null;
  /** One line for a person: "exited with code 1", "crashed with SIGSEGV (segmentation fault)", ... */
  summary: string;
  /** Tails of the output (see RunLimits.maxOutputBytes). */
  stdout: string;
  stderr: string;
  outputCapped: boolean;
  droppedBytes: number;
  durationMs: number;
  /** The containment this run actually had. */
  sandbox: SandboxInfo;
}
