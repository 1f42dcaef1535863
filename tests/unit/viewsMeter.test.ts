/**
 * The leak meter's verdict in words, from the series the meter recorded, and which measuring buttons an
 * exercise card shows and which file each runs.
 */
import { describe, expect, it } from 'vitest';
import type { FileEntry, MeterReport } from '../../electron/core/api.js';
import { profileTarget, singleOrChoice, toolButtons, toolFiles } from '../../renderer/src/lessons/exerciseTools.js';
import { formatBytes, formatCount } from '../../renderer/src/views/format.js';
import { meterVerdict } from '../../renderer/src/views/meterVerdict.js';

/** A meter report whose series grows linearly to the given totals over `calls`. */
function meter(calls: number, refs: number, blocks: number, over: Partial<MeterReport> = {}): MeterReport {
  const samples = 4;
  return {
    calls,
    series: Array.from({ length: samples }, (_, i) => {
      const share = (i + 1) / samples;
      return { calls: calls * share, refcountChange: Math.round(refs * share), allocatedBlocks: Math.round(blocks * share), tracedBytes: Math.round(blocks * share * 56) };
    }),
    leaksReferences: refs !== 0,
    leaksBlocks: blocks > Math.max(200, calls / 10),
    ...over,
  };
}

describe('meter verdict', () => {
  it('says "No leak" when the counts come back and memory stays flat', () => {
    const verdict = meterVerdict(meter(2000, 0, 0));
    expect(verdict).toMatchObject({ leaks: false, text: 'No leak' });
    expect(verdict.detail).toContain('2000 calls');
    expect(verdict.detail).toContain('memory stayed flat');
    // Growth below the host's bound is no leak, but the words must not call a rising line flat.
    expect(meterVerdict(meter(2000, 0, 197)).detail).toContain('memory grew by only 197 blocks');
  });

  it('says one reference per call for one missing Py_DECREF', () => {
    expect(meterVerdict(meter(2000, 2000, 0))).toMatchObject({ leaks: true, text: 'Leaks one reference per call' });
    expect(meterVerdict(meter(1000, 3000, 0)).text).toBe('Leaks three references per call');
    expect(meterVerdict(meter(2000, 3000, 0)).text).toBe('Leaks about 1.5 references per call');
    expect(meterVerdict(meter(2000, 24000, 0)).text).toBe('Leaks 12 references per call');
  });

  it('counts a leak rarer than one a call over all the calls', () => {
    expect(meterVerdict(meter(2000, 3, 0)).text).toBe('Leaks three references over 2000 calls');
  });

  it('names a Py_DECREF too many as lost references', () => {
    const verdict = meterVerdict(meter(2000, -2000, 0));
    expect(verdict).toMatchObject({ leaks: true, text: 'Loses one reference per call' });
    expect(verdict.detail).toContain('freed while still in use');
  });

  it('adds leaked memory blocks, alone or after the references', () => {
    expect(meterVerdict(meter(2000, 2000, 2000)).text).toBe('Leaks one reference per call and one memory block per call');
    expect(meterVerdict(meter(2000, 0, 6000))).toMatchObject({ leaks: true, text: 'Leaks three memory blocks per call' });
  });

  it('has nothing to say without measurements', () => {
    expect(meterVerdict({ calls: 0, series: [], leaksReferences: false, leaksBlocks: false })).toMatchObject({ leaks: false, text: 'No measurements' });
  });

  it('prints counts and bytes for the axes', () => {
    expect(formatCount(12345)).toBe('12\u202f345');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3277)).toBe('3.2 KiB');
    expect(formatBytes(-1536)).toBe('−1.5 KiB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MiB');
  });
});

describe('exercise card tools', () => {
  const entries = (...paths: string[]): FileEntry[] => paths.map((path) => ({ path, kind: path.endsWith('/') ? 'dir' : 'file' }));
  const files = toolFiles(
    entries('pipeline.py', 'run_pipeline.py', 'bench_dot.py', 'bench_sum.py', 'meter_vec.py', 'timeline_gil.py', 'test_pipeline.py', 'tests/helpers.py', '.pyforge/x.py', '.venv/lib/site.py', 'notes.md', 'pkg/'),
  );

  it('finds benchmark, meter, timeline and Python files, leaving out tests and hidden folders', () => {
    expect(files).toEqual({
      bench: ['bench_dot.py', 'bench_sum.py'],
      meter: ['meter_vec.py'],
      timeline: ['timeline_gil.py'],
      python: ['bench_dot.py', 'bench_sum.py', 'meter_vec.py', 'pipeline.py', 'run_pipeline.py', 'timeline_gil.py'],
    });
  });

  it("shows the button of the exercise's view, and those of the tool files the student wrote", () => {
    const none = toolFiles([]);
    const only = (button: string) => ({ profile: false, bench: false, meter: false, timeline: false, [button]: true });
    expect(toolButtons('flamegraph', undefined, none)).toEqual(only('profile'));
    expect(toolButtons(undefined, 'run.py', none)).toEqual(only('profile'));
    expect(toolButtons('benchmark', undefined, none)).toEqual(only('bench'));
    expect(toolButtons('refcount', undefined, none)).toEqual(only('meter'));
    expect(toolButtons('timeline', undefined, none)).toEqual(only('timeline'));
    expect(toolButtons(undefined, undefined, none)).toEqual({ profile: false, bench: false, meter: false, timeline: false });
    expect(toolButtons('refcount', undefined, files)).toEqual({ profile: false, bench: true, meter: true, timeline: true });
  });

  it('profiles the exercise’s entry, else the Python file in the editor, else the only one, else asks', () => {
    expect(profileTarget('run_pipeline.py', 'pipeline.py', files)).toBe('run_pipeline.py');
    expect(profileTarget(undefined, 'pipeline.py', files)).toBe('pipeline.py');
    expect(profileTarget(undefined, 'notes.md', files)).toEqual(files.python);
    expect(profileTarget(undefined, null, toolFiles(entries('only.py')))).toBe('only.py');
  });

  it('runs the only benchmark or meter file, or asks which', () => {
    expect(singleOrChoice(['meter_vec.py'])).toBe('meter_vec.py');
    expect(singleOrChoice(['bench_dot.py', 'bench_sum.py'])).toEqual(['bench_dot.py', 'bench_sum.py']);
    expect(singleOrChoice([])).toEqual([]);
  });
});
