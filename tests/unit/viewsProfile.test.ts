/**
 * The profile view's pure parts: the flame graph's layout (x, width and depth of every frame from the tree),
 * frame names, the table's sorting, source links relative to the workspace, and the time formats.
 */
import { describe, expect, it } from 'vitest';
import type { ProfileNode } from '../../electron/core/api.js';
import { formatProfileTime, formatShare } from '../../renderer/src/views/format.js';
import { frameLabel, layoutFlame, maxDepth, nativeName, nodeAt, pathTo } from '../../renderer/src/views/flameLayout.js';
import { callsText, DEFAULT_SORT, nextSort, sortFunctions, type ProfileFunction } from '../../renderer/src/views/profileTable.js';
import { shortPath, workspaceRelative } from '../../renderer/src/views/sourcePath.js';

const node = (name: string, value: number, children: ProfileNode[] = [], over: Partial<ProfileNode> = {}): ProfileNode => ({
  name,
  file: `/ws/${name}.py`,
  line: 1,
  native: false,
  module: null,
  value,
  children,
  ...over,
});

/** The layout as [key, name, depth, x, width] rows, rounded, for readable expectations. */
function rows(root: ProfileNode, minWidth?: number, rootKey?: string): [string, string, number, number, number][] {
  return layoutFlame(root, minWidth, rootKey).map((f) => [f.key, f.node.name, f.depth, +f.x.toFixed(6), +f.width.toFixed(6)]);
}

describe('flame graph layout', () => {
  const tree = node('all', 10, [node('<module>', 10, [node('a', 6, [node('c', 2)]), node('b', 3)])], { file: null, line: null });

  it('places the root on top at full width and each child below its parent, left to right, as wide as its time', () => {
    expect(rows(tree)).toEqual([
      ['0', 'all', 0, 0, 1],
      ['0.0', '<module>', 1, 0, 1],
      ['0.0.0', 'a', 2, 0, 0.6],
      ['0.0.0.0', 'c', 3, 0, 0.2],
      ['0.0.1', 'b', 2, 0.6, 0.3],
    ]);
    expect(maxDepth(layoutFlame(tree))).toBe(3);
  });

  it('scales children that add up to more than their parent so they fit inside it', () => {
    const overflowing = node('p', 4, [node('x', 3), node('y', 3)]);
    expect(rows(overflowing)).toEqual([
      ['0', 'p', 0, 0, 1],
      ['0.0', 'x', 1, 0, 0.5],
      ['0.1', 'y', 1, 0.5, 0.5],
    ]);
  });

  it('leaves out frames narrower than the minimum with their subtrees, keeping their room', () => {
    const tiny = node('p', 1, [node('small', 0.0001, [node('deeper', 0.0001)]), node('big', 0.5)]);
    expect(rows(tiny, 0.001)).toEqual([
      ['0', 'p', 0, 0, 1],
      ['0.1', 'big', 1, 0.0001, 0.5],
    ]);
  });

  it('lays out a zoomed subtree at full width with the keys it has in the whole tree', () => {
    const a = nodeAt(tree, '0.0.0')!;
    expect(a.name).toBe('a');
    expect(rows(a, undefined, '0.0.0')).toEqual([
      ['0.0.0', 'a', 0, 0, 1],
      ['0.0.0.0', 'c', 1, 0, 0.333333],
    ]);
    expect(pathTo(tree, '0.0.0').map((p) => p.node.name)).toEqual(['all', '<module>', 'a']);
    expect(nodeAt(tree, '0.5')).toBeNull();
  });

  it('draws a root without time alone, and ignores negative values', () => {
    expect(rows(node('all', 0, [node('x', 0)]))).toEqual([['0', 'all', 0, 0, 1]]);
    expect(rows(node('p', 2, [node('neg', -1), node('x', 1)]))).toEqual([
      ['0', 'p', 0, 0, 1],
      ['0.1', 'x', 1, 0, 0.5],
    ]);
  });

  it('keeps 2000 frames of 0.05 % each (the profiler cuts at 0.1 %), so a big profile draws in full', () => {
    const wide = node('all', 2000, Array.from({ length: 2000 }, (_, i) => node(`f${i}`, 1)));
    expect(layoutFlame(wide)).toHaveLength(2001);
  });
});

describe('frame names', () => {
  it("reads cProfile's names of native functions", () => {
    expect(nativeName('<built-in method math.sqrt>')).toBe('math.sqrt');
    expect(nativeName('<built-in method builtins.len>')).toBe('len');
    expect(nativeName("<method 'append' of 'list' objects>")).toBe('list.append');
    expect(nativeName('<built-in method numpy._core._multiarray_umath.dot>')).toBe('numpy._core._multiarray_umath.dot');
    expect(nativeName('something else')).toBe('something else');
  });

  it('labels native frames, module frames and functions', () => {
    expect(frameLabel({ name: '<built-in method math.sqrt>', file: null, native: true })).toBe('[native] math.sqrt');
    expect(frameLabel({ name: '<module>', file: '/ws/run_pipeline.py', native: false })).toBe('<module> run_pipeline.py');
    expect(frameLabel({ name: 'featurize', file: '/ws/pipeline.py', native: false })).toBe('featurize');
  });
});

