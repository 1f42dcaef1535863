/**
 * The warm checker for one workspace: `pyforge_check.py serve` running inside the sandboxed runner, with pytest
 * (and hypothesis, numpy) already imported. Each check is one request line on its stdin; the server forks a
 * child that imports the student's files fresh, so a re-check costs ~90 ms instead of a new Python with
 * pytest's imports (~500 ms here). Checks run one at a time. Whatever kills the server (a fork bomb stopped
 * by the runner's watchdog, a memory limit) ends the running check with that reason; the next check starts a
 * new server.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { runSandboxed, type RunLimits, type RunOutcome, type RunResult } from '../runner/index.js';
import { LineSplitter, parseEventLine, type CheckerEvent } from './protocol.js';

export interface CheckRequest {
  testsDir: string;
  timeoutSeconds: number;
  /** Captured output kept per test (its tail); the checker's default is 8 KiB. */
  outputBytes?: number;
}

export interface CheckOutcome {
  events: CheckerEvent[];
  /** Set when the server itself ended (or stopped answering) during the check: its events then stop early. */
  runner: { outcome: RunOutcome; summary: string; stderr: string } | null;
  cancelled: boolean;
}

export interface WarmCheckerOptions {
  python: string;
  script: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
  limits: Partial<RunLimits>;
  /** More folders the checks may write to (a build cache). */
  writablePaths?: string[];
  /** The lesson packs' tests folders this checker may be asked to run (they must stay readable). */
  testsDirs?: string[];
}

/**
 * What a check reads besides the workspace: the interpreter's environment (bin/python's parent's parent), the
 * whole python-runtime folder the checker script lives in (the checker, and the vendored crates a PyO3 build
 * reads) and the tests. Bound read-only where the sandbox hides /tmp (an app or a clone living under /tmp).
 */
export function readablePathsFor(python: string, script: string, testsDirs: string[]): string[] {
  return [path.dirname(path.dirname(python)), path.dirname(path.dirname(script)), ...testsDirs];
}

/** A server lives this long (wall clock) at most; an idle one is stopped much sooner by its owner. */
const SERVER_LIFETIME_MS = 8 * 60 * 60_000;
/** Beyond the check's own timeout (which the server enforces), how long before the server is presumed stuck. */
const STUCK_GRACE_MS = 10_000;
const START_TIMEOUT_MS = 60_000;

interface Active {
  nonce: string;
  events: CheckerEvent[];
  onEvent: (event: CheckerEvent) => void;
  finish: (outcome: CheckOutcome) => void;
  cancelled: boolean;
}

export class WarmChecker {
  private stdin: Writable | null = null;
  private readonly abort = new AbortController();
  private active: Active | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private ended: RunResult | null = null;
  private readonly ready: Promise<void>;
  private stderrTail = '';
  lastUsed = Date.now();

  constructor(readonly options: WarmCheckerOptions) {
    let markReady!: () => void;
    let failReady!: (err: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => undefined);
    const startTimer = setTimeout(() => failReady(new Error('the checker did not start within 60 s')), START_TIMEOUT_MS);
    const lines = new LineSplitter((line) => {
      const parsed = parseEventLine(line);
      if (!parsed) return;
      if (parsed.nonce === 'server' && parsed.event.type === 'ready') {
        clearTimeout(startTimer);
        markReady();
        return;
      }
      const active = this.active;
      if (!active || parsed.nonce !== active.nonce) return;
      active.events.push(parsed.event);
      if (parsed.event.type === 'end') active.finish({ events: active.events, runner: null, cancelled: active.cancelled });
      else active.onEvent(parsed.event);
    });
    void runSandboxed({
      command: options.python,
      // Not -I: the toolchain's PYTHON* variables (UTF-8 mode, no bytecode files) must apply.
      args: ['-X', 'faulthandler', options.script, 'serve'],
      cwd: options.workspace,
      env: options.env,
      writablePaths: options.writablePaths ?? [],
      readablePaths: readablePathsFor(options.python, options.script, options.testsDirs ?? []),
      limits: { ...options.limits, timeoutMs: SERVER_LIFETIME_MS, maxOutputBytes: 64 * 1024 },
      signal: this.abort.signal,
      onStdin: (stdin) => (this.stdin = stdin),
      onOutput: (chunk, stream) => {
        if (stream === 'stdout') lines.push(chunk);
        else this.stderrTail = (this.stderrTail + chunk).slice(-8192);
      },
    }).then((result) => {
      clearTimeout(startTimer);
      this.ended = result;
      failReady(new Error(`the checker stopped: ${result.summary}${this.stderrTail ? `\n${this.stderrTail.trim()}` : ''}`));
      const active = this.active;
      if (active) active.finish({ events: active.events, runner: { outcome: result.outcome, summary: result.summary, stderr: this.stderrTail }, cancelled: active.cancelled });
    });
  }

  /** False once the server has ended (it cannot take more checks). */
  get alive(): boolean {
    return this.ended === null && !this.abort.signal.aborted;
  }

  /** Resolves when the server has imported everything and waits for requests. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Runs one check; `onEvent` sees each event as it arrives. Checks queue one after another. */
  check(request: CheckRequest, onEvent: (event: CheckerEvent) => void, signal?: AbortSignal): Promise<CheckOutcome> {
    const run = this.queue.then(() => this.runOne(request, onEvent, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runOne(request: CheckRequest, onEvent: (event: CheckerEvent) => void, signal?: AbortSignal): Promise<CheckOutcome> {
    this.lastUsed = Date.now();
    if (signal?.aborted) return { events: [], runner: null, cancelled: true };
    await this.ready;
    // Cancelled while the server was starting: an abort listener added now would never fire.
    if (signal?.aborted) return { events: [], runner: null, cancelled: true };
    if (!this.alive || !this.stdin) throw new Error('the checker is not running');
    const nonce = randomBytes(12).toString('hex');
    return new Promise<CheckOutcome>((resolve) => {
      let settled = false;
      const active: Active = {
        nonce,
        events: [],
        onEvent,
        cancelled: false,
        finish: (outcome) => {
          if (settled) return;
          settled = true;
          clearTimeout(stuck);
          signal?.removeEventListener('abort', onAbort);
          this.active = null;
          this.lastUsed = Date.now();
          resolve(outcome);
        },
      };
      // Cancel: the server kills the check's child and stays warm; if it does not answer, it is stopped.
      const onAbort = (): void => {
        active.cancelled = true;
        this.stdin?.write(`${JSON.stringify({ cancel: nonce })}\n`);
        setTimeout(() => !settled && this.dispose(), 3_000).unref();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const stuck = setTimeout(() => {
        const summary = `the checker did not answer within ${request.timeoutSeconds} s`;
        active.finish({ events: active.events, runner: { outcome: 'timeout', summary, stderr: this.stderrTail }, cancelled: false });
        this.dispose();
      }, request.timeoutSeconds * 1000 + STUCK_GRACE_MS);
      this.active = active;
      this.stdin!.write(`${JSON.stringify({ tests: request.testsDir, workspace: this.options.workspace, timeout: request.timeoutSeconds, nonce, outputBytes: request.outputBytes })}\n`);
    });
  }

  /** Stops the server and everything it started. */
  dispose(): void {
    this.abort.abort();
  }
}
