/**
 * Toolchain benchmarks, side by side in one run:
 *  - cold provisioning from a wheelhouse: PyForge vs the bare `uv venv` + `uv pip install --offline` of the same
 *    lock (the limit) vs pip (the anchor); each with an empty package cache; uv itself bootstrapped beforehand;
 *  - the warm start check (an environment that is already complete);
 *  - the runner's overhead: `python -c pass` through runSandboxed vs bare.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppPaths } from '../electron/core/paths.js';
import { runSandboxed, detectSandbox } from '../electron/core/runner/index.js';
import { chooseDefault, discoverInterpreters } from '../electron/core/toolchain/interpreters.js';
import { currentTarget, lockFileFor, lockHash, minorVersion } from '../electron/core/toolchain/locks.js';
import { provisionEnvironment } from '../electron/core/toolchain/provision.js';
import { bootstrapUv } from '../electron/core/toolchain/uv.js';
import { repoRoot } from '../tests/support/webApp.js';
import { rustBench } from './rust.js';
import { median } from './stats.js';

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = performance.now();
  const result = spawnSync(command, args, { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return performance.now() - start;
}

const fresh = (label: string): string => mkdtempSync(path.join(os.tmpdir(), `pyforge-bench-${label}-`));

export async function toolchainBench(runs: number): Promise<string[]> {
  const base = chooseDefault(await discoverInterpreters(repoRoot));
  if (!base?.executable || !base.version) throw new Error('no supported Python for the toolchain benchmark');
  const minor = minorVersion(base.version);
  const target = currentTarget();
  const lock = await lockFileFor(path.join(repoRoot, 'python-runtime'), minor, target);
  const hash = await lockHash(lock);

  // One wheelhouse (built by the real script, kept across bench runs) and one uv binary for every contestant.
  const wheelsRoot = path.join(os.tmpdir(), `pyforge-bench-wheelhouse-${target}-${hash}`);
  const wheelhouse = path.join(wheelsRoot, target, `py${minor}`);
  if (!existsSync(path.join(wheelhouse, 'pyforge-wheelhouse.json'))) {
    console.log(`building the wheelhouse for ${target} py${minor}…`);
    timed(process.execPath, [path.join(repoRoot, 'scripts', 'runtime-wheels.mjs'), '--target', target, '--python', minor, '--out', wheelsRoot]);
  }
  const toolsData = fresh('uv');
  const uv = await bootstrapUv({ python: base.executable, dataDir: toolsData, env: process.env, wheelhouse, offline: true });
  if (!uv) throw new Error('could not bootstrap uv from the wheelhouse');
  const runtimeDir = fresh('runtime');
  symlinkSync(path.join(repoRoot, 'python-runtime', 'locks'), path.join(runtimeDir, 'locks'));
  symlinkSync(wheelsRoot, path.join(runtimeDir, 'wheels'));

  const pyforge: number[] = [];
  const bare: number[] = [];
  let lastEnv: AppPaths | null = null;
  for (let i = 0; i < runs; i++) {
    console.log(`provisioning: run ${i + 1}/${runs}…`);
    const dataDir = fresh('data');
    const paths: AppPaths = { resourcesDir: repoRoot, lessonsDir: path.join(repoRoot, 'lessons'), runtimeDir, dataDir };
    const env = { ...process.env, PYFORGE_UV: uv.path, UV_CACHE_DIR: path.join(dataDir, 'uv-cache') };
    const started = performance.now();
    await provisionEnvironment({ base: { executable: base.executable, version: base.version }, paths, env, offline: true });
    pyforge.push(performance.now() - started);
    if (lastEnv) rmSync(lastEnv.dataDir, { recursive: true, force: true });
    lastEnv = paths;

    const bareDir = fresh('bare');
    const bareEnv = { ...process.env, UV_CACHE_DIR: path.join(bareDir, 'uv-cache') };
    const venv = path.join(bareDir, 'venv');
    bare.push(
      timed(uv.path, ['venv', '--relocatable', '--python', base.executable, venv], bareEnv) +
        timed(uv.path, ['pip', 'install', '--python', path.join(venv, 'bin', 'python'), '--offline', '--no-index', '--find-links', wheelhouse, '--require-hashes', '-r', lock], bareEnv),
    );
    rmSync(bareDir, { recursive: true, force: true });
  }

  console.log('provisioning: pip anchor…');
  const pipDir = fresh('pip');
  mkdirSync(path.join(pipDir, 'cache'));
  const pipEnv = { ...process.env, PIP_CACHE_DIR: path.join(pipDir, 'cache') };
  const pipVenv = path.join(pipDir, 'venv');
  const pip =
    timed(base.executable, ['-m', 'venv', pipVenv], pipEnv) +
    timed(path.join(pipVenv, 'bin', 'python'), ['-m', 'pip', 'install', '-q', '--no-index', '--find-links', wheelhouse, '--require-hashes', '-r', lock], pipEnv);
  rmSync(pipDir, { recursive: true, force: true });

  const warm: number[] = [];
  let envPythonPath = '';
  for (let i = 0; i < 20; i++) {
    const result = await provisionEnvironment({ base: { executable: base.executable, version: base.version }, paths: lastEnv!, env: { ...process.env, PYFORGE_UV: uv.path }, offline: true });
    warm.push(result.durationMs);
    envPythonPath = result.python;
  }
  // The PyO3 builds use the environment just provisioned, as a student's would.
  const rust = await rustBench(envPythonPath);
  rmSync(lastEnv!.dataDir, { recursive: true, force: true });

  console.log('runner overhead…');
  const sandbox = await detectSandbox();
  const bareRuns: number[] = [];
  const runnerRuns: number[] = [];
  const work = fresh('runner');
  for (let i = 0; i < 20; i++) {
    bareRuns.push(timed(base.executable, ['-c', 'pass']));
    const started = performance.now();
    const result = await runSandboxed({ command: base.executable, args: ['-c', 'pass'], cwd: work, env: process.env });
    if (result.outcome !== 'exited' || result.exitCode !== 0) throw new Error(`runner: ${result.summary}`);
    runnerRuns.push(performance.now() - started);
  }
  rmSync(work, { recursive: true, force: true });
  rmSync(toolsData, { recursive: true, force: true });
  rmSync(runtimeDir, { recursive: true, force: true });

  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const limit = median(bare);
  return [
    `## Course environment: cold provisioning from the wheelhouse (Python ${base.version}, ${target})`,
    '',
    `Median of ${runs} runs each, interleaved; every run starts with an empty package cache and no network use; the`,
    'same uv binary for both uv rows. The bare uv commands are the limit PyForge can reach; pip is the anchor.',
    '',
    '| installer | time | ratio to bare uv |',
    '| --- | --- | --- |',
    `| **PyForge (uv venv --relocatable, install, version check, marker, rename)** | **${s(median(pyforge))}** | **${(median(pyforge) / limit).toFixed(2)}** |`,
    `| bare \`uv venv\` + \`uv pip install --offline --require-hashes\` | ${s(limit)} | 1.00 |`,
    `| pip (\`python -m venv\` + \`pip install --no-index --require-hashes\`), one run | ${s(pip)} | ${(pip / limit).toFixed(2)} |`,
    '',
    `Warm start (the environment is already complete): median ${median(warm).toFixed(1)} ms of 20 checks.`,
    '',
    '## Runner overhead',
    '',
    `\`python -c pass\`, 20 runs each, interleaved; sandbox here: ${sandbox.mechanism} (network ${sandbox.network}, filesystem ${sandbox.filesystem}).`,
    '',
    '| how | median | ratio |',
    '| --- | --- | --- |',
    `| bare | ${median(bareRuns).toFixed(1)} ms | 1.00 |`,
    `| **through the sandboxed runner** | **${median(runnerRuns).toFixed(1)} ms** | **${(median(runnerRuns) / median(bareRuns)).toFixed(2)}** |`,
    '',
    ...rust,
  ];
}
