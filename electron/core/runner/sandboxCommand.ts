/**
 * Builds the command line that runs a student's command inside the sandbox. Pure: given what the machine
 * offers (see detect.ts) and a request, it returns argv; nothing is probed or spawned here.
 *
 * Layers, outermost first:
 *   bwrap (Linux): own PID, IPC and network namespaces, the whole filesystem read-only except the workspace,
 *                  a private /tmp, no capabilities;
 *   unshare -n:    a fallback where bwrap cannot run: only the network is isolated;
 *   /bin/sh ulimit: rlimits (address space, CPU time, file size, no core files), then `exec` the command so
 *                  the shell leaves no process behind and signals reach the program directly.
 *
 * Why `sh -c 'ulimit ...; exec "$@"'` and not util-linux `prlimit`: measured on these machines (40 runs,
 * median), wrapping /bin/true cost ~0.8 ms with dash and ~1.1 ms with prlimit; both set exact values (KiB and
 * 512-byte blocks are exact for our limits), but only the shell exists on macOS too, so one code path serves
 * every POSIX system. The arguments travel as "$@", never through the shell's parser.
 */
import type { RunLimits } from './limits.js';
import type { SandboxInfo } from './types.js';

/** What detectSandbox found on this machine, with the paths and flags to use it. */
export interface Containment {
  /** The best containment available here (a run with `network: true` gets less). */
  info: SandboxInfo;
  bwrapPath?: string;
  /** The argv prefix that isolates the network without bwrap, e.g. ['/usr/bin/unshare', '-n']. */
  unsharePrefix?: string[];
  /** RLIMIT_NPROC counts only this run's processes (not root, inside bwrap's user namespace). */
  nprocRlimit: boolean;
  /** The POSIX shell for the ulimit wrapper. */
  shell: string;
}

export interface SandboxCommandInput {
  command: string;
  args: string[];
  /** Absolute, symlink-free path of the workspace. */
  cwd: string;
  writablePaths: string[];
  /** Folders under /tmp the run must still see (read-only) through its private /tmp. */
  readablePaths?: string[];
  limits: RunLimits;
  network: boolean;
  containment: Containment;
}

export interface SandboxCommand {
  file: string;
  args: string[];
  /** The containment this run gets. */
  sandbox: SandboxInfo;
  /** Processes of the wrapper itself in the run's tree (bwrap's monitor and its init), not counted as the student's. */
  wrapperProcesses: number;
  /** The fd on which bwrap reports the host pid of the namespace's init ({"child-pid": N}), to kill it directly. */
  infoFd?: number;
}

/** The first fd after stdin, stdout and stderr. */
export const BWRAP_INFO_FD = 3;

/** RLIMIT_CPU: the soft limit sends SIGXCPU (reported as 'cpu-limit'); one second later the hard limit sends SIGKILL to a program that ignores it. */
const CPU_HARD_GRACE_SECONDS = 1;

/**
 * The shell script that sets the rlimits and then becomes the command ("$@"). Each `ulimit` may fail only
 * when the limit is already lower than ours (an unprivileged process cannot raise a hard limit), which is
 * fine, so failures are ignored rather than refusing to run.
 */
export function rlimitScript(limits: RunLimits, { nproc }: { nproc?: number } = {}): string {
  const kib = Math.max(1, Math.floor(limits.memoryBytes / 1024));
  const blocks = Math.max(1, Math.floor(limits.maxFileBytes / 512)); // POSIX `ulimit -f` counts 512-byte blocks
  const cpu = Math.max(1, Math.ceil(limits.cpuSeconds));
  const steps = [
    'ulimit -c 0', // a crash must not leave a core file in the workspace
    `ulimit -f ${blocks}`,
    `ulimit -v ${kib}`,
    // Soft before hard: the hard limit may not go below the soft one, which starts unlimited.
    `ulimit -S -t ${cpu}`,
    `ulimit -H -t ${cpu + CPU_HARD_GRACE_SECONDS}`,
  ];
  // bash spells the process limit -u, dash -p.
  if (nproc !== undefined) steps.push(`{ ulimit -u ${nproc} || ulimit -p ${nproc}; }`);
  return `${steps.map((s) => `${s} 2>/dev/null`).join('; ')}; exec "$@"`;
}

/** bwrap's options: see the module comment. `network` keeps the host's network namespace. */
export function bwrapOptions({ cwd, writablePaths, readablePaths = [], network }: { cwd: string; writablePaths: string[]; readablePaths?: string[]; network: boolean }): string[] {
  return [
    '--unshare-pid', // killing bwrap kills the namespace's init, and with it every process of the run
    '--unshare-ipc',
    ...(network ? [] : ['--unshare-net']), // a namespace with only its own loopback: the host's is unreachable
    '--die-with-parent', // if PyForge dies, the run dies with it
    '--new-session', // no TIOCSTI into a terminal that started PyForge
    // Run as root, bwrap keeps every capability by default; with CAP_SYS_ADMIN a program could remount / rw.
    '--cap-drop',
    'ALL',
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--tmpfs',
    '/tmp',
    // After the tmpfs, so what lives under /tmp (an interpreter, a lesson pack) stays visible, read-only...
    ...readablePaths.flatMap((p) => ['--ro-bind-try', p, p]),
    // ...and a workspace under /tmp is bound on top of it.
    '--bind',
    cwd,
    cwd,
    ...writablePaths.flatMap((p) => ['--bind-try', p, p]),
    '--chdir',
    cwd,
  ];
}

export function buildSandboxCommand(input: SandboxCommandInput): SandboxCommand {
  const { containment, network, limits } = input;
  const { mechanism } = containment.info;
  const student = [input.command, ...input.args];
  if (mechanism === 'none') {
    return {
      file: input.command,
      args: input.args,
      sandbox: { mechanism: 'none', network: 'host', filesystem: 'open', processes: 'watchdog' },
      wrapperProcesses: 0,
    };
  }
  const limited = (nproc?: number): string[] => [
    containment.shell,
    '-c',
    rlimitScript(limits, nproc === undefined ? {} : { nproc }),
    'sh',
    ...student,
  ];
  if (mechanism === 'bwrap' && containment.bwrapPath) {
    return {
      file: containment.bwrapPath,
      args: [
        ...bwrapOptions({ cwd: input.cwd, writablePaths: input.writablePaths, readablePaths: input.readablePaths ?? [], network }),
        '--info-fd',
        String(BWRAP_INFO_FD),
        '--',
        ...limited(containment.nprocRlimit ? limits.maxProcesses : undefined),
      ],
      sandbox: { mechanism: 'bwrap', network: network ? 'host' : 'isolated', filesystem: 'confined', processes: 'pid-namespace' },
      wrapperProcesses: 2,
      infoFd: BWRAP_INFO_FD,
    };
  }
  const rlimitsOnly: SandboxInfo = { mechanism: 'rlimits-only', network: 'host', filesystem: 'open', processes: 'watchdog' };
  if (mechanism === 'unshare' && containment.unsharePrefix && !network) {
    const [file, ...prefix] = containment.unsharePrefix as [string, ...string[]];
    return {
      file,
      args: [...prefix, '--', ...limited()],
      sandbox: { ...rlimitsOnly, mechanism: 'unshare', network: 'isolated' },
      wrapperProcesses: 0, // unshare execs the shell, which execs the command
    };
  }
  const [file, ...args] = limited() as [string, ...string[]];
  return { file, args, sandbox: rlimitsOnly, wrapperProcesses: 0 };
}
