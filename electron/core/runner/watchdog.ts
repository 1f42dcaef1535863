/**
 * Watches a run's processes: kills a fork bomb (RLIMIT_NPROC does nothing for root, NOTES) and a tree whose
 * processes together use more memory than the limit (RLIMIT_AS bounds each process, not their sum).
 *
 * Two ways to count, cheapest first:
 * - In bwrap's PID namespace, /proc/<init>/root/proc is the namespace's own procfs: one readdir lists exactly
 *   the run's processes. Cheap enough for every 25 ms tick, so a fork bomb is caught near the limit.
 * - Otherwise the whole process table must be listed (processTree.ts), ~5 ms of CPU with 77 processes here:
 *   too much every 25 ms for each run. So each tick reads only /proc/loadavg, whose 4th field counts every
 *   task on the machine, and a full scan runs every 500 ms. When that count grew by more than half the run's
 *   headroom since the last scan (a surge), the run's process group is frozen (SIGSTOP) before the scan and
 *   thawed after it unless it must die: a fork bomb on two cores starves the listing (it once took seconds
 *   while the bomb reached 7600 processes), a frozen one cannot grow. Other activity on the machine only
 *   costs an extra scan and a pause of a few milliseconds. Without /proc (macOS: `ps` at ~20 ms a call) a
 *   full scan runs every 500 ms.
 * Memory (proportional set size, so forked children sharing pages are not counted twice) is summed every 500 ms.
 */
import { promises as fs, readFileSync } from 'node:fs';
import { listProcesses, treeMembers } from '../terminal/processTree.js';

export type WatchdogViolation = 'process-limit' | 'memory-limit';

export interface WatchdogOptions {
  /** The spawned child: a session and process-group leader. */
  root: number;
  maxProcesses: number;
  memoryBytes: number;
  /** The sandbox's own processes in the tree (bwrap's monitor and init), not counted against the limit. */
  wrapperProcesses: number;
  /** Host pid of the init of the run's PID namespace, once bwrap has reported it. */
  namespaceInit?: Promise<number | undefined>;
  onViolation: (violation: WatchdogViolation) => void;
}

export const WATCHDOG_TICK_MS = 25;
export const FULL_SCAN_INTERVAL_MS = 500;

export interface ScanState {
  now: number;
  lastScanAt: number;
  /** Tasks on the machine now and at the last full scan (null where unknown). */
  tasks: number | null;
  tasksAtLastScan: number | null;
  /** How many more processes the run may start. */
  headroom: number;
}

export type ScanReason = 'surge' | 'interval' | null;

/** Why this tick should list every process, if it should. Pure, for the unit tests. */
export function scanReason({ now, lastScanAt, tasks, tasksAtLastScan, headroom }: ScanState): ScanReason {
  if (tasks !== null && tasksAtLastScan !== null && tasks - tasksAtLastScan > Math.max(1, Math.floor(headroom / 2))) {
    return 'surge';
  }
  return now - lastScanAt >= FULL_SCAN_INTERVAL_MS ? 'interval' : null;
}

/** The 4th field of /proc/loadavg is "runnable/total" scheduling entities. */
export function parseLoadavgTasks(text: string): number | null {
  const match = /^\S+ \S+ \S+ \d+\/(\d+) /.exec(text);
  return match ? Number(match[1]) : null;
}

/**
 * Tasks on the machine now, read synchronously: a fork bomb starves the thread pool an async read would wait
 * for, and the read itself takes ~15 µs.
 */
function machineTasks(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    return parseLoadavgTasks(readFileSync('/proc/loadavg', 'utf8'));
  } catch {
    return null;
  }
}

async function pssBytes(procDir: string): Promise<number> {
  const text = await fs.readFile(`${procDir}/smaps_rollup`, 'utf8').catch(() => '');
  const match = /^Pss:\s+(\d+) kB/m.exec(text);
  return match ? Number(match[1]) * 1024 : 0;
}