describe('the table of functions', () => {
  const fn = (name: string, ownTime: number, totalTime: number, calls: number, over: Partial<ProfileFunction> = {}): ProfileFunction => ({
    name,
    file: `/ws/${name}.py`,
    line: 1,
    native: false,
    module: null,
    calls,
    primitiveCalls: calls,
    ownTime,
    totalTime,
    ...over,
  });
  const functions = [fn('b', 0.2, 0.5, 10), fn('a', 0.2, 0.9, 1), fn('c', 0.7, 0.7, 1000)];
  const names = (rows: ProfileFunction[]): string[] => rows.map((r) => r.name);

  it('sorts by own time, biggest first, by default; equal times by name', () => {
    expect(DEFAULT_SORT).toEqual({ key: 'ownTime', descending: true });
    expect(names(sortFunctions(functions, DEFAULT_SORT))).toEqual(['c', 'a', 'b']);
  });

  it('sorts by total time, calls and name in either direction', () => {
    expect(names(sortFunctions(functions, { key: 'totalTime', descending: true }))).toEqual(['a', 'c', 'b']);
    expect(names(sortFunctions(functions, { key: 'calls', descending: false }))).toEqual(['a', 'b', 'c']);
    expect(names(sortFunctions(functions, { key: 'name', descending: false }))).toEqual(['a', 'b', 'c']);
    expect(names(sortFunctions(functions, { key: 'name', descending: true }))).toEqual(['c', 'b', 'a']);
  });

  it('does not change the rows it is given', () => {
    const before = names(functions);
    sortFunctions(functions, { key: 'calls', descending: true });
    expect(names(functions)).toEqual(before);
  });

  it('flips the direction on a second click, and starts numbers big-first and names A-Z', () => {
    expect(nextSort(DEFAULT_SORT, 'ownTime')).toEqual({ key: 'ownTime', descending: false });
    expect(nextSort(DEFAULT_SORT, 'calls')).toEqual({ key: 'calls', descending: true });
    expect(nextSort(DEFAULT_SORT, 'name')).toEqual({ key: 'name', descending: false });
  });

  it("writes a recursive function's calls as pstats does", () => {
    expect(callsText({ calls: 30, primitiveCalls: 30 })).toBe('30');
    expect(callsText({ calls: 30, primitiveCalls: 1 })).toBe('30/1');
    expect(callsText({ calls: 80000, primitiveCalls: 80000 })).toBe('80\u202f000');
  });
});

describe('source links', () => {
  it('makes files inside the workspace relative to it', () => {
    expect(workspaceRelative('/data/ws/ex/pipeline.py', '/data/ws/ex')).toBe('pipeline.py');
    expect(workspaceRelative('/data/ws/ex/pkg/mod.py', '/data/ws/ex/')).toBe('pkg/mod.py');
  });

  it('gives no link outside the workspace, even for a folder whose name starts the same', () => {
    expect(workspaceRelative('/usr/lib/python3.12/json/__init__.py', '/data/ws/ex')).toBeNull();
    expect(workspaceRelative('/data/ws/ex2/pipeline.py', '/data/ws/ex')).toBeNull();
    expect(workspaceRelative('<frozen importlib._bootstrap>', '/data/ws/ex')).toBeNull();
    expect(workspaceRelative('~', '/data/ws/ex')).toBeNull();
    expect(workspaceRelative(null, '/data/ws/ex')).toBeNull();
    expect(workspaceRelative('/data/ws/ex/a.py', null)).toBeNull();
    expect(workspaceRelative('/data/ws/ex/../other/a.py', '/data/ws/ex')).toBeNull();
  });

  it("gives no link into a virtual environment or PyForge's own folder inside the workspace", () => {
    expect(workspaceRelative('/ws/.venv/lib/python3.12/site-packages/numpy/core.py', '/ws')).toBeNull();
    expect(workspaceRelative('/ws/lib/site-packages/x.py', '/ws')).toBeNull();
    expect(workspaceRelative('/ws/.pyforge/tool.py', '/ws')).toBeNull();
  });

  it('matches Windows paths with either slash and any case', () => {
    expect(workspaceRelative('C:\\Users\\Ann\\PyForge\\ex\\pkg\\mod.py', 'c:\\users\\ann\\pyforge\\ex')).toBe('pkg/mod.py');
    expect(workspaceRelative('D:\\ex\\mod.py', 'C:\\ex')).toBeNull();
  });

  it('shortens paths outside the workspace to their last two parts', () => {
    expect(shortPath('/usr/lib/python3/dist-packages/numpy/linalg.py')).toBe('numpy/linalg.py');
    expect(shortPath('C:\\Python\\Lib\\json\\decoder.py')).toBe('json/decoder.py');
  });
});

describe('profile times', () => {
  it('prints ms below a second and s above, with three significant figures', () => {
    expect(formatProfileTime(1.2345)).toBe('1.23 s');
    expect(formatProfileTime(0.0123)).toBe('12.3 ms');
    expect(formatProfileTime(0.000042)).toBe('0.0420 ms');
    expect(formatProfileTime(0)).toBe('0 ms');
    expect(formatProfileTime(1e-9)).toBe('< 0.001 ms');
  });

  it('prints shares of the total', () => {
    expect(formatShare(1, 8)).toBe('12.5 %');
    expect(formatShare(8, 8)).toBe('100 %');
    expect(formatShare(0.0001, 8)).toBe('< 0.1 %');
    expect(formatShare(1, 0)).toBe('–');
  });
});
