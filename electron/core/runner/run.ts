/**
 * Runs one command in the sandbox: spawn the wrapped command, stream and cap its output, enforce the wall-clock
 * timeout, Stop and the watchdog, kill the whole tree however the run ends, and classify the result.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { classifyRun, type KillReason, type RunFacts } from './classify.js';
import { killRunTree } from './killTree.js';
import { resolveLimits, type RunLimits } from './limits.js';
import { OutputTail, type OutputStream } from './outputTail.js';
import { resolveCommand } from './resolveCommand.js';
import { buildSandboxCommand, type Containment, type SandboxCommand } from './sandboxCommand.js';
import type { RunRequest, RunResult } from './types.js';
import { startWatchdog, type Watchdog } from './watchdog.js';

/**
 * After the program exits and its tree is killed, its pipes close at once. Only a process that escaped the
 * tree (setsid + double fork, outside a PID namespace) can hold them open: stop reading after this long.
 */
const STDIO_CLOSE_GRACE_MS = 1_000;
/** bwrap reports its namespace's init within milliseconds of starting; do not let a kill wait longer for it. */
const NAMESPACE_INFO_WAIT_MS = 1_000;

/** PyForge's own secrets. toolchainEnv already strips them; the runner drops them again, defensively. */
const PRIVATE_ENV = /^PYFORGE_(TOKEN$|SECRET)/;

function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key, value]) => value !== undefined && !PRIVATE_ENV.test(key)));
}

async function existingRealPaths(paths: string[]): Promise<string[]> {
  const real = await Promise.all(paths.map((p) => fs.realpath(p).catch(() => null)));
  return real.filter((p): p is string => p !== null);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Reads bwrap's --info-fd report: the host pid of the namespace's init. */
function readNamespaceInit(stream: Readable | null | undefined): Promise<number | undefined> {
  if (!stream) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      const match = /"child-pid"\s*:\s*(\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    stream.on('error', () => resolve(undefined));
    stream.on('close', () => resolve(undefined));
  });
}

interface NotRun {
  plan: SandboxCommand;
  limits: RunLimits;
  command: string;
  started: number;
}

function notRunResult({ plan, limits, command, started }: NotRun, facts: { startError?: string; stopped?: boolean }): RunResult {
  const classification = classifyRun({
    exitCode: null,
    signal: null,
    killedBecause: facts.stopped ? 'stopped' : null,
    exitCodeEncodesSignal: false,
    couldHaveHitCpuLimit: false,
    stderrTail: '',
    limits,
    droppedBytes: 0,
    command,
    ...(facts.startError !== undefined ? { startError: facts.startError } : {}),
  });
  return {
    ...classification,
    stdout: '',
    stderr: '',
    outputCapped: false,
    droppedBytes: 0,
    durationMs: Math.round(performance.now() - started),
    sandbox: plan.sandbox,
  };
}

