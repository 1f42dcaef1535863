/**
 * uv, the installer that builds the course environment (~4 s cold where pip takes ~65 s). Found as PYFORGE_UV,
 * on PATH, or in `<dataDir>/tools/uv` from an earlier bootstrap; else bootstrapped there with the base
 * interpreter's pip into a private folder (`pip install --target`), which leaves the base install untouched. When
 * none of that works the caller falls back to pip, so every failure here is "no uv", never an error.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { claim, release, removeLeftovers } from './leftovers.js';
import { ProvisionError } from './provisionError.js';
import { runTool } from './runTool.js';

export interface UvTool {
  path: string;
  version: string;
  source: 'PYFORGE_UV' | 'PATH' | 'tools' | 'bootstrap';
}

/** `uv venv --relocatable` and `uv pip install --require-hashes --offline` are all there from 0.5 on. */
export const UV_MIN_VERSION: readonly [number, number] = [0, 5];
const VERSION_TIMEOUT_MS = 10_000;
const BOOTSTRAP_TIMEOUT_MS = 5 * 60_000;

const exe = (name: string): string => (process.platform === 'win32' ? `${name}.exe` : name);

export function uvToolDir(dataDir: string): string {
  return path.join(dataDir, 'tools', 'uv');
}

/** Where `pip install --target DIR uv` puts the binary: bin/ (Windows pip may use Scripts/). */
export function uvBinaryCandidates(dir: string): string[] {
  return [path.join(dir, 'bin', exe('uv')), path.join(dir, 'Scripts', exe('uv'))];
}

/** "uv 0.13.9 (x86_64-unknown-linux-gnu)" -> "0.13.9", or null when it is too old or not uv at all. */
export function parseUvVersion(output: string): string | null {
  const m = /^uv (\d+)\.(\d+)\.(\d+)/m.exec(output.trim());
  if (!m) return null;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  const tooOld = major < UV_MIN_VERSION[0] || (major === UV_MIN_VERSION[0] && minor < UV_MIN_VERSION[1]);
  return tooOld ? null : `${m[1]}.${m[2]}.${m[3]}`;
}

async function uvVersion(command: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const result = await runTool(command, ['--version'], { env, timeoutMs: VERSION_TIMEOUT_MS });
  return result.code === 0 ? parseUvVersion(result.stdout) : null;
}

const isFile = (p: string): Promise<boolean> => fs.stat(p).then((s) => s.isFile(), () => false);

async function onPath(env: NodeJS.ProcessEnv): Promise<string | null> {
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  for (const dir of (env[key] ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, exe('uv'));
    if (await isFile(candidate)) return candidate;
  }
  return null;
}

/** A usable uv that is already on this machine, without installing anything. */
export async function findUv(dataDir: string, env: NodeJS.ProcessEnv): Promise<UvTool | null> {
  const candidates: { path: string | null; source: UvTool['source'] }[] = [
    { path: env.PYFORGE_UV ?? null, source: 'PYFORGE_UV' },
    { path: await onPath(env), source: 'PATH' },
    ...uvBinaryCandidates(uvToolDir(dataDir)).map((p) => ({ path: p, source: 'tools' as const })),
  ];
  for (const c of candidates) {
    if (!c.path) continue;
    const version = await uvVersion(c.path, env);
    if (version) return { path: c.path, version, source: c.source };
  }
  return null;
}

export interface BootstrapOptions {
  dataDir: string;
  /** The base interpreter whose pip downloads uv; nothing is installed into it. */
  python: string;
  env: NodeJS.ProcessEnv;
  /** A folder holding uv's wheel: used with --no-index, so the bootstrap needs no network. */
  wheelhouse: string | null;
  offline: boolean;
  signal?: AbortSignal;
  onLine?: (line: string) => void;
}

/** Installs uv into `<dataDir>/tools/uv` with the base's pip; null when that is impossible (no pip, no network). */
export async function bootstrapUv(options: BootstrapOptions): Promise<UvTool | null> {
  if (options.offline && !options.wheelhouse) return null;
  const toolsDir = path.dirname(uvToolDir(options.dataDir));
  await fs.mkdir(toolsDir, { recursive: true });
  // Bootstrap folders of runs that died; a live run's folder is left alone.
  await removeLeftovers(toolsDir, (name) => /^uv-\d+-(\d+)\.partial$/.exec(name)?.[1]);
  const partial = path.join(toolsDir, `uv-${Date.now()}-${process.pid}.partial`);
  const source = options.wheelhouse
    ? ['--no-index', '--find-links', options.wheelhouse]
    : // Two tries, not pip's five with back-off: without uv the pip fallback still works, so fail fast.
      ['--retries', '1', '--timeout', '20'];
  const args = ['-m', 'pip', 'install', '--target', partial, '--disable-pip-version-check', '--no-input', '--no-warn-script-location', '--no-compile', ...source, 'uv'];
  // --target conflicts with a configured --user, and require-virtualenv would refuse to run outside one.
  const env = { ...options.env, PIP_USER: 'false', PIP_REQUIRE_VIRTUALENV: 'false' };
  claim(partial);
  try {
    return await installUv(options, args, env, partial);
  } catch (err) {
    if (err instanceof ProvisionError && err.reason === 'cancelled') throw err;
    return null; // a disk or rename problem: the pip fallback may still work
  } finally {
    await fs.rm(partial, { recursive: true, force: true });
    release(partial);
  }
}

/** Runs pip, checks the binary it installed, and moves the folder into place. */
async function installUv(options: BootstrapOptions, args: string[], env: NodeJS.ProcessEnv, partial: string): Promise<UvTool | null> {
  const result = await runTool(options.python, args, {
    env,
    cwd: options.dataDir,
    signal: options.signal,
    timeoutMs: BOOTSTRAP_TIMEOUT_MS,
    onLine: options.onLine,
  });
  if (result.code !== 0) return null;
  const binary = (await Promise.all(uvBinaryCandidates(partial).map(async (p) => ((await uvVersion(p, options.env)) ? p : null)))).find(Boolean);
  if (!binary) return null;
  const finalDir = uvToolDir(options.dataDir);
  // Whatever is there already failed findUv (broken or too old): replace it.
  await fs.rm(finalDir, { recursive: true, force: true });
  await fs.rename(partial, finalDir).catch((err: NodeJS.ErrnoException) => {
    // Another PyForge finished its own bootstrap in between: use that one.
    if (err.code !== 'EEXIST' && err.code !== 'ENOTEMPTY') throw err;
  });
  for (const installed of uvBinaryCandidates(finalDir)) {
    const version = await uvVersion(installed, options.env);
    if (version) return { path: installed, version, source: 'bootstrap' };
  }
  return null;
}
