/** Process inspection for integration tests (Linux /proc; zombies count as gone, since they run nothing). */
import { promises as fs } from 'node:fs';
import { listProcesses, treeMembers } from '../../electron/core/terminal/processTree.js';

/** The process state letter from /proc/<pid>/stat ('R', 'S', 'Z', ...), or null when the process is gone. */
export async function processState(pid: number): Promise<string | null> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return null;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
}

export async function isRunning(pid: number): Promise<boolean> {
  const state = await processState(pid);
  return state !== null && state !== 'Z' && state !== 'X';
}

/** Pids (not zombies) in the session / process group / descendants of `root`, as the source's own lister sees them. */
export async function liveTreeMembers(root: number): Promise<number[]> {
  const members = treeMembers(root, await listProcesses());
  const running = await Promise.all(members.map(async (pid) => ((await isRunning(pid)) ? pid : null)));
  return running.filter((pid): pid is number => pid !== null);
}

/** The command line of a pid, for readable failure messages. */
export async function commandLine(pid: number): Promise<string> {
  const raw = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return raw.split('\0').join(' ').trim();
}
