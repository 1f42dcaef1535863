/**
 * The fallback C and C++ compiler for machines where no system compiler works: the `ziglang` wheel (zig cc /
 * zig c++), pinned with hashes in `python-runtime/locks/components/ziglang.txt` and installed into
 * `<dataDir>/components/ziglang` (never into a Python), from the wheelhouse when one ships it. Two small
 * wrapper scripts make `CC`/`CXX` single paths, as build tools expect, and point zig's cache into the data
 * folder. Zig builds its C runtime on first use (~20 s for C, minutes for C++'s libc++), so provisioning warms
 * the cache by proving both compilers once.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../workspace/atomicWrite.js';
import { claim, release, removeLeftovers } from './leftovers.js';
import { ProvisionError } from './provisionError.js';
import { runTool } from './runTool.js';
import type { UvTool } from './uv.js';

export interface ZigTool {
  /** Wrapper scripts: what CC and CXX are set to. */
  cc: string;
  cxx: string;
  /** zig's own binary inside the wheel. */
  zig: string;
  version: string;
  /** ZIG_GLOBAL_CACHE_DIR for every process using the wrappers. */
  cacheDir: string;
}

const INSTALL_TIMEOUT_MS = 20 * 60_000; // a 100 MB wheel on a slow line

export function zigLockFile(runtimeDir: string): string {
  return path.join(runtimeDir, 'locks', 'components', 'ziglang.txt');
}

/** Where a wheelhouse keeps the optional components' wheels (written by `npm run runtime:wheels -- --with-zig`). */
export function componentWheelhouse(runtimeDir: string, target: string): string {
  return path.join(runtimeDir, 'wheels', target, 'components');
}

function layout(dataDir: string): { root: string; installDir: string; binDir: string; cacheDir: string } {
  const root = path.join(dataDir, 'components');
  const installDir = path.join(root, 'ziglang');
  return { root, installDir, binDir: path.join(installDir, 'bin'), cacheDir: path.join(dataDir, 'cache', 'zig') };
}

const exe = (name: string): string => (process.platform === 'win32' ? `${name}.exe` : name);
const wrapperName = (name: string): string => (process.platform === 'win32' ? `${name}.cmd` : name);

/** The wrapper's text: zig's subcommand with every argument passed on, and its cache in the data folder. */
export function wrapperScript(zig: string, subcommand: 'cc' | 'c++', cacheDir: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    return `@echo off\r\nif not defined ZIG_GLOBAL_CACHE_DIR set "ZIG_GLOBAL_CACHE_DIR=${cacheDir}"\r\n"${zig}" ${subcommand} %*\r\n`;
  }
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  return `#!/bin/sh\n# PyForge's fallback ${subcommand === 'cc' ? 'C' : 'C++'} compiler (the ziglang wheel).\n: "\${ZIG_GLOBAL_CACHE_DIR:=${cacheDir.replace(/["$`\\]/g, '\\$&')}}"\nexport ZIG_GLOBAL_CACHE_DIR\nexec ${quote(zig)} ${subcommand} "$@"\n`;
}

/** The installed fallback compiler, or null (nothing is installed or started beyond `zig version`). */
export async function findZig(dataDir: string, env: NodeJS.ProcessEnv): Promise<ZigTool | null> {
  const { installDir, binDir, cacheDir } = layout(dataDir);
  const zig = path.join(installDir, 'ziglang', exe('zig'));
  const result = await runTool(zig, ['version'], { env, timeoutMs: 15_000 }).catch(() => null);
  if (result?.code !== 0) return null;
  return { cc: path.join(binDir, wrapperName('zig-cc')), cxx: path.join(binDir, wrapperName('zig-c++')), zig, version: result.stdout.trim(), cacheDir };
}

export interface InstallZigOptions {
  dataDir: string;
  runtimeDir: string;
  target: string;
  /** Any Python 3.11+: uv and pip need one to judge the wheel's tags; nothing is installed into it. */
  python: string;
  uv: UvTool | null;
  env: NodeJS.ProcessEnv;
  offline: boolean;
  signal?: AbortSignal;
  onLine?: (line: string) => void;
}

async function installArgs(options: InstallZigOptions, partial: string): Promise<{ command: string; args: string[] }> {
  const wheelhouse = componentWheelhouse(options.runtimeDir, options.target);
  const shipped = await fs.stat(wheelhouse).then((s) => s.isDirectory(), () => false);
  const lock = zigLockFile(options.runtimeDir);
  const source = (offlineFlag: string[]): string[] =>
    options.offline ? [...offlineFlag, '--no-index', '--find-links', wheelhouse] : shipped ? ['--find-links', wheelhouse] : [];
  if (options.uv) {
    const args = ['pip', 'install', '--python', options.python, '--target', partial, '--require-hashes', '--no-deps', ...source(['--offline']), '-r', lock];
    return { command: options.uv.path, args };
  }
  const args = ['-m', 'pip', 'install', '--target', partial, '--require-hashes', '--no-deps', '--no-compile', '--disable-pip-version-check', '--no-input', ...source([]), '-r', lock];
  return { command: options.python, args };
}

/**
 * Installs the pinned ziglang wheel and its wrappers; atomic (built in a `.partial` folder, renamed in) and
 * cancellable. Returns the tool, or throws a ProvisionError saying what to do.
 */
export async function installZig(options: InstallZigOptions): Promise<ZigTool> {
  const existing = await findZig(options.dataDir, options.env);
  if (existing) return existing;
  const { root, installDir, cacheDir } = layout(options.dataDir);
  await fs.mkdir(root, { recursive: true });
  await removeLeftovers(root, (name) => /^ziglang\.partial-(\d+)-/.exec(name)?.[1]);
  const partial = path.join(root, `ziglang.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  claim(partial);
  try {
    const { command, args } = await installArgs(options, partial);
    // --target conflicts with a configured --user.
    const env = { ...options.env, PIP_USER: 'false', PIP_REQUIRE_VIRTUALENV: 'false' };
    const result = await runTool(command, args, { env, cwd: options.dataDir, signal: options.signal, timeoutMs: INSTALL_TIMEOUT_MS, onLine: options.onLine, task: 'installing the zig compiler' });
    if (result.code !== 0) {
      const tail = (result.error ?? result.stderr.trim().split('\n').slice(-3).join(' ')) || 'no output';
      const what = options.offline
        ? `the wheelhouse has no ziglang wheel for ${options.target} (build it with \`npm run runtime:wheels -- --with-zig\`)`
        : 'could not download the ziglang wheel (is the network or a package index reachable?)';
      throw new ProvisionError('failed', `${what}: ${tail}`);
    }
    const zig = path.join(installDir, 'ziglang', exe('zig'));
    await fs.mkdir(path.join(partial, 'bin'), { recursive: true });
    for (const [name, sub] of [['zig-cc', 'cc'], ['zig-c++', 'c++']] as const) {
      const file = path.join(partial, 'bin', wrapperName(name));
      await writeFileAtomic(file, wrapperScript(zig, sub, cacheDir));
      await fs.chmod(file, 0o755);
    }
    await fs.rm(installDir, { recursive: true, force: true });
    await fs.rename(partial, installDir);
  } finally {
    await fs.rm(partial, { recursive: true, force: true });
    release(partial);
  }
  const installed = await findZig(options.dataDir, options.env);
  if (!installed) throw new ProvisionError('failed', `the ziglang wheel was installed into ${installDir} but its zig binary does not run`);
  return installed;
}
