/**
 * Where a provisioned environment lives and how its state is recorded: pure functions, so the naming rules are
 * unit-tested. An environment is named by what decides its content (Python X.Y, platform target, lock hash),
 * so a new lock gets a new folder and the old one stays usable until the new one is complete.
 */
import path from 'node:path';
import { toolchainEnv } from './env.js';
import type { Target } from './locks.js';

/** Written atomically as the very last step: its presence is what "complete" means. */
export const MARKER_FILE = '.pyforge-complete.json';
/** In an environment pip is building in place: the builder's pid, so a second PyForge does not delete it. */
export const OWNER_FILE = '.pyforge-building';
/** Written by scripts/runtime-wheels.mjs beside the wheels. */
export const WHEELHOUSE_MANIFEST = 'pyforge-wheelhouse.json';

export type Installer = 'uv' | 'pip';

export interface EnvMarker {
  lockHash: string;
  installer: Installer;
  /** The base interpreter the environment was created from, for the doctor. */
  base: string;
  pythonVersion: string;
  target: Target;
  createdAt: string;
}

export function envsDir(dataDir: string): string {
  return path.join(dataDir, 'envs');
}

export function envName(minor: string, target: Target, hash: string): string {
  return `${minor}-${target}-${hash}`;
}

export function envDirFor(dataDir: string, minor: string, target: Target, hash: string): string {
  return path.join(envsDir(dataDir), envName(minor, target, hash));
}

/** The environment's own interpreter (a venv puts it in Scripts\ on Windows). */
export function envPython(envDir: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? path.win32.join(envDir, 'Scripts', 'python.exe') : path.posix.join(envDir, 'bin', 'python');
}

/** A build folder beside the final one (same filesystem, so the last step is one rename), tagged with its owner. */
export function partialDirFor(envDir: string, pid: number, tag: string): string {
  return `${envDir}.partial-${pid}-${tag}`;
}

/** The owner pid of a build folder name made by partialDirFor, else undefined. */
export function partialOwner(name: string): string | undefined {
  return /\.partial-(\d+)-[A-Za-z0-9]+$/.exec(name)?.[1];
}

export function wheelhouseDir(runtimeDir: string, target: Target, minor: string): string {
  return path.join(runtimeDir, 'wheels', target, `py${minor}`);
}

export function parseMarker(text: string): EnvMarker | null {
  try {
    const value = JSON.parse(text) as Partial<EnvMarker>;
    if (typeof value.lockHash !== 'string' || (value.installer !== 'uv' && value.installer !== 'pip')) return null;
    return value as EnvMarker;
  } catch {
    return null;
  }
}

/**
 * Whether a marker describes the environment wanted: the same lock, and built from the same base interpreter
 * (two 3.11s, say Debian's and pyenv's, share the key, but the caller asked for one of them).
 */
export function markerMatches(marker: EnvMarker | null, lockHash: string, base: string): boolean {
  return marker !== null && marker.lockHash === lockHash && marker.base === base;
}

/** Variables that would make an installer or the new interpreter look at some other environment. */
const FOREIGN_PYTHON_VARIABLES = ['VIRTUAL_ENV', 'CONDA_PREFIX', 'CONDA_DEFAULT_ENV', 'PYTHONHOME', 'PYTHONPATH', 'PYTHONSTARTUP', 'UV_PYTHON', 'PIP_TARGET', 'PIP_PREFIX'];

/**
 * The environment of every installer child: the toolchain's (no PyForge secrets), without variables pointing
 * at another Python, with uv's cache under the data folder unless the user chose one, and never a Python download.
 */
export function installerEnv(base: NodeJS.ProcessEnv, dataDir: string): NodeJS.ProcessEnv {
  const env = toolchainEnv(null, base);
  for (const key of FOREIGN_PYTHON_VARIABLES) delete env[key];
  env.UV_CACHE_DIR = base.UV_CACHE_DIR || path.join(dataDir, 'cache', 'uv');
  env.UV_PYTHON_DOWNLOADS = 'never';
  env.UV_NO_PROGRESS = '1';
  env.PIP_DISABLE_PIP_VERSION_CHECK = '1';
  return env;
}
