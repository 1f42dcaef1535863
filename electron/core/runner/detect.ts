/**
 * Finds out, once per process, how this machine can contain a run: bwrap if it actually works here (it can be
 * installed yet refused, e.g. where unprivileged user namespaces are disabled), else `unshare -n` for the
 * network, else rlimits alone. Each candidate is tried with the very options a run uses.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { resolveCommand } from './resolveCommand.js';
import { bwrapOptions, type Containment } from './sandboxCommand.js';
import type { SandboxInfo } from './types.js';

const PROBE_TIMEOUT_MS = 5_000;
const SHELL = '/bin/sh';

const RLIMITS_ONLY: SandboxInfo = { mechanism: 'rlimits-only', network: 'host', filesystem: 'open', processes: 'watchdog' };

function succeeds(file: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: PROBE_TIMEOUT_MS, windowsHide: true }, (error) => resolve(error === null));
  });
}

async function findTool(name: string): Promise<string | null> {
  const found = await resolveCommand(name, '/', process.env);
  return found.found ? found.path : null;
}

async function probeBwrap(): Promise<Containment | null> {
  const bwrap = await findTool('bwrap');
  if (!bwrap) return null;
  const cwd = await fs.realpath(os.tmpdir());
  const works = await succeeds(bwrap, [...bwrapOptions({ cwd, writablePaths: [], network: false }), '--', SHELL, '-c', 'exit 0']);
  if (!works) return null;
  // Unprivileged, a non-setuid bwrap runs in a new user namespace, where RLIMIT_NPROC counts only the run's
  // processes. As root (or with a setuid bwrap) it would count all of the user's, or nothing at all.
  const setuid = ((await fs.stat(bwrap)).mode & 0o4000) !== 0;
  const nprocRlimit = process.getuid?.() !== 0 && !setuid;
  return {
    info: { mechanism: 'bwrap', network: 'isolated', filesystem: 'confined', processes: 'pid-namespace' },
    bwrapPath: bwrap,
    nprocRlimit,
    shell: SHELL,
  };
}

async function probeUnshare(): Promise<Containment | null> {
  const unshare = await findTool('unshare');
  if (!unshare) return null;
  // Root may create a network namespace directly; anyone else needs a user namespace first (-r).
  for (const flags of [['-n'], ['-r', '-n']]) {
    if (await succeeds(unshare, [...flags, '--', SHELL, '-c', 'exit 0'])) {
      return {
        info: { ...RLIMITS_ONLY, mechanism: 'unshare', network: 'isolated' },
        unsharePrefix: [unshare, ...flags],
        nprocRlimit: false,
        shell: SHELL,
      };
    }
  }
  return null;
}

async function detect(): Promise<Containment> {
  if (process.platform === 'win32') {
    // No rlimits, namespaces or process groups: the timeout, Stop and `taskkill /T` are all there is.
    return { info: { mechanism: 'none', network: 'host', filesystem: 'open', processes: 'watchdog' }, nprocRlimit: false, shell: '' };
  }
  if (process.platform === 'linux') {
    const best = (await probeBwrap()) ?? (await probeUnshare());
    if (best) return best;
  }
  return { info: RLIMITS_ONLY, nprocRlimit: false, shell: SHELL };
}

let cached: Promise<Containment> | undefined;

/** What this machine offers, probed on first use and then cached. */
export function detectContainment(): Promise<Containment> {
  cached ??= detect();
  return cached;
}

export async function detectSandbox(): Promise<SandboxInfo> {
  return { ...(await detectContainment()).info };
}
