/**
 * Provisions the pinned course environment: a virtual environment of the base interpreter with exactly the
 * packages of the lock for its Python version and this platform, at `<dataDir>/envs/<X.Y>-<target>-<lockhash>`.
 *
 * - Idempotent and cheap when done: a complete environment has a marker file, written last; checking it costs a
 *   lock read and two stats, no process.
 * - Atomic: with uv the environment is built in a `.partial-<pid>-<tag>` folder beside its final place and
 *   renamed in once verified (uv's `--relocatable` venvs keep working after the move); pip's venvs are not
 *   relocatable, so pip builds in place and an environment without marker is deleted and rebuilt.
 * - Offline when the app ships a wheelhouse for this target and version: then nothing comes from the network.
 * - Cancellable: the AbortSignal kills the installer's whole process tree and removes what it built.
 */
import { performance } from 'node:perf_hooks';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AppPaths } from '../paths.js';
import { buildWithPip, buildWithUv, readMarker, type BuildContext, type Report } from './envBuild.js';
import { overallFraction, type ProvisionProgress } from './installProgress.js';
import { removeLeftovers } from './leftovers.js';
import { countPinned, currentTarget, lockFileFor, lockHash, minorVersion, type Target } from './locks.js';
import {
  WHEELHOUSE_MANIFEST,
  envDirFor,
  envPython,
  envsDir,
  installerEnv,
  markerMatches,
  partialOwner,
  wheelhouseDir,
  type EnvMarker,
  type Installer,
} from './provisionLayout.js';
import { ProvisionError } from './provisionError.js';
import { runTool, throwIfCancelled } from './runTool.js';
import { bootstrapUv, findUv, type UvTool } from './uv.js';

export type { ProvisionPhase, ProvisionProgress } from './installProgress.js';
export { ProvisionError } from './provisionError.js';

export interface BaseInterpreter {
  /** The real binary (not a pyenv shim), as discoverInterpreters reports it. */
  executable: string;
  /** "3.12.1": picks the lock (by X.Y). */
  version: string;
}

export interface ProvisionOptions {
  base: BaseInterpreter;
  paths: AppPaths;
  onProgress?: (progress: ProvisionProgress) => void;
  signal?: AbortSignal;
  /** No network: install only from the wheelhouse, or (without one) from uv's cache. */
  offline?: boolean;
  /** The environment installers inherit (default process.env); PyForge's secrets are removed from it. */
  env?: NodeJS.ProcessEnv;
  /** 'pip' skips uv (tests, and a machine where uv misbehaves); default 'auto': uv when it can be had. */
  installer?: 'auto' | 'pip';
}

export interface ProvisionResult {
  envDir: string;
  /** The environment's interpreter. */
  python: string;
  /** false when the environment was already complete. */
  created: boolean;
  installer: Installer;
  durationMs: number;
}

interface Location {
  target: Target;
  minor: string;
  lockFile: string;
  lockHash: string;
  envDir: string;
  python: string;
}

export type EnvironmentStatus =
  | ({ state: 'ready'; marker: EnvMarker } & Location)
  | ({ state: 'missing' | 'incomplete'; reason: string } & Location)
  | { state: 'unavailable'; reason: string };

async function locate(base: BaseInterpreter, paths: AppPaths): Promise<Location> {
  const target = currentTarget();
  const minor = minorVersion(base.version);
  const lockFile = await lockFileFor(paths.runtimeDir, minor, target);
  const hash = await lockHash(lockFile);
  const envDir = envDirFor(paths.dataDir, minor, target, hash);
  return { target, minor, lockFile, lockHash: hash, envDir, python: envPython(envDir) };
}

async function statusAt(location: Location, base: BaseInterpreter): Promise<EnvironmentStatus> {
  const marker = await readMarker(location.envDir);
  const matches = markerMatches(marker, location.lockHash, base.executable);
  // stat follows the venv's python symlink: a base interpreter that was uninstalled makes the env unusable.
  const pythonOk = matches ? await fs.stat(location.python).then((s) => s.isFile(), () => false) : false;
  if (marker && matches && pythonOk) return { state: 'ready', marker, ...location };
  const exists = await fs.stat(location.envDir).then(() => true, () => false);
  if (!exists) return { state: 'missing', reason: 'not provisioned yet', ...location };
  const reason = !marker
    ? 'an earlier build did not finish'
    : !matches
      ? `it was built from ${marker.base}, not ${base.executable}`
      : `its interpreter ${location.python} no longer runs (was the base Python removed?)`;
  return { state: 'incomplete', reason, ...location };
}

/** Is the environment for this base there and complete? No process is started. */
export async function environmentStatus(options: { base: BaseInterpreter; paths: AppPaths }): Promise<EnvironmentStatus> {
  try {
    return await statusAt(await locate(options.base, options.paths), options.base);
  } catch (err) {
    if (err instanceof ProvisionError) return { state: 'unavailable', reason: err.message };
    throw err;
  }
}

