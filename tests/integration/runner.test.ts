/**
 * The sandboxed runner with real processes: limits, kills, output cap, confinement. Tests that do not depend
 * on bwrap run under the detected sandbox and again under the rlimits-only fallback, so the fallback is
 * proven on every machine, and each fork bomb is checked for leftovers by a tag in its command line.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, detectSandbox, runSandboxed, type RunRequest, type RunResult } from '../../electron/core/runner/index.js';
import { runWithContainment } from '../../electron/core/runner/run.js';
import { namespaceProcesses } from '../../electron/core/runner/watchdog.js';
import type { Containment } from '../../electron/core/runner/sandboxCommand.js';
import { listProcesses } from '../../electron/core/terminal/processTree.js';
import { findPython } from '../../electron/core/toolchain/python.js';
import { commandLine, isRunning } from '../helpers/procs.js';
import { exists, removeDir, useTempDirs } from '../helpers/temp.js';
import { waitFor } from '../helpers/wait.js';

const tempDir = useTempDirs('pyforge-runner-');
const detected = await detectSandbox();
const bwrap = detected.mechanism === 'bwrap';
let python = 'python3';

beforeAll(async () => {
  const found = await findPython();
  expect(found, 'python3 must be installed for the integration tests').not.toBeNull();
  python = found!.executable; // the real binary, not a pyenv shim (~120 ms a start)
});

const RLIMITS_ONLY: Containment = {
  info: { mechanism: 'rlimits-only', network: 'host', filesystem: 'open', processes: 'watchdog' },
  nprocRlimit: false,
  shell: '/bin/sh',
};

type Mode = 'detected' | 'rlimits-only';
const MODES: Mode[] = ['detected', 'rlimits-only'];

function run(mode: Mode, request: RunRequest): Promise<RunResult> {
  return mode === 'detected' ? runSandboxed(request) : runWithContainment(request, RLIMITS_ONLY);
}

/** A request for `python3 -c code` in a fresh workspace. */
async function py(code: string, extra: Partial<RunRequest> = {}): Promise<RunRequest> {
  return { command: python, args: ['-c', code], cwd: await tempDir(), env: { ...process.env }, ...extra };
}

/** A tag that is unique to one test, to find its processes by command line. */
function uniqueTag(): string {
  return `pyforgetag${randomBytes(6).toString('hex')}`;
}

/** Running processes (zombies excluded) whose command line contains `tag` (or is exactly `exact`), as "pid: cmd". */
async function processesTagged(tag: string, { exact = false } = {}): Promise<string[]> {
  const found = await Promise.all(
    (await listProcesses()).map(async (p) => {
      if (p.pid === process.pid) return null;
      const cmd = await commandLine(p.pid);
      const match = exact ? cmd === tag : cmd.includes(tag);
      return match && (await isRunning(p.pid)) ? `${p.pid}: ${cmd}` : null;
    }),
  );
  return found.filter((x): x is string => x !== null);
}

/** Resolves once a process whose command line is exactly `cmd` runs; rejects after 10 s. */
function seen(cmd: string): Promise<string[]> {
  return waitFor(
    async () => {
      const found = await processesTagged(cmd, { exact: true });
      return found.length > 0 ? found : null;
    },
    { what: cmd },
  );
}

