/**
 * Provisioning the course environment for real: the committed lock, the machine's Python 3.12, uv bootstrapped
 * from PyPI or a wheelhouse, pip as the fallback. "No network" is made for the installers only: every proxy
 * variable points at a closed port and each run gets an empty uv cache, so nothing can come from elsewhere.
 * Durations are printed (and summarised at the end) because they are part of what this proves.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, promises as fs, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppPaths } from '../../electron/core/paths.js';
import { killProcessTree } from '../../electron/core/terminal/processTree.js';
import { chooseDefault, discoverInterpreters } from '../../electron/core/toolchain/interpreters.js';
import { currentTarget, lockFileFor, lockHash } from '../../electron/core/toolchain/locks.js';
import {
  ProvisionError,
  environmentStatus,
  provisionEnvironment,
  type BaseInterpreter,
  type ProvisionProgress,
} from '../../electron/core/toolchain/provision.js';
import { MARKER_FILE, OWNER_FILE } from '../../electron/core/toolchain/provisionLayout.js';
import { commandLine, isRunning } from '../helpers/procs.js';
import { repoRoot } from '../support/webApp.js';

const LOCKS = path.join(repoRoot, 'python-runtime', 'locks');
const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'pyforge-provision-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const timings: Record<string, number> = {};
afterAll(() => console.log('provision timings (ms):', JSON.stringify(timings, null, 1)));

/** The closed port every installer is sent to when the network must be unreachable. */
const NO_NETWORK: NodeJS.ProcessEnv = Object.fromEntries(
  ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'].map((k) => [k, 'http://127.0.0.1:9']),
);

/** A machine PyForge was just installed on: no uv on PATH, none configured, no uv cache of the user's. */
function freshMachineEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['PYFORGE_UV', 'UV_CACHE_DIR', 'UV_OFFLINE', 'NO_PROXY', 'no_proxy']) delete env[key];
  env.PATH = (env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir && !existsSync(path.join(dir, 'uv')))
    .join(path.delimiter);
  return { ...env, ...extra };
}

let counter = 0;
async function dir(name: string): Promise<string> {
  const d = path.join(root, `${name}-${++counter}`);
  await fs.mkdir(d, { recursive: true });
  return d;
}

/** A resources folder with the real locks and, optionally, a wheelhouse root. */
async function runtimeWith(wheelsRoot?: string): Promise<string> {
  const runtime = await dir('runtime');
  await fs.symlink(LOCKS, path.join(runtime, 'locks'));
  if (wheelsRoot) await fs.symlink(wheelsRoot, path.join(runtime, 'wheels'));
  return runtime;
}

const appPaths = (dataDir: string, runtimeDir: string): AppPaths => ({ resourcesDir: repoRoot, lessonsDir: path.join(repoRoot, 'lessons'), runtimeDir, dataDir });

