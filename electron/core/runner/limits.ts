/**
 * Resource limits of one run. The defaults suit a student's exercise: long enough for a real test suite,
 * large enough for the course's heaviest import, small enough that a runaway program cannot take the machine.
 */

export interface RunLimits {
  /** Wall-clock time before the whole tree is killed. */
  timeoutMs: number;
  /** CPU seconds per process (RLIMIT_CPU): catches a busy loop even when the wall clock is generous. */
  cpuSeconds: number;
  /** Address space per process (RLIMIT_AS) and proportional memory of the whole tree (watchdog). */
  memoryBytes: number;
  /** Bytes of stdout + stderr kept in the result (the tail); the rest is counted and dropped. */
  maxOutputBytes: number;
  /** Processes in the run's tree, beyond which it is killed as a fork bomb. */
  maxProcesses: number;
  /** Largest file a process may write (RLIMIT_FSIZE): a runaway writer cannot fill the disk. */
  maxFileBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<RunLimits> = Object.freeze({
  timeoutMs: 30_000,
  cpuSeconds: 30,
  // numpy + scipy need >= 384 MiB of address space just to import (NOTES); 1 GiB leaves room for real work.
  memoryBytes: 1024 * MiB,
  maxOutputBytes: 1 * MiB,
  // pytest-xdist, multiprocessing pools and a compiler driver stay far below this; a fork bomb passes it in ms.
  maxProcesses: 64,
  maxFileBytes: 256 * MiB,
});

/** The defaults overridden by `partial`; rejects a limit that is not a positive finite number. */
export function resolveLimits(partial: Partial<RunLimits> = {}): RunLimits {
  const limits: RunLimits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof RunLimits>) {
    const value = partial[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`run limit ${key} must be a positive number, got ${String(value)}`);
    }
    limits[key] = value;
  }
  return limits;
}
