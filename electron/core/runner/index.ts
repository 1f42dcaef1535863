/**
 * The sandboxed runner: the single way student code runs (checks, builds, runs, profilers).
 *
 * What each platform gets:
 * - Linux with a working bwrap: own PID/IPC/network namespaces, read-only filesystem except the workspace and
 *   `writablePaths`, a private /tmp, no capabilities; rlimits (memory, CPU, file size, no core dumps); a
 *   watchdog for process count and total memory; the whole namespace killed at once.
 * - Linux without bwrap: `unshare -n` for the network where it works, rlimits, the watchdog; the filesystem is
 *   open; the tree is found by session, process group and parentage and killed frozen (SIGSTOP first).
 * - macOS and other POSIX systems: rlimits (macOS may not enforce RLIMIT_AS), the watchdog (every 500 ms)
 *   and the tree kill; network and filesystem open.
 * - Windows: mechanism 'none': the wall-clock timeout, Stop and `taskkill /T /F`; no limits, no watchdog.
 */
import { detectContainment } from './detect.js';
import { runWithContainment } from './run.js';
import type { RunRequest, RunResult } from './types.js';

export { DEFAULT_LIMITS, type RunLimits } from './limits.js';
export type { RunOutcome, RunRequest, RunResult, SandboxInfo } from './types.js';
export { detectSandbox } from './detect.js';

export async function runSandboxed(request: RunRequest): Promise<RunResult> {
  return runWithContainment(request, await detectContainment());
}
