/**
 * The benchmark view's numbers, apart from drawing them: the speed-up table, the series the chart plots, the
 * red notices' wording and the earlier runs to compare with. Pure, so all of it is unit-tested.
 */
import type { BenchHistoryEntry, BenchReport } from '../../../electron/core/api';

export type BenchPoint = BenchReport['results'][number];

export type CellStatus = 'ok' | 'disagrees' | 'error' | 'missing';

export interface SpeedupCell {
  implementation: string;
  seconds: number | null;
  noisy: boolean;
  /** The reference's time over this one's: 10 means ten times faster. Null for the reference or without both times. */
  speedup: number | null;
  status: CellStatus;
}

export interface SpeedupRow {
  size: number;
  cells: SpeedupCell[];
}

export interface SpeedupTable {
  /** The first implementation: every other is compared with it (its results are the expected ones too). */
  reference: string | null;
  implementations: string[];
  rows: SpeedupRow[];
}

const key = (implementation: string, size: number): string => `${implementation}\u0000${size}`;

/** One row per size (ascending), one cell per implementation, each compared with the first implementation. */
export function speedupTable(report: Pick<BenchReport, 'implementations' | 'sizes' | 'results' | 'disagreements' | 'errors'>): SpeedupTable {
  const points = new Map(report.results.map((r) => [key(r.implementation, r.size), r]));
  const disagreeing = new Set(report.disagreements.map((d) => key(d.implementation, d.size)));
  const failing = new Set(report.errors.map((e) => key(e.implementation, e.size)));
  const sizes = [...new Set([...report.sizes, ...report.results.map((r) => r.size)])].sort((a, b) => a - b);
  const [reference = null] = report.implementations;
  const rows = sizes.map((size) => {
    const base = reference === null ? undefined : points.get(key(reference, size));
    const cells = report.implementations.map((implementation): SpeedupCell => {
      const point = points.get(key(implementation, size));
      const status: CellStatus = point ? 'ok' : disagreeing.has(key(implementation, size)) ? 'disagrees' : failing.has(key(implementation, size)) ? 'error' : 'missing';
      const speedup = implementation !== reference && point && base && point.seconds > 0 ? base.seconds / point.seconds : null;
      return { implementation, seconds: point?.seconds ?? null, noisy: point?.noisy ?? false, speedup, status };
    });
    return { size, cells };
  });
  return { reference, implementations: [...report.implementations], rows };
}

/** "12.3× faster", "2.10× slower", "about as fast" (within 5 %, which is the noise of a quiet machine). */
export function speedupText(speedup: number): { text: string; direction: 'faster' | 'slower' | 'same' } {
  if (speedup >= 0.95 && speedup <= 1.05) return { text: 'about as fast', direction: 'same' };
  const factor = speedup > 1 ? speedup : 1 / speedup;
  const digits = factor >= 100 ? 0 : factor >= 10 ? 1 : 2;
  return { text: `${factor.toFixed(digits)}× ${speedup > 1 ? 'faster' : 'slower'}`, direction: speedup > 1 ? 'faster' : 'slower' };
}

/** "numpy disagrees with python at n=1000: got 3.0, expected 2.0". */
export function disagreementText(d: BenchReport['disagreements'][number]): string {
  return `${d.implementation} disagrees with ${d.reference} at n=${d.size}: got ${d.got}, expected ${d.expected}`;
}

/** "numpy failed at n=1000: ValueError: …". */
export function benchErrorText(e: BenchReport['errors'][number]): string {
  return `${e.implementation} failed at n=${e.size}: ${e.message}`;
}

export interface ChartSeries {
  implementation: string;
  /** Seconds per x (null: no timing at that size, or not positive, which a log axis cannot place). */
  values: (number | null)[];
  noisy: boolean[];
}

export interface BenchChartData {
  /** The sizes of both runs, ascending: the chart's x values. */
  sizes: number[];
  /** The run just made, one series per implementation. */
  latest: ChartSeries[];
  /** The run compared with, per implementation of the latest run (empty without one). */
  earlier: ChartSeries[];
}

function align(sizes: number[], implementations: readonly string[], results: readonly BenchPoint[]): ChartSeries[] {
  const points = new Map(results.map((r) => [key(r.implementation, r.size), r]));
  return implementations.map((implementation) => {
    const row = sizes.map((size) => points.get(key(implementation, size)));
    return {
      implementation,
      values: row.map((p) => (p && p.seconds > 0 ? p.seconds : null)),
      noisy: row.map((p) => p?.noisy ?? false),
    };
  });
}

/** The chart's series: one per implementation, aligned on the sizes of this run and of the one compared with. */
export function benchChartData(implementations: readonly string[], current: readonly BenchPoint[], previous: readonly BenchPoint[] | null): BenchChartData {
  const sizes = [...new Set([...current, ...(previous ?? [])].map((r) => r.size))].filter((s) => s > 0).sort((a, b) => a - b);
  return {
    sizes,
    latest: align(sizes, implementations, current),
    earlier: previous ? align(sizes, implementations, previous) : [],
  };
}

/**
 * The earlier runs of this script, newest first. The host appends the run just made to the history it
 * returns, so that last entry is left out when there is a current result: comparing a run with itself shows nothing.
 */
export function earlierRuns(history: readonly BenchHistoryEntry[], hasCurrent: boolean): BenchHistoryEntry[] {
  const earlier = hasCurrent ? history.slice(0, -1) : [...history];
  return earlier.reverse();
}

/**
 * How long before the latest run an earlier one was made, for the picker: "moments", "5 min", "3 h", "2 days"
 * (followed by "earlier"). Measured from the latest run, not the clock, so it reads the same however long the
 * view stays open.
 */
export function runGap(at: string, latestAt: string): string {
  const seconds = Math.max(0, (Date.parse(latestAt) - Date.parse(at)) / 1000);
  if (!Number.isFinite(seconds)) return at;
  if (seconds < 60) return 'moments';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  const days = Math.floor(seconds / 86_400);
  return `${days} day${days === 1 ? '' : 's'}`;
}
