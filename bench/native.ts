/**
 * Native code, side by side in one run:
 *  - hello C extension, edit + build + import: PyForge's Build (pyforge_build's fast path through the sandboxed
 *    runner) vs the bare compiler command (the limit; goal <= 1.2x) vs `setup.py build_ext --inplace` (anchor);
 *  - PyO3 edit-rebuild-import of an exercise crate: PyForge's Build vs a bare `maturin develop --release`
 *    (goal <= 1.0x), dependencies prebuilt;
 *  - the profiler's overhead on a ~1 s script: profiled vs plain.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBuild } from '../electron/core/build/service.js';
import type { Exercise } from '../electron/core/lessons/course.js';
import { resolveAppPaths } from '../electron/core/paths.js';
import { prebuildCrates } from '../electron/core/toolchain/cargo.js';
import { ToolchainService } from '../electron/core/toolchain/service.js';
import { HELLO_PYO3 } from '../tests/support/pyo3Fixtures.js';
import { repoRoot } from '../tests/support/webApp.js';
import { median, spread } from './stats.js';

const RUNTIME = path.join(repoRoot, 'python-runtime');
const HELLO_C = (n: number): string => `/* edit ${n} */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
static PyObject *answer(PyObject *self, PyObject *args) { return PyLong_FromLong(${n}); }
static PyMethodDef methods[] = {{"answer", answer, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "hello", NULL, -1, methods};
PyMODINIT_FUNC PyInit_hello(void) { return PyModule_Create(&module); }
`;

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

async function timeAsync(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

function check(run: ReturnType<typeof spawnSync>, what: string): void {
  if (run.status !== 0) throw new Error(`${what} failed:\n${String(run.stdout)}${String(run.stderr)}`);
}

export async function nativeBench(runs: number): Promise<string[]> {
  const dataDir = path.join(os.tmpdir(), 'pyforge-test-lessons-data');
  const toolchain = new ToolchainService(resolveAppPaths(repoRoot, { ...process.env, PYFORGE_DATA_DIR: dataDir }), { ...process.env, PYFORGE_RUST_PREBUILD: 'off' });
  await toolchain.start();
  const state = toolchain.state;
  if (state.state !== 'ready') throw new Error('the course environment is not ready');
  const python = state.python.executable;
  const env: NodeJS.ProcessEnv = { ...(await toolchain.processEnvironment(null, { waitForCompilers: true })), PYTHONDONTWRITEBYTECODE: '1' };
  const cc = env.CC ?? 'cc';
  const include = execFileSync(python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["include"])'], { encoding: 'utf8' }).trim();
  const suffix = execFileSync(python, ['-c', 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))'], { encoding: 'utf8' }).trim();
  const work = mkdtempSync(path.join(os.tmpdir(), 'pyforge-bench-native-'));
  const exercise = (kind: Exercise['kind'], build: NonNullable<Exercise['build']>): Exercise =>
    ({ id: 'bench', title: 'bench', kind, dir: work, instructions: '', files: [], hints: [], check: { timeoutSeconds: 60 }, build }) as Exercise;
  const importHello = (dir: string, sub: string): void =>
    check(spawnSync(python, ['-c', 'import hello; hello.answer()'], { cwd: dir, env: { ...env, PYTHONPATH: path.join(dir, sub) } }), 'import');
  try {
    // 1. The hello C extension, edited before every build so nothing is skipped.
    const pyforgeDir = path.join(work, 'pyforge');
    const bareDir = path.join(work, 'bare');
    const setupDir = path.join(work, 'setup');
    for (const dir of [pyforgeDir, bareDir, setupDir]) mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(setupDir, 'setup.py'), 'from setuptools import Extension, setup\nsetup(name="hello", ext_modules=[Extension("hello", ["hello.c"])])\n');
    const pyforgeC: number[] = [];
    const bareC: number[] = [];
    const setupC: number[] = [];
    for (let i = 0; i < runs; i++) {
      console.log(`native: C extension ${i + 1}/${runs}…`);
      writeFileSync(path.join(pyforgeDir, 'hello.c'), HELLO_C(i));
      pyforgeC.push(
        await timeAsync(async () => {
          const result = await runBuild({ buildId: `c${i}`, exercise: exercise('c-extension', { kind: 'c-api', sources: ['hello.c'] }), workspace: pyforgeDir, python, env, runtimeDir: RUNTIME, onOutput: () => undefined });
          if (!result.ok || result.skipped) throw new Error(`PyForge's build: ${result.summary}`);
          importHello(pyforgeDir, 'build');
        }),
      );
      writeFileSync(path.join(bareDir, 'hello.c'), HELLO_C(i));
      bareC.push(
        time(() => {
          check(spawnSync(cc, ['-shared', '-fPIC', '-O2', `-I${include}`, 'hello.c', '-o', `hello${suffix}`], { cwd: bareDir, env }), 'cc');
          importHello(bareDir, '.');
        }),
      );
      writeFileSync(path.join(setupDir, 'hello.c'), HELLO_C(i));
      setupC.push(
        time(() => {
          check(spawnSync(python, ['setup.py', '-q', 'build_ext', '--inplace'], { cwd: setupDir, env }), 'setup.py');
          importHello(setupDir, '.');
        }),
      );
    }

    // 2. PyO3: a crate built once (dependencies prebuilt), then edited and rebuilt.
    console.log('native: PyO3 (prebuilding the dependencies if needed)…');
    await prebuildCrates({ paths: resolveAppPaths(repoRoot, { ...process.env, PYFORGE_DATA_DIR: dataDir }), python, env });
    const crate = (name: string): string => {
      const dir = path.join(work, name);
      mkdirSync(path.join(dir, 'src'), { recursive: true });
      for (const file of ['Cargo.toml', 'pyproject.toml']) writeFileSync(path.join(dir, file), readFileSync(path.join(RUNTIME, 'crates-template', file), 'utf8').replaceAll('pyforge_crates_template', 'hello'));
      cpSync(path.join(RUNTIME, 'crates-template', 'Cargo.lock'), path.join(dir, 'Cargo.lock'));
      return dir;
    };
    const rustPyforge = crate('rust-pyforge');
    const rustBare = crate('rust-bare');
    const venv = path.join(work, 'venv');
    check(spawnSync(python, ['-m', 'venv', '--system-site-packages', venv], { env }), 'venv');
    const venvEnv = { ...env, VIRTUAL_ENV: venv, PATH: `${path.join(venv, 'bin')}${path.delimiter}${env.PATH ?? ''}` };
    const maturin = path.join(path.dirname(python), 'maturin');
    const pyforgeRust: number[] = [];
    const bareRust: number[] = [];
    const greet = (n: number): string => HELLO_PYO3.replace('format!("hello, {name}")', `format!("hello {n}, {name}", n = ${n})`);
    for (let i = -1; i < Math.max(2, Math.floor(runs / 2)); i++) {
      console.log(`native: PyO3 rebuild ${i + 2}…`);
      writeFileSync(path.join(rustPyforge, 'src', 'lib.rs'), greet(i));
      const a = await timeAsync(async () => {
        const result = await runBuild({ buildId: `r${i + 1}`, exercise: exercise('rust-extension', { kind: 'maturin' }), workspace: rustPyforge, python, env, runtimeDir: RUNTIME, onOutput: () => undefined });
        if (!result.ok) throw new Error(`PyForge's PyO3 build: ${result.summary}\n${result.output}`);
        check(spawnSync(python, ['-c', 'import hello'], { cwd: rustPyforge, env: { ...env, PYTHONPATH: path.join(rustPyforge, 'build') } }), 'import');
      });
      writeFileSync(path.join(rustBare, 'src', 'lib.rs'), greet(i));
      const b = time(() => {
        check(spawnSync(maturin, ['develop', '--release'], { cwd: rustBare, env: venvEnv, encoding: 'utf8' }), 'maturin develop');
        check(spawnSync(path.join(venv, 'bin', 'python'), ['-c', 'import hello'], { cwd: work, env: venvEnv }), 'import');
      });
      if (i >= 0) {
        pyforgeRust.push(a);
        bareRust.push(b);
      }
    }

    // 3. The profiler's overhead on a script of about a second. cProfile's cost is per function call, so the
    // script makes a million calls besides its inline work, as real code does; a loop with no calls would
    // flatter it.
    const script = path.join(work, 'busy.py');
    writeFileSync(
      script,
      'def step(i):\n    return i * i % 7\n\ndef work(n):\n    total = 0\n    for i in range(n):\n        total += step(i) if i % 10 == 0 else i * i % 7\n    return total\n\nfor _ in range(20):\n    work(500_000)\n',
    );
    const plain: number[] = [];
    const profiled: number[] = [];
    for (let i = 0; i < 3; i++) {
      console.log(`native: profiler overhead ${i + 1}/3…`);
      plain.push(time(() => check(spawnSync(python, [script], { cwd: work, env }), 'plain run')));
      profiled.push(time(() => check(spawnSync(python, [path.join(RUNTIME, 'checker', 'pyforge_profile.py'), '--out', path.join(work, 'p.json'), script], { cwd: work, env }), 'profiled run')));
    }

    const ms = (x: number[]): string => `${median(x).toFixed(0)} ms`;
    const ratio = (x: number[], base: number[]): string => (median(x) / median(base)).toFixed(2);
    return [
      '## Native code: build and import',
      '',
      `Median of ${runs} runs each, interleaved; the source is edited before every build, so nothing is skipped.`,
      `Compiler: \`${cc}\`.`,
      '',
      '| hello C extension: edit, build, import | median | range | ratio to the bare compiler |',
      '| --- | --- | --- | --- |',
      `| **PyForge's Build (fast path, sandboxed)** | **${ms(pyforgeC)}** | ${spread(pyforgeC)} ms | **${ratio(pyforgeC, bareC)}** |`,
      `| the bare compiler command | ${ms(bareC)} | ${spread(bareC)} ms | 1.00 |`,
      `| \`setup.py build_ext --inplace\` (anchor) | ${ms(setupC)} | ${spread(setupC)} ms | ${ratio(setupC, bareC)} |`,
      '',
      `| PyO3 crate: edit, rebuild, import (${pyforgeRust.length} runs, dependencies prebuilt) | median | ratio to maturin develop |`,
      '| --- | --- | --- |',
      `| **PyForge's Build (maturin build, unpacked into build/)** | **${ms(pyforgeRust)}** | **${ratio(pyforgeRust, bareRust)}** |`,
      `| bare \`maturin develop --release\` | ${ms(bareRust)} | 1.00 |`,
      '',
      '| a ~1 s script with 1 M function calls | median | ratio |',
      '| --- | --- | --- |',
      `| plain \`python busy.py\` | ${ms(plain)} | 1.00 |`,
      `| **profiled (cProfile, call tree and table written)** | **${ms(profiled)}** | **${ratio(profiled, plain)}** |`,
      '',
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
