import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../electron/core/runner/limits.js';
import {
  BWRAP_INFO_FD,
  buildSandboxCommand,
  bwrapOptions,
  rlimitScript,
  type Containment,
  type SandboxCommandInput,
} from '../../electron/core/runner/sandboxCommand.js';

const BWRAP: Containment = {
  info: { mechanism: 'bwrap', network: 'isolated', filesystem: 'confined', processes: 'pid-namespace' },
  bwrapPath: '/usr/bin/bwrap',
  nprocRlimit: false,
  shell: '/bin/sh',
};
const UNSHARE: Containment = {
  info: { mechanism: 'unshare', network: 'isolated', filesystem: 'open', processes: 'watchdog' },
  unsharePrefix: ['/usr/bin/unshare', '-n'],
  nprocRlimit: false,
  shell: '/bin/sh',
};
const RLIMITS: Containment = {
  info: { mechanism: 'rlimits-only', network: 'host', filesystem: 'open', processes: 'watchdog' },
  nprocRlimit: false,
  shell: '/bin/sh',
};
const NONE: Containment = { info: { mechanism: 'none', network: 'host', filesystem: 'open', processes: 'watchdog' }, nprocRlimit: false, shell: '' };

function input(containment: Containment, extra: Partial<SandboxCommandInput> = {}): SandboxCommandInput {
  return {
    command: 'python3',
    args: ['-c', 'print("it\'s $HOME; `x`")'],
    cwd: '/work/ws',
    writablePaths: [],
    limits: DEFAULT_LIMITS,
    network: false,
    containment,
    ...extra,
  };
}

/** The value after `flag` in argv. */
function after(argv: string[], flag: string, count = 1): string[] {
  const i = argv.indexOf(flag);
  expect(i, `${flag} in ${argv.join(' ')}`).toBeGreaterThanOrEqual(0);
  return argv.slice(i + 1, i + 1 + count);
}

describe('rlimitScript', () => {
  it('sets address space in KiB, file size in 512-byte blocks, CPU soft/hard, no core files, then execs "$@"', () => {
    expect(rlimitScript(DEFAULT_LIMITS)).toBe(
      'ulimit -c 0 2>/dev/null; ulimit -f 524288 2>/dev/null; ulimit -v 1048576 2>/dev/null; ' +
        'ulimit -S -t 30 2>/dev/null; ulimit -H -t 31 2>/dev/null; exec "$@"',
    );
  });

  it('rounds sizes down to whole units and CPU seconds up, never to zero', () => {
    const script = rlimitScript({ ...DEFAULT_LIMITS, memoryBytes: 1500, maxFileBytes: 100, cpuSeconds: 1.2 });
    expect(script).toContain('ulimit -v 1 ');
    expect(script).toContain('ulimit -f 1 ');
    expect(script).toContain('ulimit -S -t 2 ');
    expect(script).toContain('ulimit -H -t 3 ');
  });

  it('adds a process limit only when asked, spelled for bash (-u) and dash (-p)', () => {
    expect(rlimitScript(DEFAULT_LIMITS)).not.toMatch(/ulimit -[up]/);
    expect(rlimitScript(DEFAULT_LIMITS, { nproc: 64 })).toContain('{ ulimit -u 64 || ulimit -p 64; } 2>/dev/null; exec "$@"');
  });
});

describe('bwrapOptions', () => {
  it('isolates pid, ipc and network, drops capabilities, mounts / read-only, a private /tmp, the workspace writable', () => {
    const opts = bwrapOptions({ cwd: '/work/ws', writablePaths: [], network: false });
    for (const flag of ['--unshare-pid', '--unshare-ipc', '--unshare-net', '--die-with-parent', '--new-session']) expect(opts).toContain(flag);
    expect(after(opts, '--cap-drop')).toEqual(['ALL']);
    expect(after(opts, '--ro-bind', 2)).toEqual(['/', '/']);
    expect(after(opts, '--dev')).toEqual(['/dev']);
    expect(after(opts, '--proc')).toEqual(['/proc']);
    expect(after(opts, '--tmpfs')).toEqual(['/tmp']);
    expect(after(opts, '--bind', 2)).toEqual(['/work/ws', '/work/ws']);
    expect(after(opts, '--chdir')).toEqual(['/work/ws']);
  });

  it('mounts in order: / read-only, then /tmp, then the workspace on top (a workspace under /tmp stays visible)', () => {
    const opts = bwrapOptions({ cwd: '/tmp/ws', writablePaths: ['/tmp/cache'], network: false });
    const ro = opts.indexOf('--ro-bind');
    const tmp = opts.indexOf('--tmpfs');
    const ws = opts.indexOf('--bind');
    const extra = opts.indexOf('--bind-try');
    expect(ro).toBeLessThan(tmp);
    expect(tmp).toBeLessThan(ws);
    expect(ws).toBeLessThan(extra);
  });

  it('binds each writable path if it exists, and keeps the host network when asked', () => {
    const opts = bwrapOptions({ cwd: '/ws', writablePaths: ['/a', '/b c'], network: true });
    expect(opts).not.toContain('--unshare-net');
    expect(opts.filter((o) => o === '--bind-try')).toHaveLength(2);
    expect(after(opts, '--bind-try', 2)).toEqual(['/a', '/a']);
    expect(opts.slice(opts.lastIndexOf('--bind-try') + 1).slice(0, 2)).toEqual(['/b c', '/b c']);
  });
});

