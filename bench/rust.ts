/**
 * PyO3: the first build of a new exercise crate after provisioning (dependencies prebuilt into the shared
 * target folder) vs the same crate with a cold target folder. Both offline, from the vendored crates, through
 * the same maturin command.
 */
import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppPaths } from '../electron/core/paths.js';
import { buildPyO3Crate, prebuildCrates } from '../electron/core/toolchain/cargo.js';
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

export async function rustBench(python: string): Promise<string[]> {
  const paths = (dataDir: string): AppPaths => ({ resourcesDir: repoRoot, lessonsDir: path.join(repoRoot, 'lessons'), runtimeDir: path.join(repoRoot, 'python-runtime'), dataDir });
  const warmData = mkdtempSync(path.join(os.tmpdir(), 'pyforge-bench-rust-warm-'));
  const coldData = mkdtempSync(path.join(os.tmpdir(), 'pyforge-bench-rust-cold-'));
  try {
    console.log('rust: prebuilding the vendored dependencies…');
    const prebuild = await prebuildCrates({ paths: paths(warmData), python });
    const crate = helloCrate(warmData);
    const afterPrebuild = await buildPyO3Crate({ crateDir: crate, outDir: path.join(warmData, 'out'), paths: paths(warmData), python });
    console.log('rust: the same crate with a cold target folder…');
    const coldCrate = helloCrate(coldData);
    const cold = await buildPyO3Crate({ crateDir: coldCrate, outDir: path.join(coldData, 'out'), paths: paths(coldData), python });
    if (!afterPrebuild.ok || !cold.ok) throw new Error('the PyO3 benchmark crate did not build');
    return [
      '## PyO3: first build of a new exercise crate',
      '',
      'Offline from the vendored crates, `maturin build --release`, one run each (the cold build takes tens of seconds).',
      '',
      '| build | time | ratio to cold |',
      '| --- | --- | --- |',
      `| prebuild of the dependencies (once, at provisioning) | ${(prebuild.durationMs / 1000).toFixed(1)} s | |`,
      `| **student crate after the prebuild** | **${(afterPrebuild.durationMs / 1000).toFixed(2)} s** | **${(afterPrebuild.durationMs / cold.durationMs).toFixed(3)}** |`,
      `| the same crate, cold target folder | ${(cold.durationMs / 1000).toFixed(1)} s | 1.000 |`,
      '',
    ];
  } finally {
    rmSync(warmData, { recursive: true, force: true });
    rmSync(coldData, { recursive: true, force: true });
  }
}
