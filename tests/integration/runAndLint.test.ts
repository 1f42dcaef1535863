/**
 * F5 and lint-as-you-type through the real API: a Python file of the workspace runs in the sandboxed runner
 * (a crash in native code reads "crashed with SIGSEGV" with faulthandler's traceback; a Python traceback
 * points at the student's line), and ruff lints unsaved text. Real course environment, real dispatcher.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, Result } from '../../electron/core/api.js';
import { createDispatcher } from '../../electron/core/dispatch.js';
import { handlers } from '../../electron/core/handlers.js';
import { resolveAppPaths } from '../../electron/core/paths.js';
import { createAppServices } from '../../electron/core/services.js';
import { ClientSession } from '../../electron/core/session.js';
import { repoRoot } from '../support/webApp.js';

const events: { event: EventName; payload: unknown }[] = [];
let session: ClientSession;
let root = '';
const dispatch = createDispatcher(handlers);

async function call<M extends 'run.start' | 'lint.python' | 'lint.mypy' | 'profile.run' | 'bench.run' | 'meter.run' | 'timeline.run'>(method: M, params: object): Promise<Result<M>> {
  const reply = await dispatch(session, method, params);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.result as Result<M>;
}

beforeAll(async () => {
  const env = { ...process.env, PYFORGE_DATA_DIR: path.join(os.tmpdir(), 'pyforge-test-lessons-data'), PYFORGE_RUST_PREBUILD: 'off' };
  const services = await createAppServices(resolveAppPaths(repoRoot, env), '0.0.0-test', env);
  session = new ClientSession(services, (event, payload) => events.push({ event, payload }));
  root = (await session.currentWorkspace()).root;
}, 300_000);

afterAll(async () => {
  await session?.dispose();
});

describe('Run (F5)', () => {
  it('runs a file of the workspace and streams its output', async () => {
    writeFileSync(path.join(root, 'hello_run.py'), 'import sys\nprint("hello from", sys.prefix)\n');
    const result = await call('run.start', { path: 'hello_run.py', runId: 'r1' });
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 0 });
    const out = events.filter((e) => e.event === 'run.output' && (e.payload as { runId: string }).runId === 'r1').map((e) => (e.payload as { chunk: string }).chunk).join('');
    expect(out).toContain('hello from');
    expect(out).toContain(path.join(os.tmpdir(), 'pyforge-test-lessons-data', 'envs'));
  }, 120_000);

  it('reports a crash in native code with its signal and faulthandler traceback', async () => {
    writeFileSync(path.join(root, 'crash_run.py'), 'import ctypes\n\ndef boom():\n    ctypes.string_at(0)\n\nboom()\n');
    const result = await call('run.start', { path: 'crash_run.py', runId: 'r2' });
    expect(result.outcome).toBe('crashed');
    expect(result.summary).toContain('SIGSEGV');
    const err = events.filter((e) => e.event === 'run.output' && (e.payload as { runId: string; stream: string }).runId === 'r2').map((e) => (e.payload as { chunk: string }).chunk).join('');
    expect(err).toContain('Fatal Python error: Segmentation fault');
    expect(err).toMatch(/crash_run\.py", line 4 in boom/);
    // The editor marks the student's line where it crashed.
    expect(result.traceback).toMatchObject({ file: 'crash_run.py', line: 4 });
  }, 120_000);

  it("points a Python traceback at the student's line", async () => {
    writeFileSync(path.join(root, 'raise_run.py'), 'def check(x):\n    raise ValueError(f"bad {x}")\n\ncheck(3)\n');
    const result = await call('run.start', { path: 'raise_run.py', runId: 'r3' });
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 1, traceback: { file: 'raise_run.py', line: 2, message: 'ValueError: bad 3' } });
  }, 120_000);

  it('refuses a path outside the workspace', async () => {
    await expect(call('run.start', { path: '../../etc/passwd', runId: 'r4' })).rejects.toThrow(/forbidden_path/);
  });
});

describe('Profile', () => {
  it('puts the hot function on top of the table and at the bottom of its stack in the call tree', async () => {
    writeFileSync(
      path.join(root, 'profile_me.py'),
      'import math\n\ndef hot(n):\n    return sum(math.sqrt(i) for i in range(n))\n\ndef cold():\n    return sorted(range(1000))\n\ndef main():\n    for _ in range(10):\n        hot(50_000)\n    cold()\n\nmain()\nprint("profiled")\n',
    );
    const result = await call('profile.run', { path: 'profile_me.py', profileId: 'p1' });
    expect(result.outcome).toBe('exited');
    const profile = result.profile!;
    // By total time the student's functions lead: main > hot > cold; by own time the generator does the work.
    const byTotal = profile.functions.filter((f) => !f.native && f.name !== '<module>').sort((a, b) => b.totalTime - a.totalTime);
    expect(byTotal.slice(0, 2).map((f) => f.name)).toEqual(['main', 'hot']);
    expect(profile.functions.find((f) => f.name === 'hot')).toMatchObject({ calls: 10, file: expect.stringContaining('profile_me.py') as string, line: 3 });
    // The tree: <module> > main > hot > sum (native, one block named after its module) > genexpr.
    const module = profile.tree.children.find((c) => c.name === '<module>')!;
    const main = module.children.find((c) => c.name === 'main')!;
    const hot = main.children[0]!;
    expect(hot.name).toBe('hot');
    expect(hot.children[0]).toMatchObject({ native: true, module: 'builtins' });
    expect(hot.value).toBeGreaterThan(main.value * 0.8);
    // The profile file was read and removed; the script's own output still streamed.
    const out = events.filter((e) => e.event === 'run.output' && (e.payload as { runId: string }).runId === 'p1').map((e) => (e.payload as { chunk: string }).chunk).join('');
    expect(out).toContain('profiled');
  }, 120_000);

  it('shares a function’s callees between the paths that reach it, so no node outgrows its parent', async () => {
    // helper is called 30 times from a and 10 from b; each call spends the same in x and in y.
    const spin = (name: string): string => `def ${name}():\n    t = time.perf_counter()\n    while time.perf_counter() - t < 0.002:\n        pass\n`;
    writeFileSync(
      path.join(root, 'profile_paths.py'),
      `import time\n${spin('x')}${spin('y')}def helper():\n    x()\n    y()\ndef a():\n    for _ in range(30):\n        helper()\ndef b():\n    for _ in range(10):\n        helper()\na()\nb()\n`,
    );
    const { profile } = await call('profile.run', { path: 'profile_paths.py', profileId: 'p2' });
    const module = profile!.tree.children.find((c) => c.name === '<module>')!;
    const helperUnder = (caller: string) => module.children.find((c) => c.name === caller)!.children.find((c) => c.name === 'helper')!;
    for (const caller of ['a', 'b']) {
      const helper = helperUnder(caller);
      const x = helper.children.find((c) => c.name === 'x')!;
      const y = helper.children.find((c) => c.name === 'y')!;
      // Before, each callee got all of its time from helper on both paths: under b, x + y was twice helper.
      expect(x.value + y.value).toBeLessThanOrEqual(helper.value * 1.01);
      expect(x.value / helper.value).toBeGreaterThan(0.35);
      expect(y.value / helper.value).toBeGreaterThan(0.35);
    }
    expect(helperUnder('a').value / helperUnder('b').value).toBeGreaterThan(2);
  }, 120_000);
});

describe('Benchmark', () => {
  it('times each implementation per size, flags one that disagrees, and keeps the runs', async () => {
    writeFileSync(
      path.join(root, 'bench_sum.py'),
      [
        'import numpy as np',
        'def py_sum(xs): return sum(xs)',
        'def np_sum(xs): return float(np.sum(np.asarray(xs)))',
        'def wrong_sum(xs): return sum(xs) + (1 if len(xs) > 100 else 0)',
        'IMPLEMENTATIONS = {"python": py_sum, "numpy": np_sum, "wrong": wrong_sum}',
        'SIZES = [10, 1000]',
        'def make_input(n): return ([float(i) for i in range(n)],)',
        '',
      ].join('\n'),
    );
    // The shared test workspace keeps its runs from earlier test runs; the newest 20 are kept, so start afresh.
    rmSync(path.join(root, '.pyforge', 'bench-history.json'), { force: true });
    const first = await call('bench.run', { path: 'bench_sum.py', benchId: 'b1' });
    const bench = first.bench!;
    expect(new Set(bench.results.map((r) => r.implementation))).toEqual(new Set(['python', 'numpy', 'wrong']));
    expect(bench.results.filter((r) => r.implementation === 'python').map((r) => r.size)).toEqual([10, 1000]);
    expect(bench.disagreements).toEqual([expect.objectContaining({ implementation: 'wrong', reference: 'python', size: 1000 })]);
    expect(bench.results.every((r) => r.seconds > 0 && r.min <= r.seconds && r.seconds <= r.max)).toBe(true);
    const second = await call('bench.run', { path: 'bench_sum.py', benchId: 'b2' });
    expect(second.history.length).toBe(first.history.length + 1);
  }, 180_000);
});

describe('Refcount and leak meter', () => {
  it('shows a rising refcount for a leaking extension and a flat one for the fixed one', async () => {
    const source = (incref: boolean): string =>
      `#include <Python.h>\nstatic PyObject *keep(PyObject *self, PyObject *arg) { ${incref ? 'Py_INCREF(arg); ' : ''}Py_RETURN_NONE; }\n` +
      'static PyMethodDef m[] = {{"keep", keep, METH_O, NULL}, {NULL, NULL, 0, NULL}};\n' +
      `static struct PyModuleDef d = {PyModuleDef_HEAD_INIT, "${incref ? 'leaky' : 'fixed'}", NULL, -1, m};\n` +
      `PyMODINIT_FUNC PyInit_${incref ? 'leaky' : 'fixed'}(void) { return PyModule_Create(&d); }\n`;
    const builder = path.join(repoRoot, 'python-runtime', 'checker', 'pyforge_build.py');
    const { python, env } = await session.services.checkEnvironment(root);
    for (const name of ['leaky', 'fixed']) {
      writeFileSync(path.join(root, `${name}.c`), source(name === 'leaky'));
      const built = spawnSync(python, [builder, 'c-extension', '--name', name, `${name}.c`], { cwd: root, env, encoding: 'utf8' });
      expect(built.status, built.stdout + built.stderr).toBe(0);
      writeFileSync(path.join(root, `meter_${name}.py`), `import ${name}\nCALLS = 1000\ndef call(argument):\n    ${name}.keep(argument)\n`);
    }
    const leaky = (await call('meter.run', { path: 'meter_leaky.py', meterId: 'm1' })).meter!;
    expect(leaky.leaksReferences).toBe(true);
    expect(leaky.series.at(-1)!.refcountChange).toBe(1000);
    expect(leaky.series.map((p) => p.refcountChange)).toEqual([...leaky.series.map((p) => p.refcountChange)].sort((a, b) => a - b));
    const fixed = (await call('meter.run', { path: 'meter_fixed.py', meterId: 'm2' })).meter!;
    expect(fixed.leaksReferences).toBe(false);
    expect(fixed.series.every((p) => p.refcountChange === 0)).toBe(true);
  }, 180_000);
});

describe('Timeline', () => {
  it('draws calls that hold the GIL one after another with a stalled heartbeat, and calls that release it together', async () => {
    // ctypes' CDLL releases the GIL around a foreign call and PyDLL keeps it: the GIL witness with no compiler.
    writeFileSync(
      path.join(root, 'timeline_usleep.py'),
      'import ctypes\nreleased, held = ctypes.CDLL(None), ctypes.PyDLL(None)\nTASKS = {"released": lambda: released.usleep(150_000), "held": lambda: held.usleep(150_000)}\nTHREADS = 3\n',
    );
    const { timeline, outcome } = await call('timeline.run', { path: 'timeline_usleep.py', timelineId: 't1' });
    expect(outcome).toBe('exited');
    const [released, held] = timeline!.sections;
    expect(released!.title).toBe('released');
    for (const s of [released!, held!]) {
      expect(s.lanes.map((l) => l.kind)).toEqual(['calls', 'calls', 'calls', 'heartbeat']);
      expect(s.spans.filter((x) => x.lane.startsWith('thread'))).toHaveLength(3);
      expect(s.alone).toBeGreaterThanOrEqual(0.15);
    }
    // Noise only adds time: released is bounded above, held below (the course's sleep witness).
    expect(released!.elapsed!).toBeLessThan(0.6 * 3 * 0.15);
    expect(held!.elapsed!).toBeGreaterThanOrEqual(0.95 * 3 * 0.15);
    // While one call held the GIL for 150 ms, the heartbeat could not beat.
    expect(held!.longestStall!).toBeGreaterThanOrEqual(0.14);
    const heartbeat = held!.spans.filter((x) => x.lane === 'Python heartbeat');
    expect(heartbeat.length).toBeGreaterThan(1);
  }, 120_000);

  it("records a script's own spans and marks, per thread or asyncio task, with its own clock", async () => {
    writeFileSync(
      path.join(root, 'timeline_recorded.py'),
      [
        'import asyncio',
        'from pyforge_timeline import mark, record, section, span',
        'async def fetch(n):',
        '    with span(f"fetch {n}"):',
        '        await asyncio.sleep(0.02 * n)',
        'async def crawl():',
        '    await asyncio.gather(*(asyncio.create_task(fetch(n), name=f"task {n}") for n in (1, 2)))',
        'with section("crawl"):',
        '    asyncio.run(crawl())',
        'with section("debounce"):',
        '    for k in range(3):',
        '        mark("key", lane="keys", at=0.05 * k)',
        '    record("query", 0.4, 0.45, lane="queries")',
        'with section("dispatch order", unit="steps"):',
        '    with span("dispatch"):',
        '        mark("emit")',
        '',
      ].join('\n'),
    );
    const { timeline } = await call('timeline.run', { path: 'timeline_recorded.py', timelineId: 't2' });
    const [crawl, debounce] = timeline!.sections;
    expect(timeline!.sections).toHaveLength(3);
    expect(crawl!.lanes.map((l) => l.name)).toEqual(['task 1', 'task 2']);
    const second = crawl!.spans.find((x) => x.label === 'fetch 2')!;
    expect(second.end - second.start).toBeGreaterThanOrEqual(0.04);
    expect(debounce!.marks.map((m) => m.at)).toEqual([0, 0.05, 0.1]);
    expect(debounce!.spans).toEqual([{ lane: 'queries', label: 'query', start: 0.4, end: 0.45 }]);
    // In a section of steps, each start, end and mark is the next step: the order, not the time.
    const order = timeline!.sections[2]!;
    expect([crawl!.unit, order.unit]).toEqual(['seconds', 'steps']);
    expect(order.spans).toEqual([{ lane: 'MainThread', label: 'dispatch', start: 1, end: 3 }]);
    expect(order.marks).toEqual([{ lane: 'MainThread', label: 'emit', at: 2 }]);
    // An asyncio task's thread runs other tasks meanwhile: its CPU time would say nothing about the bar.
    expect(second.cpu).toBeUndefined();
  }, 120_000);

  it('says what to write when the file declares and records nothing', async () => {
    writeFileSync(path.join(root, 'timeline_empty.py'), 'x = 1\n');
    const result = await call('timeline.run', { path: 'timeline_empty.py', timelineId: 't3' });
    expect(result.timeline).toBeNull();
    const err = events.filter((e) => e.event === 'run.output' && (e.payload as { runId: string }).runId === 't3').map((e) => (e.payload as { chunk: string }).chunk).join('');
    expect(err).toContain('recorded nothing: declare TASKS, or record with span()/mark()');
  }, 120_000);

  it('refuses a time that is not a finite number where the script records it', async () => {
    writeFileSync(path.join(root, 'timeline_nan.py'), 'from pyforge_timeline import record\nrecord("x", 0, float("nan"))\n');
    const result = await call('timeline.run', { path: 'timeline_nan.py', timelineId: 't4' });
    expect(result.timeline).toBeNull();
    const err = events.filter((e) => e.event === 'run.output' && (e.payload as { runId: string }).runId === 't4').map((e) => (e.payload as { chunk: string }).chunk).join('');
    expect(err).toMatch(/timeline_nan\.py", line 2[\s\S]*ValueError: record\(\)'s end must be a finite number, not nan/);
  }, 120_000);
});

describe('mypy on save', () => {
  it("reports a type error of the workspace's saved files at its line with its code", async () => {
    writeFileSync(path.join(root, 'typed_draft.py'), 'def double(x: int) -> int:\n    return x * 2\n\n\nresult: str = double(2)\n');
    const { diagnostics } = await call('lint.mypy', {});
    expect(diagnostics).toContainEqual(expect.objectContaining({ file: 'typed_draft.py', line: 5, severity: 'error', code: 'assignment' }));
  }, 120_000);
});

describe('lint as you type', () => {
  it('reports ruff findings and syntax errors on unsaved text, at their lines', async () => {
    const { diagnostics } = await call('lint.python', { path: 'draft.py', content: 'import os\n\nx = 1\ndef f( :\n' });
    expect(diagnostics.find((d) => d.severity === 'error')).toMatchObject({ file: 'draft.py', line: 4 });
    const clean = await call('lint.python', { path: 'draft.py', content: 'import os\n\nprint(1)\n' });
    expect(clean.diagnostics).toEqual([expect.objectContaining({ line: 1, code: 'F401', severity: 'warning' })]);
  }, 60_000);
});