const run = (command: string, args: string[]): string => {
  const result = spawnSync(command, args, { encoding: 'utf8', env: freshMachineEnv() });
  expect(result.status, `${command} ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result.stdout.trim();
};

/** Processes (not zombies) whose command line mentions `dir`: an installer that outlived its cancellation. */
async function processesUsing(dirPath: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await fs.readdir('/proc')) {
    const pid = Number(name);
    if (!/^\d+$/.test(name) || pid === process.pid) continue;
    const cmd = await commandLine(pid);
    if (cmd.includes(dirPath) && (await isRunning(pid))) found.push(`${pid}: ${cmd}`);
  }
  return found;
}

const envsIn = async (dataDir: string): Promise<string[]> => (await fs.readdir(path.join(dataDir, 'envs')).catch(() => [] as string[])).sort();

let base: BaseInterpreter;
let envName: string;
/** uv as the first test bootstrapped it, reused to keep the later tests short. */
let bootstrappedUv: string | undefined;

beforeAll(async () => {
  const reports = await discoverInterpreters(repoRoot);
  const chosen = chooseDefault(reports.filter((r) => r.version?.startsWith('3.12.')));
  if (!chosen?.executable || !chosen.version) throw new Error('these tests need a Python 3.12 (pyenv 3.12.1 on the test machines)');
  base = { executable: chosen.executable, version: chosen.version };
  const target = currentTarget();
  envName = `3.12-${target}-${await lockHash(await lockFileFor(path.join(repoRoot, 'python-runtime'), '3.12', target))}`;
});

describe('provisioning from the index with uv', () => {
  let dataDir: string;
  let runtimeDir: string;

  it('bootstraps uv, builds the environment from the real lock, reporting every phase', async () => {
    dataDir = await dir('data');
    runtimeDir = await runtimeWith();
    const progress: ProvisionProgress[] = [];
    const started = performance.now();
    const result = await provisionEnvironment({ base, paths: appPaths(dataDir, runtimeDir), env: freshMachineEnv(), onProgress: (p) => progress.push(p) });
    timings.coldFromIndexWithUvBootstrap = Math.round(performance.now() - started);

    expect(result).toMatchObject({ envDir: path.join(dataDir, 'envs', envName), python: path.join(dataDir, 'envs', envName, 'bin', 'python'), created: true, installer: 'uv' });
    expect(await envsIn(dataDir)).toEqual([envName]);
    bootstrappedUv = path.join(dataDir, 'tools', 'uv', 'bin', 'uv');
    expect(existsSync(bootstrappedUv)).toBe(true);
    expect(existsSync(path.join(dataDir, 'cache', 'uv'))).toBe(true);

    const phases = progress.map((p) => p.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['interpreter', 'venv', 'download', 'install', 'verify', 'done']);
    const fractions = progress.map((p) => p.fraction).filter((f): f is number => f !== null);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    expect(progress.some((p) => p.phase === 'download' && p.fraction! > 0.06 && p.fraction! < 0.8), 'fractions within the download').toBe(true);

    const marker = JSON.parse(await fs.readFile(path.join(result.envDir, MARKER_FILE), 'utf8')) as Record<string, string>;
    expect(marker).toMatchObject({ installer: 'uv', lockHash: envName.split('-').pop(), base: base.executable });
  }, 180_000);

  it('returns at once the second time, after a stat or two', async () => {
    const paths = appPaths(dataDir, runtimeDir);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const again = await provisionEnvironment({ base, paths, env: freshMachineEnv() });
      times.push(performance.now() - started);
      expect(again).toMatchObject({ created: false, installer: 'uv' });
    }
    const started = performance.now();
    const status = await environmentStatus({ base, paths });
    timings.statusCheck = Number((performance.now() - started).toFixed(2));
    timings.warmProvisionFirst = Number(times[0]!.toFixed(2));
    timings.warmProvisionMedian = Number([...times].sort((a, b) => a - b)[2]!.toFixed(2));
    expect(status.state).toBe('ready');
    expect(Math.max(...times)).toBeLessThan(50);
  });

  it('gives a working, renamed environment: console scripts and sys.prefix point at the final folder', async () => {
    const envDir = path.join(dataDir, 'envs', envName);
    expect(run(path.join(envDir, 'bin', 'pytest'), ['--version'])).toMatch(/^pytest \d+/);
    expect(run(path.join(envDir, 'bin', 'mypy'), ['--version'])).toMatch(/^mypy \d+/);
    expect(run(path.join(envDir, 'bin', 'ruff'), ['--version'])).toMatch(/^ruff \d+/);
    expect(run(path.join(envDir, 'bin', 'python'), ['-c', 'import numpy, sys; print(sys.prefix)'])).toBe(envDir);
    // Nothing in the environment still names the build folder it was made in.
    const grep = spawnSync('grep', ['-rlIF', `${envName}.partial-`, envDir], { encoding: 'utf8' });
    expect(grep.status, grep.stderr).toBe(1); // 1: no match
    expect(grep.stdout.trim()).toBe('');
    // The base install was not touched: uv lives in the data folder.
    expect(spawnSync(base.executable, ['-c', 'import uv'], { encoding: 'utf8' }).status).not.toBe(0);
  });
});

describe('interrupted provisioning', () => {
  it('cancels through the AbortSignal: the installer tree is killed and nothing is left', async () => {
    const dataDir = await dir('data');
    const controller = new AbortController();
    let abortedAt = 0;
    const attempt = provisionEnvironment({
      base,
      paths: appPaths(dataDir, await runtimeWith()),
      env: freshMachineEnv({ PYFORGE_UV: bootstrappedUv }),
      signal: controller.signal,
      onProgress: (p) => {
        // A download under way: uv is running and the build folder is half full.
        if (!abortedAt && (p.message.startsWith('Downloaded') || p.phase === 'install')) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const err = await attempt.catch((e: unknown) => e);
    timings.cancelToRejection = Math.round(performance.now() - abortedAt);
    expect(abortedAt).toBeGreaterThan(0);
    expect(err).toBeInstanceOf(ProvisionError);
    expect((err as ProvisionError).reason).toBe('cancelled');
    expect((err as Error).message).toMatch(/cancelled/);
    expect(await envsIn(dataDir)).toEqual([]);
    expect(await processesUsing(dataDir)).toEqual([]);
  }, 120_000);

  it('recovers from a run killed outright: the next start removes its build folder and completes', async () => {
    const dataDir = await dir('data');
    const runtimeDir = await runtimeWith();
    const paths = appPaths(dataDir, runtimeDir);
    // The provisioning code in a process of its own, so it can be SIGKILLed with its installer.
    const script = path.join(await dir('child'), 'provision-child.mjs');
    await build({
      stdin: {
        contents: [
          "import { provisionEnvironment } from './electron/core/toolchain/provision.js';",
          'const { base, paths } = JSON.parse(process.argv[2]);',
          'await provisionEnvironment({ base, paths, onProgress: (p) => console.log(JSON.stringify(p)) });',
        ].join('\n'),
        resolveDir: repoRoot,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: script,
      logLevel: 'warning',
    });
    const child = spawn(process.execPath, [script, JSON.stringify({ base, paths })], { env: freshMachineEnv({ PYFORGE_UV: bootstrappedUv }), stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        if (lines.some((l) => /"message":"Downloaded |"phase":"install"/.test(l))) resolve();
      });
      child.on('close', (code) => reject(new Error(`the child ended (${code}) before downloading`)));
    });
    await killProcessTree(child.pid!);
    await exited;

    // Killed mid-download: a build folder, never an environment without its marker.
    const left = await envsIn(dataDir);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(new RegExp(`^${envName.replace(/\./g, '\\.')}\\.partial-${child.pid}-`));
    expect((await environmentStatus({ base, paths })).state).toBe('missing');

    const started = performance.now();
    const result = await provisionEnvironment({ base, paths, env: freshMachineEnv({ PYFORGE_UV: bootstrappedUv }) });
    timings.recoveryAfterKill = Math.round(performance.now() - started);
    expect(result.created).toBe(true);
    expect(await envsIn(dataDir)).toEqual([envName]);
    expect((await environmentStatus({ base, paths })).state).toBe('ready');
  }, 180_000);
});

/** The wheelhouse for this target and 3.12, built by the real script once and kept in the OS temp folder by lock hash. */
async function wheelhouseRoot(): Promise<string> {
  const target = currentTarget();
  const hash = envName.split('-').pop()!;
  const cacheRoot = path.join(os.tmpdir(), `pyforge-test-wheelhouse-${target}-${hash}`);
  if (existsSync(path.join(cacheRoot, target, 'py3.12', 'pyforge-wheelhouse.json'))) return cacheRoot;
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'runtime-wheels.mjs'), '--target', target, '--python', '3.12', '--out', cacheRoot], {
    encoding: 'utf8',
    env: { ...process.env, PYTHON: base.executable },
  });
  expect(result.status, result.stderr).toBe(0);
  timings.wheelhouseBuild = Math.round(performance.now() - started);
  return cacheRoot;
}

describe('offline', () => {
  let wheels: string;

  it('provisions on a fresh machine without network from the wheelhouse (uv bootstrapped from it too)', async () => {
    wheels = await wheelhouseRoot();
    const dataDir = await dir('data');
    const emptyCache = await dir('uv-cache');
    const started = performance.now();
    const result = await provisionEnvironment({
      base,
      paths: appPaths(dataDir, await runtimeWith(wheels)),
      env: freshMachineEnv({ ...NO_NETWORK, UV_OFFLINE: '1', UV_CACHE_DIR: emptyCache }),
    });
    timings.offlineFromWheelhouseWithUvBootstrap = Math.round(performance.now() - started);
    expect(result).toMatchObject({ created: true, installer: 'uv' });
    expect(existsSync(path.join(dataDir, 'tools', 'uv', 'bin', 'uv'))).toBe(true);
    expect(run(result.python, ['-c', 'import numpy, scipy; print(numpy.__version__)'])).toMatch(/^\d+\.\d+/);
    expect(run(path.join(result.envDir, 'bin', 'pytest'), ['--version'])).toMatch(/^pytest/);
  }, 180_000);

  it('falls back to pip, building in place and replacing an unfinished environment', async () => {
    const dataDir = await dir('data');
    const paths = appPaths(dataDir, await runtimeWith(wheels));
    // What a killed pip build leaves: the environment's folder, no marker, its dead builder's pid.
    const debris = path.join(dataDir, 'envs', envName);
    await fs.mkdir(path.join(debris, 'lib'), { recursive: true });
    await fs.writeFile(path.join(debris, OWNER_FILE), '2147483646');
    expect((await environmentStatus({ base, paths })).state).toBe('incomplete');

    const started = performance.now();
    const result = await provisionEnvironment({ base, paths, installer: 'pip', env: freshMachineEnv(NO_NETWORK) });
    timings.offlineFromWheelhouseWithPip = Math.round(performance.now() - started);
    expect(result).toMatchObject({ created: true, installer: 'pip', envDir: debris });
    expect(existsSync(path.join(debris, OWNER_FILE))).toBe(false);
    expect(run(path.join(debris, 'bin', 'pytest'), ['--version'])).toMatch(/^pytest/);
    expect(await provisionEnvironment({ base, paths, installer: 'pip' })).toMatchObject({ created: false, installer: 'pip' });
  }, 180_000);

  it('without a wheelhouse or network, fails with what to do and leaves nothing', async () => {
    const dataDir = await dir('data');
    const runtimeDir = await runtimeWith();
    const expected = `no network and no wheelhouse at ${path.join(runtimeDir, 'wheels', currentTarget(), 'py3.12')}: connect once, or build one with \`npm run runtime:wheels\` on a connected machine`;
    const paths = appPaths(dataDir, runtimeDir);

    let started = performance.now();
    const err = await provisionEnvironment({ base, paths, env: freshMachineEnv({ ...NO_NETWORK, PYFORGE_UV: bootstrappedUv, UV_CACHE_DIR: await dir('uv-cache') }) }).catch((e: unknown) => e);
    timings.noNetworkFailure = Math.round(performance.now() - started);
    expect(err).toBeInstanceOf(ProvisionError);
    expect(err).toMatchObject({ reason: 'offline', message: expected });
    expect(await envsIn(dataDir)).toEqual([]);

    // Told it is offline, it does not even try the index.
    started = performance.now();
    const offline = await provisionEnvironment({ base, paths, offline: true, env: freshMachineEnv({ ...NO_NETWORK, PYFORGE_UV: bootstrappedUv, UV_CACHE_DIR: await dir('uv-cache') }) }).catch((e: unknown) => e);
    timings.offlineFlagFailure = Math.round(performance.now() - started);
    expect(offline).toMatchObject({ reason: 'offline', message: expected });
    expect(await envsIn(dataDir)).toEqual([]);
  }, 120_000);
});
