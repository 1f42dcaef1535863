/**
 * The benchmark view's pure parts: the speed-up table, the chart's aligned series, the red notices' wording,
 * the earlier runs to compare with, and the formats of times and sizes.
 */
import { describe, expect, it } from 'vitest';
import type { BenchHistoryEntry, BenchReport } from '../../electron/core/api.js';
import { benchChartData, benchErrorText, disagreementText, earlierRuns, runGap, speedupTable, speedupText, type BenchPoint } from '../../renderer/src/views/benchData.js';
import { formatSeconds, formatSecondsCompact, formatSize } from '../../renderer/src/views/format.js';

const point = (implementation: string, size: number, seconds: number, noisy = false): BenchPoint => ({
  implementation,
  size,
  seconds,
  min: seconds,
  max: seconds,
  repeats: 5,
  loops: 1,
  noisy,
});

const report = (over: Partial<BenchReport> = {}): BenchReport => ({
  implementations: ['python', 'numpy', 'c'],
  sizes: [1000, 10],
  results: [point('python', 10, 2e-6), point('numpy', 10, 4e-6, true), point('c', 10, 1e-6), point('python', 1000, 2e-4), point('numpy', 1000, 1e-5)],
  disagreements: [{ implementation: 'c', reference: 'python', size: 1000, got: '3.0', expected: '2.0' }],
  errors: [],
  seconds: 1.5,
  ...over,
});

describe('speed-up table', () => {
  it('compares every implementation with the first one, per size, sizes ascending', () => {
    const table = speedupTable(report());
    expect(table.reference).toBe('python');
    expect(table.implementations).toEqual(['python', 'numpy', 'c']);
    expect(table.rows.map((r) => r.size)).toEqual([10, 1000]);
    const [small, large] = table.rows;
    expect(small!.cells.map((c) => [c.implementation, c.seconds, c.speedup, c.status, c.noisy])).toEqual([
      ['python', 2e-6, null, 'ok', false],
      ['numpy', 4e-6, 0.5, 'ok', true],
      ['c', 1e-6, 2, 'ok', false],
    ]);
    expect(large!.cells.map((c) => [c.implementation, c.speedup, c.status])).toEqual([
      ['python', null, 'ok'],
      ['numpy', 20, 'ok'],
      ['c', null, 'disagrees'],
    ]);
  });

  it('marks failures and missing timings, and has no speed-up without the reference', () => {
    const table = speedupTable(
      report({
        results: [point('numpy', 10, 1e-6)],
        disagreements: [],
        errors: [{ implementation: 'python', size: 10, message: 'MemoryError' }],
        sizes: [10],
      }),
    );
    expect(table.rows[0]!.cells.map((c) => [c.implementation, c.status, c.speedup])).toEqual([
      ['python', 'error', null],
      ['numpy', 'ok', null],
      ['c', 'missing', null],
    ]);
  });

  it('has no reference when there are no implementations', () => {
    expect(speedupTable(report({ implementations: [], results: [], disagreements: [] })).reference).toBeNull();
  });

  it('says how much faster or slower, and calls a 5 % difference the same', () => {
    expect(speedupText(20)).toEqual({ text: '20.0× faster', direction: 'faster' });
    expect(speedupText(250)).toEqual({ text: '250× faster', direction: 'faster' });
    expect(speedupText(0.5)).toEqual({ text: '2.00× slower', direction: 'slower' });
    expect(speedupText(1.03)).toEqual({ text: 'about as fast', direction: 'same' });
  });
});

describe('notices', () => {
  it('words a disagreement and an error as the student reads them', () => {
    expect(disagreementText({ implementation: 'numpy', reference: 'python', size: 1000, got: '3.5', expected: '3.25' })).toBe(
      'numpy disagrees with python at n=1000: got 3.5, expected 3.25',
    );
    expect(benchErrorText({ implementation: 'c', size: 10, message: 'TypeError: bad argument' })).toBe('c failed at n=10: TypeError: bad argument');
  });
});

