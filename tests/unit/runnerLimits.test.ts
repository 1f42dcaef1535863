import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, resolveLimits } from '../../electron/core/runner/limits.js';
import { FULL_SCAN_INTERVAL_MS, parseLoadavgTasks, scanReason, type ScanState } from '../../electron/core/runner/watchdog.js';

describe('limits', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({
      timeoutMs: 30_000,
      cpuSeconds: 30,
      memoryBytes: 2 ** 30,
      maxOutputBytes: 2 ** 20,
      maxProcesses: 64,
      maxFileBytes: 256 * 2 ** 20,
    });
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
  });

  it('overrides the defaults with the given limits only', () => {
    expect(resolveLimits()).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ timeoutMs: 2000, maxProcesses: 8 })).toEqual({ ...DEFAULT_LIMITS, timeoutMs: 2000, maxProcesses: 8 });
    expect(resolveLimits({ cpuSeconds: undefined })).toEqual(DEFAULT_LIMITS);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number])('rejects %s', (bad) => {
    expect(() => resolveLimits({ memoryBytes: bad })).toThrow(RangeError);
  });
});

describe('watchdog scheduling', () => {
  const base: ScanState = { now: 1000, lastScanAt: 990, tasks: 200, tasksAtLastScan: 200, headroom: 63 };

  it('scans every FULL_SCAN_INTERVAL_MS regardless of the machine', () => {
    expect(scanReason(base)).toBeNull();
    expect(scanReason({ ...base, now: base.lastScanAt + FULL_SCAN_INTERVAL_MS })).toBe('interval');
    expect(scanReason({ ...base, tasks: null, tasksAtLastScan: null, now: base.lastScanAt + FULL_SCAN_INTERVAL_MS })).toBe('interval');
  });

  it('scans at once (a surge) when the machine grew by more than half the headroom', () => {
    expect(scanReason({ ...base, tasks: 231 })).toBeNull(); // +31 = floor(63 / 2)
    expect(scanReason({ ...base, tasks: 232 })).toBe('surge');
    expect(scanReason({ ...base, tasks: 150 })).toBeNull(); // the machine shrank
    expect(scanReason({ ...base, tasks: 232, now: base.lastScanAt + FULL_SCAN_INTERVAL_MS })).toBe('surge');
  });

  it('with little or no headroom, any growth of more than one task is a surge', () => {
    expect(scanReason({ ...base, headroom: 0, tasks: 201 })).toBeNull();
    expect(scanReason({ ...base, headroom: 0, tasks: 202 })).toBe('surge');
    expect(scanReason({ ...base, headroom: -5, tasks: 202 })).toBe('surge');
  });

  it('without a task count (no /proc), only the interval applies', () => {
    expect(scanReason({ ...base, tasks: null, tasksAtLastScan: 200 })).toBeNull();
    expect(scanReason({ ...base, tasks: 10_000, tasksAtLastScan: null })).toBeNull();
  });

  it('reads the task count from /proc/loadavg', () => {
    expect(parseLoadavgTasks('0.52 0.58 0.59 3/118 25515\n')).toBe(118);
    expect(parseLoadavgTasks('1836.99 673.84 241.99 3/28042 24819')).toBe(28042);
    expect(parseLoadavgTasks('')).toBeNull();
    expect(parseLoadavgTasks('garbage')).toBeNull();
  });
});
