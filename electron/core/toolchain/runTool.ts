/**
 * Runs one installer step (uv, pip, the new environment's python) as a cancellable child: it starts detached in
 * its own session so an abort can kill its whole tree (uv and pip start helpers: build backends, compilers),
 * and its output is read line by line for progress while only the tail is kept for error messages.
 */
import { execFile, spawn } from 'node:child_process';
import { killProcessTree } from '../terminal/processTree.js';
import { ProvisionError } from './provisionError.js';

export interface RunToolOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
  /** Each complete output line, as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Kills the tree when it runs longer (a stalled download must not hang provisioning forever). */
  timeoutMs?: number;
  /** What a cancellation stopped, for its message (default "provisioning"). */
  task?: string;
}

export interface RunToolResult {
  /** null when it could not be started or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why it did not run or finish (spawn error, timeout). */
  error?: string;
}

const KEEP_CHARS = 64 * 1024;

/** Throws the cancellation error when `signal` has fired: called between steps. */
export function throwIfCancelled(signal: AbortSignal | undefined, task = 'provisioning'): void {
  if (signal?.aborted) throw cancelled(task);
}

function cancelled(task: string): ProvisionError {
  return new ProvisionError('cancelled', `${task} was cancelled; nothing was left half-built`);
}

async function killTree(pid: number): Promise<void> {
  if (process.platform === 'win32') {
    // killProcessTree leaves Windows to conpty; a plain child needs taskkill's /T for its descendants.
    await new Promise<void>((resolve) => execFile('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true }, () => resolve()));
    return;
  }
  await killProcessTree(pid);
}

export function runTool(command: string, args: string[], options: RunToolOptions): Promise<RunToolResult> {
  throwIfCancelled(options.signal, options.task);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const output = { stdout: '', stderr: '' };
    const partialLine = { stdout: '', stderr: '' };
    let stopped: 'cancelled' | 'timeout' | null = null;
    let spawnError: string | undefined;

    const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output[stream] = (output[stream] + text).slice(-KEEP_CHARS);
      const lines = (partialLine[stream] + text).split(/\r\n|\n|\r/);
      partialLine[stream] = lines.pop() ?? '';
      for (const line of lines) options.onLine?.(line, stream);
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));

    const stop = (why: 'cancelled' | 'timeout'): void => {
      if (stopped || child.pid === undefined || child.exitCode !== null) return;
      stopped = why;
      void killTree(child.pid);
    };
    const onAbort = (): void => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = options.timeoutMs ? setTimeout(() => stop('timeout'), options.timeoutMs) : undefined;

    child.on('error', (err) => {
      spawnError = err.message;
    });
    // 'close' comes after the streams end, so every line has been delivered and the tree is gone or going.
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
      for (const stream of ['stdout', 'stderr'] as const) if (partialLine[stream]) options.onLine?.(partialLine[stream], stream);
      if (stopped === 'cancelled') {
        reject(cancelled(options.task ?? 'provisioning'));
        return;
      }
      const error = spawnError ?? (stopped === 'timeout' ? `did not finish within ${Math.round((options.timeoutMs ?? 0) / 1000)} s` : undefined);
      resolve({ code: spawnError || stopped ? null : code, ...output, ...(error ? { error } : {}) });
    });
  });
}