async function totalPss(procDirs: string[]): Promise<number> {
  return (await Promise.all(procDirs.map(pssBytes))).reduce((a, b) => a + b, 0);
}

/**
 * The namespace's processes other than its init (pid 1), as paths in its procfs; null if it cannot be read.
 *
 * Until bwrap's init has mounted the namespace's procfs and switched to the new root, /proc/<init>/root/proc
 * is the host's /proc, listing every process of the machine: on a busy machine, more than a run's limit (a
 * profile run was once killed as a "fork bomb" that way). The host's procfs is told apart by its `self` link,
 * which names this process; in the namespace's, this process does not exist and `self` does not resolve.
 */
export async function namespaceProcesses(init: number): Promise<string[] | null> {
  const proc = `/proc/${init}/root/proc`;
  const seesThisProcess = await fs.readlink(`${proc}/self`).then(
    () => true,
    () => false,
  );
  if (seesThisProcess) return null;
  const names = await fs.readdir(proc).catch(() => null);
  if (!names) return null;
  return names.filter((n) => /^\d+$/.test(n) && n !== '1').map((n) => `${proc}/${n}`);
}

export interface Watchdog {
  stop(): void;
}

export function startWatchdog(options: WatchdogOptions): Watchdog {
  const linux = process.platform === 'linux';
  const tick = linux ? WATCHDOG_TICK_MS : FULL_SCAN_INTERVAL_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // The run has just been spawned: one process, and the machine's task count as the baseline.
  let lastScanAt = performance.now();
  let lastMemoryAt = lastScanAt;
  let tasksAtLastScan = machineTasks();
  let lastCount = 1;
  let init: number | undefined;
  void options.namespaceInit?.then((pid) => (init = pid));

  const violate = (violation: WatchdogViolation): void => {
    if (stopped) return;
    stopped = true;
    options.onViolation(violation);
  };

  /** The namespace way; false when the namespace cannot be read (gone, or not permitted). */
  const checkNamespace = async (nsInit: number): Promise<boolean> => {
    const procs = await namespaceProcesses(nsInit);
    if (procs === null) return false;
    if (procs.length > options.maxProcesses) {
      violate('process-limit');
    } else if (performance.now() - lastMemoryAt >= FULL_SCAN_INTERVAL_MS) {
      lastMemoryAt = performance.now();
      if ((await totalPss(procs)) > options.memoryBytes) violate('memory-limit');
    }
    return true;
  };

  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-options.root, signal);
    } catch {
      // the group is gone
    }
  };

  const checkTree = async (): Promise<void> => {
    const tasks = machineTasks();
    const headroom = options.maxProcesses - lastCount;
    const reason = scanReason({ now: performance.now(), lastScanAt, tasks, tasksAtLastScan, headroom });
    if (reason === null) return;
    if (reason === 'surge') signalGroup('SIGSTOP');
    try {
      const members = treeMembers(options.root, await listProcesses());
      lastScanAt = performance.now();
      tasksAtLastScan = machineTasks();
      lastCount = Math.max(0, members.length - options.wrapperProcesses);
      if (lastCount > options.maxProcesses) return violate('process-limit');
      if (linux && (await totalPss(members.map((pid) => `/proc/${pid}`))) > options.memoryBytes) violate('memory-limit');
    } finally {
      // After a violation the kill takes over the frozen group.
      if (reason === 'surge' && !stopped) signalGroup('SIGCONT');
    }
  };

  // A chain of timeouts, not an interval: a slow scan (a machine busy with a fork bomb) must not pile up.
  const loop = async (): Promise<void> => {
    if (stopped) return;
    try {
      if (init === undefined || !(await checkNamespace(init))) await checkTree();
    } catch {
      // A process vanishing mid-scan is normal; the next tick tries again.
    }
    if (!stopped) timer = setTimeout(() => void loop(), tick);
  };
  timer = setTimeout(() => void loop(), tick);

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
