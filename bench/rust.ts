/**
 * PyO3: the first build of a new exercise crate after provisioning (dependencies prebuilt into the shared
 * target folder) vs the same crate with a cold target folder. Both offline, from the vendored crates, through
 * the app's Build (pyforge_build.py's maturin command in the sandbox).
 */
import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runBuild } from '../electron/core/build/service.js';
import type { Exercise } from '../electron/core/lessons/course.js';
import type { AppPaths } from '../electron/core/paths.js';
import { cargoEnvironment, prebuildCrates } from '../electron/core/toolchain/cargo.js';
import { HELLO_PYO3 } from '../tests/support/pyo3Fixtures.js';
import { repoRoot } from '../tests/support/webApp.js';

const TEMPLATE = path.join(repoRoot, 'python-runtime', 'crates-template');

function helloCrate(root: string): string {
  const dir = path.join(root, 'hello');
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  for (const file of ['Cargo.toml', 'pyproject.toml']) writeFileSync(path.join(dir, file), readFileSync(path.join(TEMPLATE, file), 'utf8').replaceAll('pyforge_crates_template', 'hello'));
  writeFileSync(path.join(dir, 'src', 'lib.rs'), HELLO_PYO3);
  return dir;
}

const paths = (dataDir: string): AppPaths => ({ resourcesDir: repoRoot, lessonsDir: path.join(repoRoot, 'lessons'), runtimeDir: path.join(repoRoot, 'python-runtime'), dataDir });

/** The app's Build of a rust-extension exercise whose workspace is `crate`, with cargo's folders under `dataDir`. */
async function timedBuild(crate: string, dataDir: string, python: string): Promise<number> {
  const cargo = await cargoEnvironment({ paths: paths(dataDir) });
  if (!cargo.env) throw new Error(cargo.problem ?? 'no cargo environment');
  const exercise = { id: 'bench', title: 'bench', kind: 'rust-extension', dir: crate, instructions: '', files: [], hints: [], check: { timeoutSeconds: 600 }, build: { kind: 'maturin' } } as Exercise;
  const started = performance.now();
  const result = await runBuild({ buildId: 'bench', exercise, workspace: crate, python, env: cargo.env, runtimeDir: paths(dataDir).runtimeDir, onOutput: () => undefined });
  if (!result.ok) throw new Error(`the PyO3 benchmark crate did not build: ${result.summary}\n${result.output.slice(-2000)}`);
  return performance.now() - started;
}

export async function rustBench(python: string): Promise<string[]> {
  const warmData = mkdtempSync(path.join(os.tmpdir(), 'pyforge-bench-rust-warm-'));
  const coldData = mkdtempSync(path.join(os.tmpdir(), 'pyforge-bench-rust-cold-'));
  try {
    console.log('rust: prebuilding the vendored dependencies…');
    const prebuild = await prebuildCrates({ paths: paths(warmData), python });
    const afterPrebuild = await timedBuild(helloCrate(warmData), warmData, python);
    console.log('rust: the same crate with a cold target folder…');
    const cold = await timedBuild(helloCrate(coldData), coldData, python);
    return [
      '## PyO3: first build of a new exercise crate',
      '',
      "Offline from the vendored crates, the app's Build (`maturin build --release` in the sandbox), one run each (the cold build takes tens of seconds).",
      '',
      '| build | time | ratio to cold |',
      '| --- | --- | --- |',
      `| prebuild of the dependencies (once, at provisioning) | ${(prebuild.durationMs / 1000).toFixed(1)} s | |`,
      `| **student crate after the prebuild** | **${(afterPrebuild / 1000).toFixed(2)} s** | **${(afterPrebuild / cold).toFixed(3)}** |`,
      `| the same crate, cold target folder | ${(cold / 1000).toFixed(1)} s | 1.000 |`,
      '',
    ];
  } finally {
    rmSync(warmData, { recursive: true, force: true });
    rmSync(coldData, { recursive: true, force: true });
  }
}
