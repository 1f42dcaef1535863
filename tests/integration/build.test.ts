/**
 * The Build command for real: pyforge_build through the sandboxed runner with the toolchain's environment,
 * the machine's compilers, pybind11 and cffi from the course environment, and PyO3 through maturin offline.
 * Each kind builds, imports and runs; the second build of unchanged sources is a no-op; a compile error
 * comes back as a diagnostic at its file, line, column and range, and as readable text (never the compiler's
 * JSON). pyforge_build's diagnostics reader (Python) is held to the fast path's (TypeScript) on the same samples.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../electron/core/api.js';
import type { CompilerMessage } from '../../electron/core/build/diagnostics/messages.js';
import { structuredDiagnosticsFlags } from '../../electron/core/build/diagnostics/probe.js';
import { readCompilerOutput } from '../../electron/core/build/diagnostics/reader.js';
import { runBuild } from '../../electron/core/build/service.js';
import type { Exercise } from '../../electron/core/lessons/course.js';
import { resolveAppPaths } from '../../electron/core/paths.js';
import { ToolchainService } from '../../electron/core/toolchain/service.js';
import { ensureVendoredCrates } from '../support/crates.js';
import { HELLO_PYO3 } from '../support/pyo3Fixtures.js';
import { repoRoot } from '../support/webApp.js';

const RUNTIME = path.join(repoRoot, 'python-runtime');
const temp = mkdtempSync(path.join(os.tmpdir(), 'pyforge-build-'));
let python = '';
let env: NodeJS.ProcessEnv = {};
let n = 0;

beforeAll(async () => {
  await ensureVendoredCrates();
  const paths = resolveAppPaths(repoRoot, { ...process.env, PYFORGE_DATA_DIR: path.join(os.tmpdir(), 'pyforge-test-lessons-data') });
  const toolchain = new ToolchainService(paths, { ...process.env, PYFORGE_RUST_PREBUILD: 'off' });
  await toolchain.start();
  const state = toolchain.state;
  if (state.state !== 'ready') throw new Error(`the course environment is not ready: ${JSON.stringify(state)}`);
  python = state.python.executable;
  env = { ...(await toolchain.processEnvironment(null, { waitForCompilers: true })), PYTHONDONTWRITEBYTECODE: '1' };
}, 300_000);

afterAll(() => rmSync(temp, { recursive: true, force: true }));

function workspace(files: Record<string, string>): string {
  const dir = path.join(temp, `ws-${n++}`);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

function build(ws: string, kind: Exercise['kind'], buildStep: NonNullable<Exercise['build']>): Promise<BuildResult> {
  const exercise = { id: 'x', title: 'x', kind, dir: ws, instructions: '', files: [], hints: [], check: { timeoutSeconds: 60 }, build: buildStep } as Exercise;
  return runBuild({ buildId: `b${n++}`, exercise, workspace: ws, python, env, runtimeDir: RUNTIME, onOutput: () => undefined });
}

/** Runs Python in the workspace with the build folder importable; returns its stdout. */
function py(ws: string, code: string): string {
  const run = spawnSync(python, ['-c', code], { cwd: ws, env: { ...env, PYTHONPATH: path.join(ws, 'build') }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trim();
}

async function twice(ws: string, kind: Exercise['kind'], step: NonNullable<Exercise['build']>): Promise<void> {
  const first = await build(ws, kind, step);
  expect(first.ok, `${first.summary}\n${first.output}`).toBe(true);
  expect(first.skipped).toBe(false);
  const second = await build(ws, kind, step);
  expect(second).toMatchObject({ ok: true, skipped: true });
  expect(second.summary).toContain('Up to date');
}

const C_EXT = `#define PY_SSIZE_T_CLEAN
#include <Python.h>
static PyObject *twice(PyObject *self, PyObject *arg) { long v = PyLong_AsLong(arg); if (v == -1 && PyErr_Occurred()) return NULL; return PyLong_FromLong(2 * v); }
static PyMethodDef methods[] = {{"twice", twice, METH_O, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "fastmath", NULL, -1, methods};
PyMODINIT_FUNC PyInit_fastmath(void) { return PyModule_Create(&module); }
`;

describe('Build', () => {
  it('builds a C API extension on the fast path, imports and calls it; unchanged, the second build is a no-op', async () => {
    const ws = workspace({ 'fastmath.c': C_EXT });
    await twice(ws, 'c-extension', { kind: 'c-api', sources: ['fastmath.c'] });
    expect(py(ws, 'import fastmath; print(fastmath.twice(21))')).toBe('42');
  }, 120_000);

  it('builds a project that ships setup.py with setuptools', async () => {
    const ws = workspace({
      'fastmath.c': C_EXT,
      'setup.py': 'from setuptools import Extension, setup\nsetup(name="fastmath", ext_modules=[Extension("fastmath", ["fastmath.c"])])\n',
    });
    const result = await build(ws, 'c-extension', { kind: 'setuptools' });
    expect(result.ok, result.output).toBe(true);
    const run = spawnSync(python, ['-c', 'import fastmath; print(fastmath.twice(4))'], { cwd: ws, env, encoding: 'utf8' });
    expect(run.stdout.trim()).toBe('8');
  }, 120_000);

  it('builds a shared library that ctypes and cffi load', async () => {
    const ws = workspace({ 'vec.c': 'double dot(const double *a, const double *b, int n) { double s = 0; for (int i = 0; i < n; i++) s += a[i] * b[i]; return s; }\n' });
    await twice(ws, 'c-extension', { kind: 'ctypes', sources: ['vec.c'] });
    const ctypes = 'import ctypes; lib = ctypes.CDLL("build/libvec.so"); lib.dot.restype = ctypes.c_double; A = ctypes.c_double * 3; print(lib.dot(A(1, 2, 3), A(4, 5, 6), 3))';
    expect(py(ws, ctypes)).toBe('32.0');
    const cffi = 'import cffi; ffi = cffi.FFI(); ffi.cdef("double dot(const double *, const double *, int);"); lib = ffi.dlopen("build/libvec.so"); print(lib.dot([1.0, 2.0], [3.0, 4.0], 2))';
    expect(py(ws, cffi)).toBe('11.0');
  }, 120_000);

  it('builds a pybind11 module', async () => {
    const ws = workspace({ 'ring.cpp': '#include <pybind11/pybind11.h>\nint add(int a, int b) { return a + b; }\nPYBIND11_MODULE(ring, m) { m.def("add", &add); }\n' });
    await twice(ws, 'cpp-extension', { kind: 'pybind11', sources: ['ring.cpp'] });
    expect(py(ws, 'import ring; print(ring.add(40, 2))')).toBe('42');
  }, 240_000);

  it('builds a PyO3 crate with maturin, offline', async () => {
    const ws = workspace({ 'src/lib.rs': HELLO_PYO3 });
    for (const file of ['Cargo.toml', 'pyproject.toml']) writeFileSync(path.join(ws, file), readFileSync(path.join(RUNTIME, 'crates-template', file), 'utf8').replaceAll('pyforge_crates_template', 'hello'));
    cpSync(path.join(RUNTIME, 'crates-template', 'Cargo.lock'), path.join(ws, 'Cargo.lock'));
    await twice(ws, 'rust-extension', { kind: 'maturin' });
    expect(py(ws, 'import hello; print(hello.greet("forge"))')).toBe('hello, forge');
  }, 600_000);

  it('reports a C error as a diagnostic at its file, line, column and range, and as readable text', async () => {
    const ws = workspace({ 'bad.c': 'int ok(void) { return 1; }\nint broken(void) { return undeclared_name; }\n' });
    let streamed = '';
    const exercise = { id: 'x', title: 'x', kind: 'c-extension', dir: ws, instructions: '', files: [], hints: [], check: { timeoutSeconds: 60 }, build: { kind: 'ctypes', sources: ['bad.c'] } } as Exercise;
    const result = await runBuild({ buildId: `b${n++}`, exercise, workspace: ws, python, env, runtimeDir: RUNTIME, onOutput: (chunk) => (streamed += chunk) });
    expect(result.ok).toBe(false);
    // gcc 12 writes JSON here: the range is `undeclared_name`, columns 27 to 41.
    expect(result.diagnostics[0]).toMatchObject({ file: 'bad.c', line: 2, column: 27, endLine: 2, endColumn: 42, severity: 'error' });
    expect(result.diagnostics[0]!.message).toContain('undeclared_name');
    expect(result.summary).toMatch(/^Build failed: 1 error/);
    expect(result.output).toContain("bad.c:2:27: error: 'undeclared_name' undeclared (first use in this function)\n    2 | int broken(void) { return undeclared_name; }\n      |                           ^~~~~~~~~~~~~~~\n");
    expect(result.output).not.toContain('"kind"');
    expect(streamed).toBe(result.output);
  }, 120_000);

  it("points a C++ template error inside a library header at the student's line (gcc 12's JSON has no \"required from here\")", async () => {
    const ws = workspace({ 'sorted.cpp': '#include <algorithm>\n#include <vector>\nstruct Point { int x, y; };\nvoid order(std::vector<Point> &points) {\n    std::sort(points.begin(), points.end());\n}\n' });
    const result = await build(ws, 'cpp-extension', { kind: 'ctypes', sources: ['sorted.cpp'] });
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ file: 'sorted.cpp', line: 5, severity: 'info', message: 'required from here' }));
    expect(result.output).toContain('sorted.cpp:5:14:   required from here');
  }, 120_000);

  it('asks gcc 12 for JSON (and zig cc for SARIF, when the zig test data is there), once per compiler', async () => {
    const started = performance.now();
    expect(await structuredDiagnosticsFlags(['gcc'], process.env)).toEqual(['-fdiagnostics-format=json']);
    const first = performance.now() - started;
    const again = performance.now();
    await structuredDiagnosticsFlags(['gcc'], process.env);
    expect(performance.now() - again).toBeLessThan(first);
    const zig = path.join(os.tmpdir(), 'pyforge-test-zig-data', 'components', 'ziglang', 'bin', 'zig-cc');
    if (existsSync(zig)) expect(await structuredDiagnosticsFlags([zig], process.env)).toEqual(['-fdiagnostics-format=sarif']);
  }, 120_000);

  it('reports a C++ error and a Rust error at their lines', async () => {
    const cpp = workspace({ 'bad.cpp': '#include <pybind11/pybind11.h>\nint f() {\n  std::string s = 42;\n  return 0;\n}\nPYBIND11_MODULE(bad, m) { m.def("f", &f); }\n' });
    const cppResult = await build(cpp, 'cpp-extension', { kind: 'pybind11', sources: ['bad.cpp'] });
    expect(cppResult.diagnostics.find((d) => d.severity === 'error')).toMatchObject({ file: 'bad.cpp', line: 3 });

    const rust = workspace({ 'src/lib.rs': 'use pyo3::prelude::*;\n\n#[pyfunction]\nfn f() -> i32 {\n    "not a number"\n}\n\n#[pymodule]\nfn broken(m: &Bound<\'_, PyModule>) -> PyResult<()> {\n    m.add_function(wrap_pyfunction!(f, m)?)\n}\n' });
    for (const file of ['Cargo.toml', 'pyproject.toml']) writeFileSync(path.join(rust, file), readFileSync(path.join(RUNTIME, 'crates-template', file), 'utf8').replaceAll('pyforge_crates_template', 'broken'));
    cpSync(path.join(RUNTIME, 'crates-template', 'Cargo.lock'), path.join(rust, 'Cargo.lock'));
    const rustResult = await build(rust, 'rust-extension', { kind: 'maturin' });
    expect(rustResult.ok).toBe(false);
    expect(rustResult.diagnostics.find((d) => d.severity === 'error')).toMatchObject({ file: 'src/lib.rs', line: 5, code: 'E0308' });
    expect(rustResult.output).toContain('error[E0308]: mismatched types');
  }, 600_000);
});

