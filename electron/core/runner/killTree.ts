/**
 * Kills everything a run started, whatever way it ended: a program's `sleep 1000 &` must not outlive it.
 *
 * - In bwrap's PID namespace: SIGKILL the init's process group (every process of the run starts in it, so one
 *   signal stops them all, a fork bomb included) and the init itself, whose death makes the kernel kill what
 *   is left of the namespace (no process can leave a PID namespace, and a dying one admits no new process).
 *   The init becomes a zombie only once all of them are gone, which is what we wait for.
 * - Otherwise: SIGSTOP the process group (the child is its leader: spawned detached), so nothing in it can
 *   fork while the tree is listed; SIGKILL the tree (descendants, session, group: processTree.ts), then the
 *   group, and wait until the signalled processes are gone.
 * - Windows: `taskkill /T /F` kills the tree by parent links.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { killProcessTree, listProcesses, treeMembers } from '../terminal/processTree.js';

export interface RunTree {
  /** The spawned child's pid: a session and process-group leader on POSIX. */
  root: number;
  /** The child has exited (and was reaped), so its pid may belong to someone else now. */
  rootExited: boolean;
  /** Host pid of the init of the run's PID namespace, when there is one. */
  namespaceInit?: number;
}

/** How long to wait for killed processes to be gone before giving up (they may be stuck in the kernel). */
const GONE_TIMEOUT_MS = 3_000;
const GONE_POLL_MS = 10;
const SWEEP_ROUNDS = 10;

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false; // already gone (ESRCH)
  }
}

/** Running, as opposed to gone or a zombie (which runs nothing and only waits for its parent to reap it). */
async function isRunning(pid: number): Promise<boolean> {
  if (process.platform === 'linux') {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (stat === null) return false;
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pids: number[]): Promise<void> {
  const deadline = performance.now() + GONE_TIMEOUT_MS;
  let left = pids;
  while (left.length > 0 && performance.now() < deadline) {
    const running = await Promise.all(left.map(isRunning));
    left = left.filter((_, i) => running[i]);
    if (left.length > 0) await new Promise((resolve) => setTimeout(resolve, GONE_POLL_MS));
  }
}

/** killProcessTree without the root itself, for when the root has exited and its pid may have been reused. */
async function killOrphanedMembers(root: number): Promise<number[]> {
  const signalled = new Set<number>();
  for (let round = 0; round < SWEEP_ROUNDS; round++) {
    const members = treeMembers(root, await listProcesses()).filter((pid) => pid !== root);
    const alive = members.filter((pid) => signal(pid, 'SIGKILL'));
    if (alive.length === 0) break;
    for (const pid of alive) signalled.add(pid);
  }
  return [...signalled];
}

function taskkill(pid: number): Promise<void> {
  return new Promise((resolve) => {
    execFile('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true }, () => resolve());
  });
}

export async function killRunTree(tree: RunTree): Promise<void> {
  if (process.platform === 'win32') {
    if (!tree.rootExited) await taskkill(tree.root);
    return;
  }
  const group = -tree.root;
  if (tree.namespaceInit !== undefined) {
    // When the program exits, bwrap's monitor (the root) exits with its status and --die-with-parent kills the
    // init, which takes the namespace down: then there is only the dying to wait for.
    if (!tree.rootExited) {
      // The init leads the session and process group every process of the run starts in: killing the group
      // stops them all at once. The kernel's own sweep of the namespace, once the init dies, needs the init to
      // be scheduled first, which under a fork bomb on two cores took ~250 ms while the bomb kept forking.
      signal(-tree.namespaceInit, 'SIGKILL');
      signal(tree.namespaceInit, 'SIGKILL'); // then the rest: processes that left the group die with the namespace
      signal(group, 'SIGKILL'); // the monitor
    }
    await waitGone([tree.namespaceInit]);
    return;
  }
  signal(group, 'SIGSTOP');
  const signalled = tree.rootExited ? await killOrphanedMembers(tree.root) : await killProcessTree(tree.root);
  signal(group, 'SIGKILL');
  await waitGone(signalled);
}