/** runSandboxed with the containment given (index.ts passes the detected one; tests force a fallback). */
export async function runWithContainment(request: RunRequest, containment: Containment): Promise<RunResult> {
  const started = performance.now();
  const limits = resolveLimits(request.limits);
  const posix = process.platform !== 'win32';
  const cwd = await fs.realpath(request.cwd).catch(() => null);
  const cwdIsDir = cwd !== null && (await fs.stat(cwd)).isDirectory();
  const plan = buildSandboxCommand({
    command: request.command,
    args: request.args,
    cwd: cwd ?? path.resolve(request.cwd),
    writablePaths: await existingRealPaths(request.writablePaths ?? []),
    readablePaths: await existingRealPaths(request.readablePaths ?? []),
    limits,
    network: request.network ?? false,
    containment,
  });
  const notRun: NotRun = { plan, limits, command: request.command, started };
  if (request.signal?.aborted) return notRunResult(notRun, { stopped: true });
  if (!cwd || !cwdIsDir) return notRunResult(notRun, { startError: `the folder ${request.cwd} does not exist` });
  const env = childEnv(request.env);
  if (posix) {
    const lookup = await resolveCommand(request.command, cwd, env);
    if (!lookup.found) return notRunResult(notRun, { startError: lookup.reason });
  }

  const stdio: StdioOptions = [request.stdin === undefined && !request.onStdin ? 'ignore' : 'pipe', 'pipe', 'pipe'];
  if (plan.infoFd !== undefined) stdio[plan.infoFd] = 'pipe';
  // detached: the child leads a new session and process group, which is how its whole tree is found and killed.
  const child = spawn(plan.file, plan.args, { cwd, env, stdio, detached: posix, windowsHide: true });
  const spawnStarted = performance.now();
  const failedToSpawn = new Promise<NodeJS.ErrnoException>((resolve) => child.once('error', resolve));
  if (child.pid === undefined) {
    const error = await failedToSpawn;
    return notRunResult(notRun, { startError: error.code === 'ENOENT' ? 'not found' : error.message });
  }
  const root = child.pid;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const namespaceInit = plan.infoFd !== undefined ? readNamespaceInit(child.stdio[plan.infoFd] as Readable | null) : Promise.resolve(undefined);

  // Killing: the first reason wins. Concurrent requests share one kill of the tree; once it is done, a later
  // one (the final cleanup, the timeout after a Stop) sweeps again for anything that escaped it.
  let killedBecause: KillReason | null = null;
  let rootExited = false;
  let killing: Promise<void> | null = null;
  let killError: unknown = null;
  const kill = (reason: KillReason | null): Promise<void> => {
    if (reason && !killedBecause && !rootExited) killedBecause = reason;
    if (!killing) {
      const exitedBefore = rootExited;
      const current = (async () => {
        const init = await Promise.race([namespaceInit, sleep(NAMESPACE_INFO_WAIT_MS).then(() => undefined)]);
        await killRunTree({ root, rootExited: exitedBefore, ...(init !== undefined ? { namespaceInit: init } : {}) });
      })().catch((error: unknown) => {
        // Reported when the run ends: a kill that failed (no /proc, no `ps`) must not pass silently.
        killError ??= error;
      });
      killing = current;
      if (!exitedBefore) void current.finally(() => (killing = null));
    }
    return killing;
  };

  // Output: everything to onOutput as it comes, the tail into the result.
  const tail = new OutputTail(limits.maxOutputBytes);
  let callbackError: unknown = null;
  const listen = (stream: OutputStream, source: Readable | null): void => {
    if (!source) return;
    const decoder = new StringDecoder('utf8');
    const deliver = (text: string): void => {
      if (!request.onOutput || text === '' || callbackError !== null) return;
      try {
        request.onOutput(text, stream);
      } catch (error) {
        // A broken consumer must not leave an unsupervised run behind: stop it, and report the error.
        callbackError = error;
        void kill('stopped');
      }
    };
    source.on('data', (chunk: Buffer) => {
      tail.push(stream, chunk);
      deliver(decoder.write(chunk));
    });
    source.on('end', () => deliver(decoder.end()));
  };
  listen('stdout', child.stdout);
  listen('stderr', child.stderr);
  if (request.stdin !== undefined && child.stdin) {
    child.stdin.on('error', () => undefined); // EPIPE: the program exited without reading all of it
    child.stdin.end(request.stdin);
  } else if (request.onStdin && child.stdin) {
    child.stdin.on('error', () => undefined); // EPIPE: written after the program ended
    request.onStdin(child.stdin);
  }

  const timer = setTimeout(() => void kill('timeout'), limits.timeoutMs);
  const onAbort = (): void => void kill('stopped');
  request.signal?.addEventListener('abort', onAbort, { once: true });
  const watchdog: Watchdog | null = posix
    ? startWatchdog({
        root,
        maxProcesses: limits.maxProcesses,
        memoryBytes: limits.memoryBytes,
        wrapperProcesses: plan.wrapperProcesses,
        namespaceInit,
        onViolation: (violation) => void kill(violation),
      })
    : null;

  const status = await exited;
  const durationMs = Math.round(performance.now() - spawnStarted);
  rootExited = true;
  clearTimeout(timer);
  request.signal?.removeEventListener('abort', onAbort);
  watchdog?.stop();
  await kill(null); // whatever the program left running dies with it
  await Promise.race([closed, sleep(STDIO_CLOSE_GRACE_MS)]);
  for (const stream of child.stdio) stream?.destroy();
  if (callbackError !== null) throw callbackError;
  if (killError !== null) throw killError;

  const output = tail.finish();
  const facts: RunFacts = {
    exitCode: status.code,
    signal: status.signal,
    killedBecause,
    exitCodeEncodesSignal: plan.sandbox.mechanism === 'bwrap',
    // A process needs at least cpuSeconds / cores of wall time to use cpuSeconds of CPU.
    couldHaveHitCpuLimit: durationMs * os.availableParallelism() >= limits.cpuSeconds * 1000,
    stderrTail: output.stderr,
    limits,
    droppedBytes: output.droppedBytes,
    command: request.command,
  };
  return {
    ...classifyRun(facts),
    stdout: output.stdout,
    stderr: output.stderr,
    outputCapped: output.capped,
    droppedBytes: output.droppedBytes,
    durationMs,
    sandbox: plan.sandbox,
  };
}