describe.each(MODES)('runner (%s)', (mode) => {
  it('runs a program and reports its exit code and output', async () => {
    const result = await run(mode, await py('import sys; print("out"); print("err", file=sys.stderr); sys.exit(3)'));
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 3, signal: null, summary: 'exited with code 3' });
    expect(result.stdout).toBe('out\n');
    expect(result.stderr).toBe('err\n');
    expect(result.outputCapped).toBe(false);
    expect(result.sandbox.mechanism).toBe(mode === 'detected' ? detected.mechanism : 'rlimits-only');
  });

  it('applies the rlimits to the program', async () => {
    const limits = { memoryBytes: 512 * 2 ** 20, cpuSeconds: 7, maxFileBytes: 2 ** 20 };
    const script = 'echo $(ulimit -v) $(ulimit -S -t) $(ulimit -H -t) $(ulimit -f) $(ulimit -c)';
    const result = await run(mode, { command: '/bin/sh', args: ['-c', script], cwd: await tempDir(), env: { ...process.env }, limits });
    expect(result.stdout).toBe(`${512 * 1024} 7 8 ${2 ** 20 / 512} 0\n`);
  });

  it('a write past the file size limit fails', async () => {
    const code = 'try:\n    open("big", "wb").write(b"x" * 2**21)\nexcept OSError as e:\n    print("refused", e.errno == __import__("errno").EFBIG)';
    const request = await py(code, { limits: { maxFileBytes: 2 ** 20 } });
    const result = await run(mode, request);
    expect(result.stdout).toBe('refused True\n');
    expect((await fs.stat(path.join(request.cwd, 'big'))).size).toBe(2 ** 20);
  });

  it('kills an infinite loop at the wall-clock timeout', async () => {
    const result = await run(mode, await py('while True: pass', { limits: { timeoutMs: 1500 } }));
    expect(result.outcome).toBe('timeout');
    expect(result.summary).toBe('timed out after 1.5 s; the whole process tree was killed');
    expect(result.durationMs).toBeGreaterThanOrEqual(1400);
    expect(result.durationMs).toBeLessThan(5000);
  });

  it('stops an infinite loop at the CPU limit when that comes first', async () => {
    const result = await run(mode, await py('while True: pass', { limits: { cpuSeconds: 1, timeoutMs: 8000 } }));
    expect(result.outcome).toBe('cpu-limit');
    expect(result.signal).toBe('SIGXCPU');
    expect(result.summary).toBe('hit the CPU time limit (1 s)');
    expect(result.durationMs).toBeLessThan(5000);
  });

  it('kills a sleeping program at the timeout', async () => {
    const result = await run(mode, await py('import time; time.sleep(1000)', { limits: { timeoutMs: 1000 } }));
    expect(result.outcome).toBe('timeout');
    expect(result.durationMs).toBeGreaterThanOrEqual(900);
    expect(result.durationMs).toBeLessThan(4000);
  });

  it('turns a 4 GiB allocation into memory-limit under the default limit', async () => {
    const result = await run(mode, await py('x = bytearray(4 * 2**30)'));
    expect(result.outcome).toBe('memory-limit');
    expect(result.summary).toBe('hit the memory limit (1 GiB)');
    expect(result.stderr).toContain('MemoryError');
  });

  it('a program within the memory limit is not affected by it', async () => {
    // numpy + scipy need 384 MiB of address space: 512 MiB of real data must fit under the 1 GiB default.
    const result = await run(mode, await py('x = b"\\x01" * (512 * 2**20); print(len(x))'));
    expect(result.outcome).toBe('exited');
    expect(result.stdout).toBe(`${512 * 2 ** 20}\n`);
  });

  it('kills a tree whose processes together exceed the memory limit', async () => {
    // Each child holds 150 MiB (written, so resident), under the 400 MiB per-process limit; four exceed it together.
    const code = [
      'import os, time',
      'for _ in range(4):',
      '    if os.fork() == 0:',
      '        data = b"\\x01" * (150 * 2**20)',
      '        time.sleep(30)',
      '        os._exit(0)',
      'time.sleep(30)',
    ].join('\n');
    const result = await run(mode, await py(code, { limits: { memoryBytes: 400 * 2 ** 20, timeoutMs: 9000 } }));
    expect(result.outcome).toBe('memory-limit');
    expect(result.summary).toBe('its processes together hit the memory limit (400 MiB); the whole process tree was killed');
    expect(result.durationMs).toBeLessThan(6000);
  });

  it('reports a segfault as a crash with SIGSEGV', async () => {
    const result = await run(mode, await py('import ctypes; ctypes.string_at(0)'));
    expect(result).toMatchObject({ outcome: 'crashed', signal: 'SIGSEGV', exitCode: null });
    expect(result.summary).toBe('crashed with SIGSEGV (segmentation fault)');
  });

  it('reports an abort as a crash with SIGABRT', async () => {
    const result = await run(mode, await py('import os; os.abort()'));
    expect(result).toMatchObject({ outcome: 'crashed', signal: 'SIGABRT' });
    expect(result.summary).toBe('crashed with SIGABRT (aborted)');
  });

  it('kills what the program left running when it exits', async () => {
    const tag = `1000.${randomBytes(4).readUInt32BE()}`; // `sleep 1000.<random>`: unique, and still a valid sleep
    let seenDuring: Promise<string[]> | null = null;
    const result = await run(mode, {
      command: '/bin/sh',
      args: ['-c', `sleep ${tag} & echo started; sleep 0.5; echo done`],
      cwd: await tempDir(),
      env: { ...process.env },
      onOutput: (chunk) => {
        if (chunk.includes('started')) seenDuring ??= seen(`sleep ${tag}`);
      },
    });
    expect(result.outcome).toBe('exited');
    expect(result.stdout).toBe('started\ndone\n');
    expect(await seenDuring, 'the background sleep ran during the run').toHaveLength(1);
    // Neither the sleeper nor anything else with the tag in its command line (the shell, bwrap).
    expect(await processesTagged(tag)).toEqual([]);
  });

  it('Stop (AbortSignal) kills the whole tree and reports stopped', async () => {
    const tag = `1000.${randomBytes(4).readUInt32BE()}`;
    const controller = new AbortController();
    let seenDuring: Promise<unknown> | null = null;
    const result = await run(mode, {
      command: '/bin/sh',
      args: ['-c', `sleep ${tag} & echo started; sleep 1000`],
      cwd: await tempDir(),
      env: { ...process.env },
      onOutput: (chunk) => {
        if (!chunk.includes('started')) return;
        seenDuring ??= seen(`sleep ${tag}`).then(() => controller.abort());
      },
      signal: controller.signal,
      limits: { timeoutMs: 9000 },
    });
    await seenDuring;
    expect(result.outcome).toBe('stopped');
    expect(result.summary).toBe('stopped');
    expect(result.durationMs).toBeLessThan(5000);
    expect(await processesTagged(tag)).toEqual([]);
  });

  it('contains a bash fork bomb, reports process-limit and leaves nothing behind', async () => {
    const tag = uniqueTag();
    const dir = path.join(await tempDir(), tag);
    await fs.mkdir(dir);
    // The classic bomb, made to die by itself after 20 s should the runner ever fail to kill it; `wait; sleep`
    // keeps the script alive, as a terminal would.
    await fs.writeFile(path.join(dir, 'bomb.sh'), ':(){ (( SECONDS < 20 )) && { :|:& }; };:\nwait\nsleep 20\n');
    const result = await run(mode, { command: '/bin/bash', args: [path.join(dir, 'bomb.sh')], cwd: dir, env: { ...process.env }, limits: { timeoutMs: 8000 } });
    expect(['process-limit', 'timeout'], result.summary).toContain(result.outcome);
    expect(result.outcome, 'the watchdog should win').toBe('process-limit');
    expect(result.summary).toBe(`started more than ${DEFAULT_LIMITS.maxProcesses} processes; the whole process tree was killed`);
    expect(await processesTagged(tag)).toEqual([]);
  });

  it('contains a Python fork bomb, reports process-limit and leaves nothing behind', async () => {
    const tag = uniqueTag();
    const dir = path.join(await tempDir(), tag);
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'bomb.py'), 'import os, time\ndeadline = time.monotonic() + 20\nwhile time.monotonic() < deadline:\n    os.fork()\n');
    const result = await run(mode, { command: python, args: [path.join(dir, 'bomb.py')], cwd: dir, env: { ...process.env }, limits: { timeoutMs: 8000 } });
    expect(result.outcome, result.summary).toBe('process-limit');
    expect(await processesTagged(tag)).toEqual([]);
  });

  it('keeps the tail of 200 MB of output without holding it in memory', async () => {
    const code = [
      'import sys',
      'block = ("x" * 1023 + "\\n") * 1024',
      'for _ in range(200):',
      '    sys.stdout.write(block)',
      'sys.stdout.write("THE-END\\n")',
    ].join('\n');
    let peakRss = process.memoryUsage().rss;
    const baseline = peakRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    let streamed = 0;
    const result = await run(mode, await py(code, { onOutput: (chunk) => (streamed += chunk.length) })).finally(() => clearInterval(sampler));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    expect(result.outcome).toBe('exited');
    expect(result.stdout.endsWith('THE-END\n')).toBe(true);
    expect(Buffer.byteLength(result.stdout)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxOutputBytes);
    expect(result.outputCapped).toBe(true);
    expect(result.droppedBytes).toBeGreaterThanOrEqual(199 * 2 ** 20);
    expect(result.droppedBytes + Buffer.byteLength(result.stdout)).toBe(200 * 2 ** 20 + 'THE-END\n'.length);
    expect(result.summary).toMatch(/^exited with code 0; output capped: kept the last 1 MiB, dropped 2\d\d MB$/);
    expect(streamed, 'onOutput sees every byte').toBe(200 * 2 ** 20 + 'THE-END\n'.length);
    expect(peakRss - baseline).toBeLessThan(100 * 1e6);
  });

  it('keeps a short stderr tail through a flood on stdout', async () => {
    const code = 'import sys\nprint("the error", file=sys.stderr)\nsys.stdout.write("y" * 300000)';
    const result = await run(mode, await py(code, { limits: { maxOutputBytes: 1000 } }));
    expect(result.stderr).toBe('the error\n');
    expect(result.stdout).toBe('y'.repeat(1000 - 'the error\n'.length));
    expect(result.droppedBytes).toBe(300000 - result.stdout.length);
  });

  it('reports a missing program as failed-to-start', async () => {
    const result = await run(mode, { command: 'no-such-program-pyforge', args: [], cwd: await tempDir(), env: { ...process.env } });
    expect(result).toMatchObject({ outcome: 'failed-to-start', exitCode: null, signal: null });
    expect(result.summary).toBe('could not start no-such-program-pyforge: not found');
  });

  it('reports a missing workspace as failed-to-start', async () => {
    const cwd = path.join(await tempDir(), 'gone');
    const result = await run(mode, await py('pass', { cwd }));
    expect(result.outcome).toBe('failed-to-start');
    expect(result.summary).toBe(`could not start ${python}: the folder ${cwd} does not exist`);
  });

  it('delivers stdin', async () => {
    const result = await run(mode, await py('import sys; print(sys.stdin.read().upper())', { stdin: 'hello\nworld' }));
    expect(result.stdout).toBe('HELLO\nWORLD\n');
  });

  it('gives an empty stdin when none is given (input() does not hang)', async () => {
    const result = await run(mode, await py('input()', { limits: { timeoutMs: 5000 } }));
    expect(result.outcome).toBe('exited');
    expect(result.stderr).toContain('EOFError');
  });

  it('streams output chunks while the program runs', async () => {
    const chunks: Array<{ chunk: string; stream: string; at: number }> = [];
    const code = 'import sys, time\nprint("first", flush=True)\ntime.sleep(0.5)\nprint("second", file=sys.stderr, flush=True)\nprint("é€😀", flush=True)';
    const start = performance.now();
    const result = await run(mode, await py(code, { onOutput: (chunk, stream) => chunks.push({ chunk, stream, at: performance.now() - start }) }));
    // Order across the two pipes is whatever the event loop reads first; within a stream it is kept.
    const of = (stream: string): string[] => chunks.filter((c) => c.stream === stream).map((c) => c.chunk);
    expect(of('stdout').join('')).toBe('first\né€😀\n');
    expect(of('stdout').join(''), 'no character split between chunks').not.toContain('\uFFFD');
    expect(of('stderr').join('')).toBe('second\n');
    // Chunk boundaries are the pipe's (with PYTHONUNBUFFERED, print writes "first" and "\n" apart).
    expect(chunks[0]!.chunk.startsWith('f')).toBe(true);
    const second = chunks.find((c) => c.chunk.includes('second'))!;
    expect(chunks[0]!.at, 'the first chunk arrived while the program was still running').toBeLessThan(second.at - 300);
    expect(result.stdout).toBe('first\né€😀\n');
  });

  it('stops the run and rejects when onOutput throws', async () => {
    const started = performance.now();
    const request = await py('import time\nprint("hi", flush=True)\ntime.sleep(1000)', {
      onOutput: () => {
        throw new Error('consumer bug');
      },
    });
    await expect(run(mode, request)).rejects.toThrow('consumer bug');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('does not pass PYFORGE_TOKEN to the program', async () => {
    const env = { ...process.env, PYFORGE_TOKEN: 'secret-token-value', PYFORGE_VISIBLE: 'yes' };
    const code = 'import os; print(os.environ.get("PYFORGE_TOKEN")); print(os.environ.get("PYFORGE_VISIBLE")); print(open("/proc/self/environ", "rb").read().count(b"secret-token-value"))';
    const result = await run(mode, await py(code, { env }));
    expect(result.stdout).toBe('None\nyes\n0\n');
  });

  it('reports a run stopped before it started without running it', async () => {
    const controller = new AbortController();
    controller.abort();
    const cwd = await tempDir();
    const result = await run(mode, await py('open("ran", "w").close()', { cwd, signal: controller.signal }));
    expect(result.outcome).toBe('stopped');
    expect(await exists(path.join(cwd, 'ran'))).toBe(false);
  });
});