function reporter(onProgress: ProvisionOptions['onProgress']): Report {
  let last = 0;
  return (phase, within, message) => {
    let fraction = overallFraction(phase, within);
    if (fraction !== null) last = fraction = Math.max(last, fraction);
    try {
      onProgress?.({ phase, fraction, message });
    } catch {
      // A failing progress listener must not break provisioning.
    }
  };
}

/** The base must be the Python the lock is for, and a real base (a venv of a venv is not relocatable). */
async function checkBase(base: BaseInterpreter, minor: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<void> {
  const probe = 'import sys; print("%d.%d" % sys.version_info[:2], sys.prefix != sys.base_prefix)';
  const result = await runTool(base.executable, ['-I', '-c', probe], { env, signal, timeoutMs: 30_000 });
  const [actual, isVenv] = result.stdout.trim().split(/\s+/);
  if (result.code !== 0 || !actual) {
    throw new ProvisionError('bad_base', `the base interpreter ${base.executable} does not run: ${result.error ?? result.stderr.trim().split('\n').pop() ?? ''}`);
  }
  if (actual !== minor) throw new ProvisionError('bad_base', `${base.executable} is Python ${actual}, not ${minor} as reported`);
  if (isVenv === 'True') throw new ProvisionError('bad_base', `${base.executable} is a virtual environment; choose a base interpreter`);
}

/** The shipped wheelhouse for this target and version, when there is one with wheels in it. */
async function findWheelhouse(dir: string, location: Location): Promise<string | null> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  if (!names.some((n) => n.endsWith('.whl'))) return null;
  const manifest = await fs.readFile(path.join(dir, WHEELHOUSE_MANIFEST), 'utf8').then((t) => JSON.parse(t) as { lockHash?: string }, () => null);
  if (manifest?.lockHash && manifest.lockHash !== location.lockHash) {
    throw new ProvisionError(
      'failed',
      `the wheelhouse at ${dir} was built for another lock (${manifest.lockHash}, the lock is ${location.lockHash}): rebuild it with \`npm run runtime:wheels\``,
    );
  }
  return dir;
}

async function findInstaller(options: ProvisionOptions, env: NodeJS.ProcessEnv, wheelhouse: string | null, report: Report): Promise<UvTool | null> {
  if (options.installer === 'pip') return null;
  const baseEnv = options.env ?? process.env;
  const found = await findUv(options.paths.dataDir, baseEnv);
  if (found) return found;
  report('interpreter', null, wheelhouse ? 'Installing uv from the wheelhouse' : 'Downloading uv, the package installer');
  return bootstrapUv({ dataDir: options.paths.dataDir, python: options.base.executable, env, wheelhouse, offline: options.offline ?? false, signal: options.signal });
}

/** Creates the environment unless it is already complete; see the module comment for the guarantees. */
export async function provisionEnvironment(options: ProvisionOptions): Promise<ProvisionResult> {
  const started = performance.now();
  const location = await locate(options.base, options.paths);
  const envs = envsDir(options.paths.dataDir);
  const done = (created: boolean, installer: Installer): ProvisionResult => ({
    envDir: location.envDir,
    python: location.python,
    created,
    installer,
    durationMs: Math.round(performance.now() - started),
  });

  const status = await statusAt(location, options.base);
  // Build folders of killed runs; only the rare run after a crash finds any.
  await removeLeftovers(envs, partialOwner);
  if (status.state === 'ready') return done(false, status.marker.installer);

  await fs.mkdir(envs, { recursive: true }); // also the data folder, the installers' working directory
  const report = reporter(options.onProgress);
  const env = installerEnv(options.env ?? process.env, options.paths.dataDir);
  report('interpreter', 0, `Checking Python ${options.base.version} at ${options.base.executable}`);
  const expectedWheelhouse = wheelhouseDir(options.paths.runtimeDir, location.target, location.minor);
  // The base check (a Python start) and the installer lookup (uv --version) overlap: both cost tens of ms.
  const baseChecked = checkBase(options.base, location.minor, env, options.signal);
  baseChecked.catch(() => undefined); // awaited below; this only keeps an early rejection from going unhandled
  const wheelhouse = await findWheelhouse(expectedWheelhouse, location);
  const uv = await findInstaller(options, env, wheelhouse, report);
  await baseChecked;
  throwIfCancelled(options.signal);
  report('interpreter', 1, uv ? `Using uv ${uv.version}` : 'uv is not available: installing with pip (slower)');

  const context: BuildContext = {
    base: options.base.executable,
    baseVersion: options.base.version,
    ...location,
    pinned: countPinned(await fs.readFile(location.lockFile, 'utf8')),
    env,
    cwd: options.paths.dataDir,
    signal: options.signal,
    offline: options.offline ?? false,
    wheelhouse,
    expectedWheelhouse,
    report,
  };
  const created = uv ? await buildWithUv(context, uv.path) : await buildWithPip(context);
  report('done', 1, `The course environment is ready at ${location.envDir}`);
  return done(created, uv ? 'uv' : 'pip');
}
