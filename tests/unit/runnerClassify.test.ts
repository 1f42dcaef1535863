import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { classifyRun, signalName, type RunFacts } from '../../electron/core/runner/classify.js';
import { DEFAULT_LIMITS } from '../../electron/core/runner/limits.js';
import { formatAmount, formatDuration, formatLimitBytes } from '../../electron/core/runner/units.js';

function facts(extra: Partial<RunFacts>): RunFacts {
  return {
    exitCode: 0,
    signal: null,
    killedBecause: null,
    exitCodeEncodesSignal: false,
    couldHaveHitCpuLimit: false,
    stderrTail: '',
    limits: DEFAULT_LIMITS,
    droppedBytes: 0,
    command: 'python3',
    ...extra,
  };
}

describe('classifyRun', () => {
  it('an exit code is exited, whatever its value', () => {
    expect(classifyRun(facts({ exitCode: 0 }))).toEqual({ outcome: 'exited', exitCode: 0, signal: null, summary: 'exited with code 0' });
    expect(classifyRun(facts({ exitCode: 1, stderrTail: 'ValueError: nope' }))).toMatchObject({ outcome: 'exited', summary: 'exited with code 1' });
  });

  it.each([
    ['SIGSEGV', 'crashed with SIGSEGV (segmentation fault)'],
    ['SIGABRT', 'crashed with SIGABRT (aborted)'],
    ['SIGBUS', 'crashed with SIGBUS (bus error)'],
    ['SIGFPE', 'crashed with SIGFPE (arithmetic error)'],
    ['SIGILL', 'crashed with SIGILL (illegal instruction)'],
  ] as const)('%s is a crash: "%s"', (signal, summary) => {
    expect(classifyRun(facts({ exitCode: null, signal }))).toEqual({ outcome: 'crashed', exitCode: null, signal, summary });
  });

  it('inside bwrap a signal arrives as exit code 128+N and is decoded', () => {
    const segv = 128 + signalNumber('SIGSEGV');
    expect(classifyRun(facts({ exitCode: segv, exitCodeEncodesSignal: true }))).toEqual({
      outcome: 'crashed',
      exitCode: null,
      signal: 'SIGSEGV',
      summary: 'crashed with SIGSEGV (segmentation fault)',
    });
    // Without a wrapper that encodes signals, 139 is just an exit code.
    expect(classifyRun(facts({ exitCode: segv }))).toMatchObject({ outcome: 'exited', exitCode: segv, signal: null });
    // 128 itself and codes that are no signal stay exit codes.
    expect(classifyRun(facts({ exitCode: 128, exitCodeEncodesSignal: true }))).toMatchObject({ outcome: 'exited', exitCode: 128 });
    expect(classifyRun(facts({ exitCode: 255, exitCodeEncodesSignal: true }))).toMatchObject({ outcome: 'exited', exitCode: 255 });
    expect(classifyRun(facts({ exitCode: 3, exitCodeEncodesSignal: true }))).toMatchObject({ outcome: 'exited', exitCode: 3 });
  });

  it('SIGXCPU is the CPU limit; so is an unexplained SIGKILL after enough CPU time could have been used', () => {
    expect(classifyRun(facts({ exitCode: null, signal: 'SIGXCPU' }))).toMatchObject({ outcome: 'cpu-limit', summary: 'hit the CPU time limit (30 s)' });
    expect(classifyRun(facts({ exitCode: 128 + signalNumber('SIGXCPU'), exitCodeEncodesSignal: true }))).toMatchObject({
      outcome: 'cpu-limit',
      signal: 'SIGXCPU',
    });
    expect(classifyRun(facts({ exitCode: null, signal: 'SIGKILL', couldHaveHitCpuLimit: true, limits: { ...DEFAULT_LIMITS, cpuSeconds: 2 } }))).toMatchObject({
      outcome: 'cpu-limit',
      summary: 'hit the CPU time limit (2 s)',
    });
    expect(classifyRun(facts({ exitCode: null, signal: 'SIGKILL' }))).toMatchObject({ outcome: 'crashed', summary: 'was killed by SIGKILL (killed)' });
  });

  it('MemoryError with a non-zero exit is the memory limit', () => {
    const stderrTail = 'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\nMemoryError\n';
    expect(classifyRun(facts({ exitCode: 1, stderrTail }))).toEqual({ outcome: 'memory-limit', exitCode: 1, signal: null, summary: 'hit the memory limit (1 GiB)' });
    expect(classifyRun(facts({ exitCode: 0, stderrTail }))).toMatchObject({ outcome: 'exited' });
    expect(classifyRun(facts({ exitCode: 1, stderrTail: 'NotAMemoryErrorAtAll' }))).toMatchObject({ outcome: 'exited' });
  });

  it('the runner’s own reasons win over how the process died', () => {
    const killed = { exitCode: null, signal: 'SIGKILL' as const, couldHaveHitCpuLimit: true };
    expect(classifyRun(facts({ ...killed, killedBecause: 'timeout', limits: { ...DEFAULT_LIMITS, timeoutMs: 2000 } }))).toMatchObject({
      outcome: 'timeout',
      summary: 'timed out after 2 s; the whole process tree was killed',
    });
    expect(classifyRun(facts({ ...killed, killedBecause: 'stopped' }))).toMatchObject({ outcome: 'stopped', summary: 'stopped' });
    expect(classifyRun(facts({ ...killed, killedBecause: 'process-limit' }))).toMatchObject({
      outcome: 'process-limit',
      summary: 'started more than 64 processes; the whole process tree was killed',
    });
    expect(classifyRun(facts({ ...killed, killedBecause: 'memory-limit', limits: { ...DEFAULT_LIMITS, memoryBytes: 512 * 2 ** 20 } }))).toMatchObject({
      outcome: 'memory-limit',
      summary: 'its processes together hit the memory limit (512 MiB); the whole process tree was killed',
    });
    // A program that exited by itself while being stopped still counts as stopped.
    expect(classifyRun(facts({ exitCode: 0, killedBecause: 'stopped' }))).toMatchObject({ outcome: 'stopped', exitCode: 0 });
  });

  it('other signals: killed by, and the file size limit', () => {
    expect(classifyRun(facts({ exitCode: null, signal: 'SIGTERM' }))).toMatchObject({ outcome: 'crashed', summary: 'was killed by SIGTERM (terminated)' });
    expect(classifyRun(facts({ exitCode: null, signal: 'SIGUSR1' }))).toMatchObject({ outcome: 'crashed', summary: 'was killed by SIGUSR1' });
    expect(classifyRun(facts({ exitCode: null, signal: 'SIGXFSZ' }))).toMatchObject({ outcome: 'crashed', summary: 'hit the file size limit (256 MiB)' });
  });

  it('a program that never started', () => {
    expect(classifyRun(facts({ exitCode: null, command: 'pyhton3', startError: 'not found' }))).toEqual({
      outcome: 'failed-to-start',
      exitCode: null,
      signal: null,
      summary: 'could not start pyhton3: not found',
    });
  });

  it('appends the output cap to any summary', () => {
    expect(classifyRun(facts({ droppedBytes: 199_000_000 })).summary).toBe('exited with code 0; output capped: kept the last 1 MiB, dropped 199 MB');
    expect(classifyRun(facts({ exitCode: null, signal: 'SIGSEGV', droppedBytes: 1500, limits: { ...DEFAULT_LIMITS, maxOutputBytes: 1024 } })).summary).toBe(
      'crashed with SIGSEGV (segmentation fault); output capped: kept the last 1 KiB, dropped 1.5 kB',
    );
  });
});