describe('buildSandboxCommand', () => {
  it('bwrap: bwrap [options] --info-fd 3 -- sh -c <limits> sh <command> <args>, arguments passed verbatim', () => {
    const cmd = buildSandboxCommand(input(BWRAP));
    expect(cmd.file).toBe('/usr/bin/bwrap');
    const dashdash = cmd.args.indexOf('--');
    expect(after(cmd.args.slice(0, dashdash), '--info-fd')).toEqual([String(BWRAP_INFO_FD)]);
    expect(cmd.infoFd).toBe(BWRAP_INFO_FD);
    expect(cmd.args.slice(dashdash + 1)).toEqual(['/bin/sh', '-c', rlimitScript(DEFAULT_LIMITS), 'sh', 'python3', '-c', 'print("it\'s $HOME; `x`")']);
    expect(cmd.sandbox).toEqual({ mechanism: 'bwrap', network: 'isolated', filesystem: 'confined', processes: 'pid-namespace' });
    expect(cmd.wrapperProcesses).toBe(2);
  });

  it('bwrap with network: the host network, still confined', () => {
    const cmd = buildSandboxCommand(input(BWRAP, { network: true }));
    expect(cmd.args).not.toContain('--unshare-net');
    expect(cmd.sandbox).toEqual({ mechanism: 'bwrap', network: 'host', filesystem: 'confined', processes: 'pid-namespace' });
  });

  it('bwrap unprivileged (user namespace): RLIMIT_NPROC counts only the run, so it is set', () => {
    const cmd = buildSandboxCommand(input({ ...BWRAP, nprocRlimit: true }, { limits: { ...DEFAULT_LIMITS, maxProcesses: 10 } }));
    expect(cmd.args).toContain(rlimitScript({ ...DEFAULT_LIMITS, maxProcesses: 10 }, { nproc: 10 }));
  });

  it('unshare: unshare -n -- sh -c <limits> sh <command> <args>', () => {
    const cmd = buildSandboxCommand(input(UNSHARE));
    expect([cmd.file, ...cmd.args]).toEqual(['/usr/bin/unshare', '-n', '--', '/bin/sh', '-c', rlimitScript(DEFAULT_LIMITS), 'sh', 'python3', '-c', 'print("it\'s $HOME; `x`")']);
    expect(cmd.sandbox).toEqual({ mechanism: 'unshare', network: 'isolated', filesystem: 'open', processes: 'watchdog' });
    expect(cmd.wrapperProcesses).toBe(0);
    expect(cmd.infoFd).toBeUndefined();
  });

  it('unshare with network: no namespace needed, rlimits only', () => {
    const cmd = buildSandboxCommand(input(UNSHARE, { network: true }));
    expect(cmd.file).toBe('/bin/sh');
    expect(cmd.sandbox).toEqual({ mechanism: 'rlimits-only', network: 'host', filesystem: 'open', processes: 'watchdog' });
  });

  it('rlimits-only: sh -c <limits> sh <command> <args>, never an nproc limit', () => {
    const cmd = buildSandboxCommand(input({ ...RLIMITS, nprocRlimit: true }));
    expect([cmd.file, ...cmd.args]).toEqual(['/bin/sh', '-c', rlimitScript(DEFAULT_LIMITS), 'sh', 'python3', '-c', 'print("it\'s $HOME; `x`")']);
    expect(cmd.sandbox.mechanism).toBe('rlimits-only');
  });

  it('none (Windows): the command itself', () => {
    const cmd = buildSandboxCommand(input(NONE));
    expect([cmd.file, ...cmd.args]).toEqual(['python3', '-c', 'print("it\'s $HOME; `x`")']);
    expect(cmd.sandbox).toEqual({ mechanism: 'none', network: 'host', filesystem: 'open', processes: 'watchdog' });
  });

  it('falls back to rlimits when bwrap is claimed without a path', () => {
    const cmd = buildSandboxCommand(input({ ...BWRAP, bwrapPath: undefined } as Containment));
    expect(cmd.file).toBe('/bin/sh');
  });
});
