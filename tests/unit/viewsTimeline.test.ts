import { describe, expect, it } from 'vitest';
import type { TimelineSection } from '../../electron/core/api.js';
import { layoutLanes, taskVerdict, timeFormat, timeRange, timeTicks } from '../../renderer/src/views/timelineLayout.js';

function section(overrides: Partial<TimelineSection>): TimelineSection {
  return { title: 't', duration: 1, lanes: [], spans: [], marks: [], dropped: 0, ...overrides };
}

const span = (lane: string, label: string, start: number, end: number) => ({ lane, label, start, end });

describe('timeline layout', () => {
  it('puts a span inside another below it, and a later one back on the top row', () => {
    const lanes = layoutLanes(
      section({
        lanes: [{ name: 'MainThread', kind: 'spans' }],
        spans: [span('MainThread', 'handler a', 0.1, 0.2), span('MainThread', 'dispatch', 0, 0.5), span('MainThread', 'handler b', 0.25, 0.3), span('MainThread', 'next', 0.6, 0.7)],
      }),
    );
    expect(lanes).toHaveLength(1);
    const depth = Object.fromEntries(lanes[0]!.spans.map((s) => [s.label, s.depth]));
    expect(depth).toEqual({ dispatch: 0, 'handler a': 1, 'handler b': 1, next: 0 });
    expect(lanes[0]!.rows).toBe(2);
  });

  it('keeps the lanes in the report’s order and adds lanes only named by items', () => {
    const lanes = layoutLanes(
      section({
        lanes: [
          { name: 'thread 2', kind: 'calls' },
          { name: 'Python heartbeat', kind: 'heartbeat' },
        ],
        spans: [span('thread 2', 'call 1', 0, 1), span('stray', 'x', 0, 1)],
        marks: [{ lane: 'keys', label: 'k', at: 0.5 }],
      }),
    );
    expect(lanes.map((l) => [l.name, l.kind, l.rows])).toEqual([
      ['thread 2', 'calls', 1],
      ['Python heartbeat', 'heartbeat', 1],
      ['stray', 'spans', 1],
      ['keys', 'spans', 1],
    ]);
    expect(lanes[3]!.marks).toHaveLength(1);
  });

  it('covers every item on the axis, with round ticks', () => {
    expect(timeRange(section({ duration: 0.8, marks: [{ lane: 'a', label: 'm', at: -0.1 }] }))).toEqual({ start: -0.1, end: 0.8 });
    expect(timeRange(section({ duration: 0 }))).toEqual({ start: 0, end: 0.001 });
    expect(timeTicks(0, 0.8)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
    expect(timeTicks(0, 0.25)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25]);
    expect(timeTicks(-0.1, 1.9)).toEqual([0, 0.5, 1, 1.5]);
    // Steps are whole: a short order of 4 steps is not ticked at half steps.
    expect(timeTicks(0, 4, 8, 1)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('time labels', () => {
  it('reads a clock in seconds and an order in steps', () => {
    expect(timeFormat({}).at(0.0125)).toBe('12.5 ms');
    expect(timeFormat({ unit: 'steps' }).at(3)).toBe('step 3');
    expect(timeFormat({ unit: 'steps' }).span(1)).toBe('1 step');
    expect(timeFormat({ unit: 'steps' }).tick(12)).toBe('12');
  });
});

describe('what a task run says about the GIL', () => {
  const task = (overrides: Partial<TimelineSection>) => section({ threads: 4, calls: 1, alone: 0.2, cpuConcurrency: 0, ...overrides });

  it('says 4 calls that take 4 times one call "took turns", with the heartbeat’s stall', () => {
    const verdict = taskVerdict(task({ elapsed: 0.8, longestStall: 0.6 }))!;
    expect(verdict.shape).toBe('serial');
    expect(verdict.text).toBe('Took turns: 4 threads took 800 ms in all; one thread alone takes 200 ms (4.0x)');
    expect(verdict.detail.join(' ')).toContain('No other Python code ran for up to 600 ms');
  });

  it('says 4 calls that take one call’s time ran "at the same time", the heartbeat steady', () => {
    const verdict = taskVerdict(task({ elapsed: 0.21, longestStall: 0.002 }))!;
    expect(verdict.shape).toBe('parallel');
    expect(verdict.detail).toContain('The heartbeat kept beating: other Python code could run throughout.');
    expect(verdict.detail).toContain('The calls used almost no CPU: they were sleeping or waiting.');
  });

  it('says a compute run on 2 cores was "partly" at the same time, and counts the CPUs busy', () => {
    const verdict = taskVerdict(task({ alone: 0.018, elapsed: 0.041, cpuConcurrency: 1.77, longestStall: 0.005 }))!;
    expect(verdict.shape).toBe('partial');
    expect(verdict.detail).toContain('The calls kept 1.8 CPUs busy on average: more than one thread computed at once.');
    const python = taskVerdict(task({ alone: 0.05, elapsed: 0.22, cpuConcurrency: 0.95, longestStall: 0.02 }))!;
    expect(python.shape).toBe('serial');
    expect(python.detail).toContain('The calls kept 0.9 CPUs busy on average: one thread at a time.');
  });

  it('says when the calls raised, and gives no verdict for recorded spans', () => {
    const verdict = taskVerdict(task({ alone: 0, elapsed: 0.01, errors: ['AttributeError: no wait', 'AttributeError: no wait'] }))!;
    expect(verdict.shape).toBe('unknown');
    expect(verdict.detail[0]).toBe('A call raised AttributeError: no wait (and 1 more).');
    expect(taskVerdict(section({}))).toBeNull();
  });
});