describe.skipIf(!bwrap)('runner confinement (bwrap)', () => {
  let server: net.Server;
  let port = 0;
  let connections = 0;
  const outside: string[] = [];

  beforeAll(async () => {
    server = net.createServer((socket) => {
      connections++;
      socket.end('hello from the host\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await Promise.all(outside.map(removeDir));
  });

  const connect = (): string =>
    [
      'import socket',
      'try:',
      `    s = socket.create_connection(("127.0.0.1", ${port}), timeout=3)`,
      '    print("connected", s.recv(100).decode().strip())',
      'except OSError as e:',
      '    print("refused", type(e).__name__)',
    ].join('\n');

  it('cannot reach the host loopback without network, and can with network: true', async () => {
    const isolated = await runSandboxed(await py(connect()));
    expect(isolated.stdout).toBe('refused ConnectionRefusedError\n');
    expect(isolated.sandbox.network).toBe('isolated');
    expect(connections).toBe(0);

    const open = await runSandboxed(await py(connect(), { network: true }));
    expect(open.stdout).toBe('connected hello from the host\n');
    expect(open.sandbox.network).toBe('host');
    expect(connections).toBe(1);
  });

  it('can write only in the workspace and writablePaths', async () => {
    // Outside /tmp (the sandbox has its own): a folder that exists, read-only inside the sandbox.
    const forbidden = await fs.realpath(await fs.mkdtemp(path.join('/var/tmp', 'pyforge-outside-')));
    const allowed = await fs.realpath(await fs.mkdtemp(path.join('/var/tmp', 'pyforge-allowed-')));
    outside.push(forbidden, allowed);
    const code = [
      'import os, sys',
      'open("inside.txt", "w").write("ok")',
      `open(${JSON.stringify(path.join(allowed, 'extra.txt'))}, "w").write("ok")`,
      'try:',
      `    open(${JSON.stringify(path.join(forbidden, 'escape.txt'))}, "w").write("no")`,
      '    print("wrote outside")',
      'except OSError as e:',
      '    print("refused", e.errno == __import__("errno").EROFS)',
    ].join('\n');
    const request = await py(code, { writablePaths: [allowed, path.join(allowed, 'missing-is-skipped')] });
    const result = await runSandboxed(request);
    expect(result.stdout).toBe('refused True\n');
    expect(result.sandbox.filesystem).toBe('confined');
    expect(await fs.readFile(path.join(request.cwd, 'inside.txt'), 'utf8')).toBe('ok');
    expect(await fs.readFile(path.join(allowed, 'extra.txt'), 'utf8')).toBe('ok');
    expect(await exists(path.join(forbidden, 'escape.txt'))).toBe(false);
  });

  it('has a private /tmp', async () => {
    const name = `pyforge-private-${uniqueTag()}`;
    const hostFile = path.join(os.tmpdir(), name);
    const code = `import os\nopen("/tmp/${name}", "w").write("x")\nprint(sorted(os.listdir("/tmp")))`;
    const request = await py(code);
    const result = await runSandboxed(request);
    // Inside, /tmp holds only the file and the mount point of the workspace (which lives under /tmp here).
    expect(result.stdout).toContain(`'${name}'`);
    expect(await exists(hostFile)).toBe(false);
  });

  it('runs without capabilities, even as root', async () => {
    const result = await runSandboxed(await py('print([l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")][0])'));
    expect(result.stdout).toBe('0000000000000000\n');
  });

  it('decodes a signal that bwrap reports as exit code 128+N, and keeps real exit codes', async () => {
    const killed = await runSandboxed(await py('import os, signal; os.kill(os.getpid(), signal.SIGBUS)'));
    expect(killed).toMatchObject({ outcome: 'crashed', signal: 'SIGBUS', exitCode: null, summary: 'crashed with SIGBUS (bus error)' });
    const exited = await runSandboxed(await py('raise SystemExit(42)'));
    expect(exited).toMatchObject({ outcome: 'exited', exitCode: 42, signal: null });
  });
});

describe('detectSandbox', () => {
  it('probes once and reports what this machine offers', async () => {
    const again = await detectSandbox();
    expect(again).toEqual(detected);
    if (process.platform === 'linux' && (await exists('/usr/bin/bwrap'))) {
      // bwrap is installed on the CI machines and must work there: a silent fallback would hide a regression.
      expect(detected).toEqual({ mechanism: 'bwrap', network: 'isolated', filesystem: 'confined', processes: 'pid-namespace' });
    }
  });
});

describe.runIf(bwrap)("the watchdog's process count in a PID namespace", () => {
  it("counts only the namespace's processes, and never mistakes the host's /proc for the namespace's", async () => {
    // Before bwrap's init has switched root, /proc/<init>/root/proc is the host's: that must read as "unknown".
    expect(await namespaceProcesses(process.pid)).toBeNull();
    const { spawn } = await import('node:child_process');
    const child = spawn('bwrap', ['--unshare-pid', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--info-fd', '3', 'sleep', '5'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    try {
      let info = '';
      (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => (info += chunk.toString()));
      await waitFor(() => /"child-pid"\s*:\s*\d+/.test(info), { what: "bwrap's child-pid" });
      const init = Number(/"child-pid"\s*:\s*(\d+)/.exec(info)![1]);
      // Once the namespace is set up: its own procfs, with `sleep` as its only process besides init.
      await waitFor(async () => (await namespaceProcesses(init))?.length === 1, { what: "the namespace's procfs" });
      expect(await namespaceProcesses(init)).toEqual([`/proc/${init}/root/proc/2`]);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
