/**
 * The timeline's geometry and words, pure so they are unit-tested: which row of its lane each bar sits on
 * (a span inside another goes below it), where the axis ticks fall, and what a declared task's run says about
 * the GIL.
 */
import type { TimelineSection } from '../../../electron/core/api';
import { formatSeconds, formatSecondsCompact } from './format';

type Span = TimelineSection['spans'][number];
type Mark = TimelineSection['marks'][number];

export interface LaidOutSpan extends Span {
  /** 0 for an outermost span; one more for each span of the same lane it is inside. */
  depth: number;
}

export interface LaneLayout {
  name: string;
  kind: TimelineSection['lanes'][number]['kind'];
  spans: LaidOutSpan[];
  marks: Mark[];
  /** Rows the lane needs: its deepest nesting plus one (at least one, for marks). */
  rows: number;
}

/**
 * Stacks each lane's spans by nesting. Spans are placed by start (the longer first on a tie, so the outer one
 * of two that start together is on top); a span goes on the first row whose last span has ended by its start.
 */
export function layoutLanes(section: TimelineSection): LaneLayout[] {
  const names = section.lanes.map((l) => l.name);
  // A lane used by a span or mark but missing from `lanes` still gets drawn (the report comes from a script).
  for (const item of [...section.spans, ...section.marks]) if (!names.includes(item.lane)) names.push(item.lane);
  return names.map((name) => {
    const kind = section.lanes.find((l) => l.name === name)?.kind ?? 'spans';
    const spans = section.spans.filter((s) => s.lane === name).sort((a, b) => a.start - b.start || b.end - a.end);
    const rowEnds: number[] = [];
    const laidOut = spans.map((span): LaidOutSpan => {
      let depth = rowEnds.findIndex((end) => end <= span.start);
      if (depth === -1) depth = rowEnds.length;
      rowEnds[depth] = span.end;
      return { ...span, depth };
    });
    return { name, kind, spans: laidOut, marks: section.marks.filter((m) => m.lane === name), rows: Math.max(1, rowEnds.length) };
  });
}

/** The time the axis covers: from the earliest item (0, or before it) to the latest, never empty. */
export function timeRange(section: TimelineSection): { start: number; end: number } {
  const times = [...section.spans.flatMap((s) => [s.start, s.end]), ...section.marks.map((m) => m.at)];
  const start = Math.min(0, ...times);
  const end = Math.max(section.duration, ...times);
  return { start, end: end > start ? end : start + 1e-3 };
}

/** Round tick positions (1, 2 or 5 times a power of ten, at least `minStep`) covering [start, end], about `target` of them. */
export function timeTicks(start: number, end: number, target = 8, minStep = 0): number[] {
  const raw = Math.max((end - start) / target, minStep);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** How a section's times read: "12.5 ms" on a clock, "step 3" where only the order counts. */
export function timeFormat(section: Pick<TimelineSection, 'unit'>): { at: (t: number) => string; tick: (t: number) => string; span: (t: number) => string } {
  if (section.unit === 'steps') return { at: (t) => `step ${t}`, tick: (t) => String(t), span: (t) => `${t} step${t === 1 ? '' : 's'}` };
  return { at: formatSeconds, tick: formatSecondsCompact, span: formatSeconds };
}

export interface TaskVerdict {
  /** One line: how the threads' calls went together. */
  text: string;
  /** The numbers behind it, and what they mean for the GIL. */
  detail: string[];
  /** serial: one after another; parallel: all at once; partial: in between. */
  shape: 'serial' | 'parallel' | 'partial' | 'unknown';
}

/**
 * What a declared task's run shows. The yardstick is one call alone: N threads each making `calls` calls take
 * about that long in all when they run at once, and N times it when they take turns (the course's sleep witness).
 */
export function taskVerdict(section: TimelineSection): TaskVerdict | null {
  const { threads, calls = 1, alone, elapsed, cpuConcurrency, longestStall, errors = [] } = section;
  if (threads === undefined || elapsed === undefined || alone === undefined) return null;
  const detail: string[] = [];
  if (errors.length) detail.push(`A call raised ${errors[0]}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}.`);
  if (!(alone > 0)) return { text: 'One call alone could not be timed', detail, shape: 'unknown' };
  const ratio = elapsed / (alone * calls);
  const together = `${threads} threads took ${formatSeconds(elapsed)} in all; one thread alone takes ${formatSeconds(alone * calls)}`;
  let shape: TaskVerdict['shape'];
  let text: string;
  if (threads > 1 && ratio >= 0.75 * threads) {
    shape = 'serial';
    text = `Took turns: ${together} (${ratio.toFixed(1)}x)`;
  } else if (ratio <= 1.5) {
    shape = 'parallel';
    text = `At the same time: ${together} (${ratio.toFixed(1)}x)`;
  } else {
    shape = 'partial';
    text = `Partly at the same time: ${together} (${ratio.toFixed(1)}x)`;
  }
  if (cpuConcurrency !== undefined) {
    detail.push(
      cpuConcurrency < 0.1
        ? 'The calls used almost no CPU: they were sleeping or waiting.'
        : `The calls kept ${cpuConcurrency.toFixed(1)} CPUs busy on average: ${cpuConcurrency >= 1.3 ? 'more than one thread computed at once' : 'one thread at a time'}.`,
    );
  }
  // 10 ms is twice the interpreter's switch interval: shorter gaps are ordinary turn-taking.
  if (longestStall !== undefined && longestStall >= 0.01) {
    detail.push(`No other Python code ran for up to ${formatSeconds(longestStall)} at a time (the longest gap in the heartbeat): a thread held the GIL that long.`);
  } else if (longestStall !== undefined) {
    detail.push('The heartbeat kept beating: other Python code could run throughout.');
  }
  return { text, detail, shape };
}
