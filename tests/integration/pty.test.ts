import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TerminalFlowControl } from '../../electron/core/api.js';
import { PtySession } from '../../electron/core/terminal/ptySession.js';
import { listProcesses } from '../../electron/core/terminal/processTree.js';
import { toolchainEnv } from '../../electron/core/toolchain/env.js';
import { findPython, type PythonInfo } from '../../electron/core/toolchain/python.js';
import { commandLine, isRunning, liveTreeMembers } from '../helpers/procs.js';
import { useTempDirs } from '../helpers/temp.js';
import { sleep, waitFor } from '../helpers/wait.js';

const tempDir = useTempDirs('pyforge-pty-');
let python: PythonInfo | null = null;
const sessions: PtySession[] = [];

beforeAll(async () => {
  python = await findPython();
  expect(python, 'python3 must be installed for the integration tests').not.toBeNull();
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

interface Terminal {
  session: PtySession;
  output: () => string;
  /** The last ~`n` characters, cheap to call while megabytes stream in. */
  tail: (n: number) => string;
  received: () => number;
  exits: Array<{ exitCode: number; signal?: number }>;
}

/** A real bash in a pty. With `autoAck` every batch is acknowledged at once, as a fast renderer would. */
async function startBash({ autoAck = true, cols = 80, rows = 24 } = {}): Promise<Terminal> {
  const chunks: string[] = [];
  let received = 0;
  const exits: Terminal['exits'] = [];
  const cwd = await tempDir();
  const session: PtySession = new PtySession({
    file: '/bin/bash',
    args: ['--norc', '--noprofile'],
    cwd,
    env: { ...toolchainEnv(python), PS1: '$ ', TERM: 'xterm-256color' },
    cols,
    rows,
    onData: (data) => {
      chunks.push(data);
      received += data.length;
      if (autoAck) session.acknowledge(data.length);
    },
    onExit: (exitCode, signal) => exits.push({ exitCode, ...(signal !== undefined ? { signal } : {}) }),
  });
  sessions.push(session);
  return {
    session,
    output: () => chunks.join(''),
    tail: (n) => {
      let out = '';
      for (let i = chunks.length - 1; i >= 0 && out.length < n; i--) out = chunks[i]! + out;
      return out.slice(-n);
    },
    received: () => received,
    exits,
  };
}

/**
 * Output contains `line` as a whole visible line: escape sequences (bracketed-paste mode and the like) are
 * dropped, and a bare \r returns to the start of the line, as on screen.
 */
function hasLine(output: string, line: string): boolean {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b[()][A-Za-z0-9]|\u001b[=>]/g, '');
  return plain.split('\n').some((l) => {
    const visible = l.endsWith('\r') ? l.slice(0, -1) : l;
    return visible.slice(visible.lastIndexOf('\r') + 1) === line;
  });
}

describe('PtySession (real bash in a real pty)', () => {
  it('runs python3 from the toolchain and streams its output', async () => {
    const t = await startBash();
    t.session.write('python3 -c "print(6*7)"\r');
    await waitFor(() => hasLine(t.output(), '42'), { what: '"42" on its own line', detail: () => JSON.stringify(t.output().slice(-2000)) });
    // The echoed command line is there too, but that alone never satisfies the check above.
    expect(t.output()).toContain('print(6*7)');
  });

  it('uses the toolchain python first on PATH, with UTF-8 I/O', async () => {
    const t = await startBash();
    t.session.write('python3 -c "import sys; print(\'EXE=\' + sys.executable); print(\'ENC=\' + sys.stdout.encoding)"\r');
    await waitFor(() => /ENC=\S+\r?\n/.test(t.output()), { what: 'the python probe' });
    const exe = /EXE=(\S+)\r?\n/.exec(t.output())?.[1];
    expect(exe).toBe(python!.executable);
    expect(/ENC=(\S+)\r?\n/.exec(t.output())?.[1]?.toLowerCase()).toBe('utf-8');
  });

  it('resizes the terminal (stty size reports rows and cols)', async () => {
    const t = await startBash();
    t.session.resize(100, 40);
    t.session.write('stty size\r');
    await waitFor(() => hasLine(t.output(), '40 100'), { what: '"40 100"', detail: () => JSON.stringify(t.output().slice(-2000)) });
    t.session.resize(57, 13);
    t.session.write('stty size\r');
    await waitFor(() => hasLine(t.output(), '13 57'), { what: '"13 57"' });
  });

  it('dispose() kills the shell and everything it started, including re-parented processes', async () => {
    const t = await startBash();
    const shellPid = t.session.pid;
    t.session.write('sleep 1000 &\r');
    t.session.write('(sleep 1001 &)\r');
    t.session.write('echo READY$((6*7))\r');
    await waitFor(() => hasLine(t.output(), 'READY42'), { what: 'the shell to start the sleeps', detail: () => JSON.stringify(t.output().slice(-2000)) });

    // Both sleeps exist and belong to the session; the second one's parent is no longer the shell.
    const sleeps = await waitFor(
      async () => {
        const procs = await listProcesses();
        const found = await Promise.all(procs.filter((p) => p.sid === shellPid).map(async (p) => ({ ...p, cmd: await commandLine(p.pid) })));
        const s1000 = found.find((p) => p.cmd === 'sleep 1000');
        const s1001 = found.find((p) => p.cmd === 'sleep 1001');
        return s1000 && s1001 ? { s1000, s1001 } : null;
      },
      { what: 'both sleep processes' },
    );
    expect(sleeps.s1000.ppid).toBe(shellPid);
    expect(sleeps.s1001.ppid).not.toBe(shellPid);
    const before = await liveTreeMembers(shellPid);
    expect(before).toEqual(expect.arrayContaining([shellPid, sleeps.s1000.pid, sleeps.s1001.pid]));

    await t.session.dispose();

    await waitFor(async () => (await liveTreeMembers(shellPid)).length === 0, { what: 'the session to be empty' });
    for (const pid of [shellPid, sleeps.s1000.pid, sleeps.s1001.pid]) expect(await isRunning(pid), `pid ${pid}`).toBe(false);
    await waitFor(() => t.exits.length === 1, { what: 'the exit callback' });

    // A second dispose is harmless; writing after dispose is ignored.
    await t.session.dispose();
    t.session.write('echo nope\r');
  });

  it('reports the exit of a shell that ends by itself', async () => {
    const t = await startBash();
    t.session.write('exit 7\r');
    await waitFor(() => t.exits.length === 1, { what: 'the exit callback' });
    expect(t.exits[0]!.exitCode).toBe(7);
  });

  it('pauses an unacknowledged flood, then delivers every byte once acknowledged', async () => {
    const TOTAL_LINES = 1_500_000; // 3 000 000 bytes of "y\n"
    const t = await startBash({ autoAck: false });
    t.session.write('yes | head -c 3000000; echo FIN$((6*7))\r');

    await waitFor(() => t.session.isPaused, { what: 'the session to pause' });
    await sleep(1000);
    // Nothing is acknowledged, so the pty stays paused and the output stops growing long before 3 MB.
    expect(t.session.isPaused).toBe(true);
    const afterOneSecond = t.received();
    expect(afterOneSecond).toBeGreaterThan(TerminalFlowControl.HIGH_WATERMARK_CHARS);
    expect(afterOneSecond).toBeLessThan(1_000_000);
    await sleep(300);
    expect(t.received()).toBe(afterOneSecond);
    expect(hasLine(t.output(), 'FIN42')).toBe(false);

    let acked = 0;
    let rounds = 0;
    await waitFor(
      () => {
        const now = t.received();
        if (now > acked) {
          t.session.acknowledge(now - acked);
          acked = now;
          rounds += 1;
        }
        return hasLine(t.tail(200), 'FIN42');
      },
      { timeoutMs: 25_000, intervalMs: 10, what: 'the whole flood' },
    );
    const out = t.output();
    expect(out.match(/y\r\n/g)?.length).toBe(TOTAL_LINES);
    // Flow control really cycled: many pause/resume rounds, not one big burst.
    expect(rounds).toBeGreaterThan(5);
  });
});
