/**
 * The Build command for real: pyforge_build through the sandboxed runner with the toolchain's environment,
 * the machine's compilers, pybind11 and cffi from the course environment, and PyO3 through maturin offline.
 * Each kind builds, imports and runs; the second build of unchanged sources is a no-op; a compile error
 * comes back as a diagnostic at its file, line and column.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../electron/core/api.js';
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

  it('reports a C error as a diagnostic at its file, line and column', async () => {
    const ws = workspace({ 'bad.c': 'int ok(void) { return 1; }\nint broken(void) { return undeclared_name; }\n' });
    const result = await build(ws, 'c-extension', { kind: 'ctypes', sources: ['bad.c'] });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ file: 'bad.c', line: 2, column: 27, severity: 'error' });
    expect(result.diagnostics[0]!.message).toContain('undeclared_name');
    expect(result.summary).toMatch(/^Build failed: 1 error/);
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
  }, 600_000);
});