describe('chart series', () => {
  it('aligns each implementation on the sizes, with gaps where it was not timed', () => {
    const data = benchChartData(['python', 'numpy', 'c'], report().results, null);
    expect(data.sizes).toEqual([10, 1000]);
    expect(data.latest.map((s) => [s.implementation, s.values, s.noisy])).toEqual([
      ['python', [2e-6, 2e-4], [false, false]],
      ['numpy', [4e-6, 1e-5], [true, false]],
      ['c', [1e-6, null], [false, false]],
    ]);
    expect(data.earlier).toEqual([]);
  });

  it('adds an earlier run on the union of both runs’ sizes, for the implementations of the latest', () => {
    const earlier = [point('python', 10, 3e-6), point('python', 100, 3e-5), point('gone', 10, 1)];
    const data = benchChartData(['python', 'numpy'], [point('python', 10, 2e-6), point('numpy', 1000, 1e-5)], earlier);
    expect(data.sizes).toEqual([10, 100, 1000]);
    expect(data.latest.map((s) => s.values)).toEqual([
      [2e-6, null, null],
      [null, null, 1e-5],
    ]);
    expect(data.earlier.map((s) => [s.implementation, s.values])).toEqual([
      ['python', [3e-6, 3e-5, null]],
      ['numpy', [null, null, null]],
    ]);
  });

  it('leaves out what a log axis cannot place: times and sizes of 0', () => {
    const data = benchChartData(['python'], [point('python', 0, 1), point('python', 10, 0)], null);
    expect(data.sizes).toEqual([10]);
    expect(data.latest[0]!.values).toEqual([null]);
  });
});

describe('earlier runs', () => {
  const entry = (at: string): BenchHistoryEntry => ({ at, script: 'bench_dot.py', results: [] });
  const history = [entry('2026-11-25T10:00:00Z'), entry('2026-11-25T10:30:00Z'), entry('2026-11-25T10:35:00Z')];

  it('lists the runs before the latest, newest first (the host appends the run just made)', () => {
    expect(earlierRuns(history, true).map((h) => h.at)).toEqual(['2026-11-25T10:30:00Z', '2026-11-25T10:00:00Z']);
    expect(earlierRuns(history, false)).toHaveLength(3);
    expect(earlierRuns([], true)).toEqual([]);
  });

  it('says how long before the latest run each was made', () => {
    expect(runGap('2026-11-25T10:34:30Z', '2026-11-25T10:35:00Z')).toBe('moments');
    expect(runGap('2026-11-25T10:30:00Z', '2026-11-25T10:35:00Z')).toBe('5 min');
    expect(runGap('2026-11-25T07:00:00Z', '2026-11-25T10:35:00Z')).toBe('3 h');
    expect(runGap('2026-11-24T10:00:00Z', '2026-11-25T10:35:00Z')).toBe('1 day');
    expect(runGap('2026-11-20T10:00:00Z', '2026-11-25T10:35:00Z')).toBe('5 days');
  });
});

describe('benchmark formats', () => {
  it('prints times from nanoseconds to seconds', () => {
    expect(formatSeconds(8.52e-8)).toBe('85.2 ns');
    expect(formatSeconds(3.1e-6)).toBe('3.10 µs');
    expect(formatSeconds(0.012)).toBe('12.0 ms');
    expect(formatSeconds(1.5)).toBe('1.50 s');
    expect(formatSeconds(0)).toBe('0 s');
  });

  it('drops trailing zeros on axis labels', () => {
    expect([1e-5, 1e-3, 0.1, 1, 2.5e-6, 0.0125].map(formatSecondsCompact)).toEqual(['10 µs', '1 ms', '100 ms', '1 s', '2.5 µs', '12.5 ms']);
  });

  it('prints sizes compactly for an axis', () => {
    expect([10, 100, 1000, 25_000, 1_000_000, 2.5e9].map(formatSize)).toEqual(['10', '100', '1k', '25k', '1M', '2.5G']);
  });
});