describe('signalName', () => {
  it('maps numbers to names with the platform table or a given one', () => {
    expect(signalName(signalNumber('SIGSEGV'))).toBe('SIGSEGV');
    expect(signalName(11, { SIGSEGV: 11, SIGKILL: 9 })).toBe('SIGSEGV');
    expect(signalName(99, { SIGSEGV: 11 })).toBeNull();
  });
});

describe('units', () => {
  it('formats limits in binary units, amounts in decimal ones, durations in s / ms / min', () => {
    expect(formatLimitBytes(2 ** 30)).toBe('1 GiB');
    expect(formatLimitBytes(384 * 2 ** 20)).toBe('384 MiB');
    expect(formatLimitBytes(1.5 * 2 ** 30)).toBe('1.5 GiB');
    expect(formatLimitBytes(1)).toBe('1 byte');
    expect(formatLimitBytes(1000)).toBe('1000 bytes');
    expect(formatAmount(199_000_000)).toBe('199 MB');
    expect(formatAmount(208_666_632)).toBe('209 MB');
    expect(formatAmount(12_345)).toBe('12 kB');
    expect(formatAmount(2_500_000_000)).toBe('2.5 GB');
    expect(formatDuration(2000)).toBe('2 s');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(90_000)).toBe('1 min 30 s');
  });
});

function signalNumber(name: NodeJS.Signals): number {
  return constants.signals[name];
}