describe("pyforge_build's diagnostics (Python)", () => {
  const FIXTURES = path.join(repoRoot, 'tests', 'unit', 'fixtures', 'compilerOutput');
  const sample = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8').replaceAll('file:///tmp/diagw/', `${pathToFileURL(FIXTURES).href}/`);

  /** read_compiler_output on each sample, in the course environment's Python. */
  function pythonReports(names: string[]): Record<string, { output: string; structured: boolean; messages: Record<string, unknown>[] }> {
    const code = [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(path.join(RUNTIME, 'checker'))})`,
      'from pyforge_diagnostics import read_compiler_output',
      'samples = json.load(sys.stdin)',
      `print(json.dumps({n: {"output": r.output, "structured": r.structured, "messages": [m._asdict() for m in r.messages]} for n, r in ((n, read_compiler_output(t, ${JSON.stringify(FIXTURES)})) for n, t in samples.items())}))`,
    ].join('\n');
    const run = spawnSync(python, ['-c', code], { input: JSON.stringify(Object.fromEntries(names.map((n) => [n, sample(n)]))), encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout) as ReturnType<typeof pythonReports>;
  }

  /** A Python message in the TypeScript reader's shape. */
  const asTs = (m: Record<string, unknown>): CompilerMessage =>
    Object.fromEntries(
      Object.entries({ ...m, severity: m.severity === 'note' ? 'info' : m.severity, endLine: m.end_line, endColumn: m.end_column, end_line: undefined, end_column: undefined }).filter(([, v]) => v !== null && v !== undefined),
    ) as unknown as CompilerMessage;

  it('reads every C/C++ sample as the fast path does: the same diagnostics and the same readable text', async () => {
    const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.stderr') || f === 'msvc.txt');
    const reports = pythonReports(names);
    for (const name of names) {
      const ts = await readCompilerOutput(sample(name), FIXTURES);
      const py = reports[name]!;
      expect(py.output, name).toBe(ts.output);
      expect(py.structured, name).toBe(ts.structured);
      expect(py.messages.map(asTs), name).toEqual(ts.messages);
    }
  }, 60_000);

  it("reads cargo's JSON (an exercise's own build command): rustc's rendered text, the primary span's range, the code", () => {
    const reports = pythonReports(['cargo-error.jsonl', 'cargo-warning.jsonl']);
    const error = reports['cargo-error.jsonl']!;
    expect(error.output).toBe(JSON.parse(sample('cargo-error.jsonl').split('\n')[0]!).message.rendered + 'For more information about this error, try `rustc --explain E0308`.\n');
    expect(error.messages[0]).toEqual({ severity: 'error', message: 'mismatched types', code: 'E0308', file: 'src/lib.rs', line: 3, column: 5, end_line: 3, end_column: 19 });
    const warning = reports['cargo-warning.jsonl']!;
    expect(warning.messages).toEqual([{ severity: 'warning', message: 'unused variable: `unused`', code: 'unused_variables', file: 'src/lib.rs', line: 2, column: 9, end_line: 2, end_column: 15 }]);
    expect(warning.output).not.toContain('compiler-artifact');
  });

  it('builds for the checks with structured diagnostics: ranges in the events, readable text in the output', () => {
    const ws = workspace({ 'bad.c': 'int ok(void) { return 1; }\nint broken(void) { return undeclared_name; }\n' });
    const run = spawnSync(python, [path.join(RUNTIME, 'checker', 'pyforge_build.py'), 'shared-library', '--name', 'bad', '--out-dir', 'build', 'bad.c'], { cwd: ws, env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events[0]).toMatchObject({ type: 'diagnostic', file: 'bad.c', line: 2, column: 27, end_line: 2, end_column: 42, severity: 'error' });
    expect(events.at(-1)).toMatchObject({ type: 'done', ok: false });
    expect(events.at(-1)!.output).toContain('      |                           ^~~~~~~~~~~~~~~\n');
    expect(events.at(-1)!.output).not.toContain('"kind"');

    // A template error inside <algorithm>: built again for gcc's text, which says where the student's line is.
    const cpp = workspace({ 'sorted.cpp': '#include <algorithm>\n#include <vector>\nstruct Point { int x, y; };\nvoid order(std::vector<Point> &points) {\n    std::sort(points.begin(), points.end());\n}\n' });
    const template = spawnSync(python, [path.join(RUNTIME, 'checker', 'pyforge_build.py'), 'shared-library-cpp', '--name', 'sorted', '--out-dir', 'build', 'sorted.cpp'], { cwd: cpp, env, encoding: 'utf8' });
    const cppEvents = template.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(cppEvents).toContainEqual(expect.objectContaining({ type: 'diagnostic', file: 'sorted.cpp', line: 5, column: 14, severity: 'note', message: 'required from here' }));
    expect(cppEvents.at(-1)!.output).toContain('sorted.cpp:5:14:   required from here');
  }, 60_000);
});
