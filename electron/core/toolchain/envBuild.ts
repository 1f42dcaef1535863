/**
 * The two ways to build the course environment once provision.ts has decided one is needed: with uv in a
 * build folder renamed into place (atomic), or with pip in place (pip's venvs break when moved). Both install
 * exactly the lock with --require-hashes, verify that the environment imports, and write the marker last.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fsyncDirectory, writeFileAtomic } from '../workspace/atomicWrite.js';
import { InstallerProgress, type ProvisionPhase } from './installProgress.js';
import { claim, isProcessAlive, release } from './leftovers.js';
import type { Target } from './locks.js';
import { MARKER_FILE, OWNER_FILE, envPython, markerMatches, parseMarker, partialDirFor, type EnvMarker, type Installer } from './provisionLayout.js';
import { ProvisionError } from './provisionError.js';
import { runTool, throwIfCancelled, type RunToolResult } from './runTool.js';

/** Reports progress: `within` is how far into `phase` (0..1), null when unknown. */
export type Report = (phase: ProvisionPhase, within: number | null, message: string) => void;

export interface BuildContext {
  base: string;
  baseVersion: string;
  target: Target;
  minor: string;
  lockFile: string;
  lockHash: string;
  envDir: string;
  /** How many packages the lock pins. */
  pinned: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
  offline: boolean;
  /** The wheelhouse to install from, or null to use the index. */
  wheelhouse: string | null;
  /** Where a wheelhouse for this target and version would be, for the error message when there is none. */
  expectedWheelhouse: string;
  report: Report;
}

const VENV_TIMEOUT_MS = 2 * 60_000;
const INSTALL_TIMEOUT_MS = 30 * 60_000; // pip without a cache on a slow line
const VERIFY_TIMEOUT_MS = 2 * 60_000;
/**
 * The check that the environment is complete: every distribution of the lock is installed at its pinned
 * version, read from the `*.dist-info` folder names in site-packages (what importlib.metadata reads too) in a
 * few ms, and the new interpreter runs (checked while the installer works, so it costs no time).
 */
const normalize = (name: string): string => name.replace(/[-_.]+/g, '-').toLowerCase();

/** The lock's pins that `distInfoNames` (site-packages entries) do not satisfy, as "name==version (found x)". */
export function missingFromLock(lockText: string, distInfoNames: string[]): string[] {
  const installed = new Map<string, string>();
  for (const entry of distInfoNames) {
    const m = /^(.+)-([^-]+)\.dist-info$/.exec(entry);
    if (m) installed.set(normalize(m[1]!), m[2]!);
  }
  const bad: string[] = [];
  for (const line of lockText.split(/\r?\n/)) {
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)/.exec(line);
    if (!m) continue;
    const found = installed.get(normalize(m[1]!)) ?? null;
    if (found !== m[2]) bad.push(`${m[1]}==${m[2]} (found ${found})`);
  }
  return bad;
}

/** site-packages of a venv: Lib\site-packages on Windows, lib/pythonX.Y/site-packages elsewhere. */
function sitePackages(envDir: string, minor: string): string {
  return process.platform === 'win32' ? path.join(envDir, 'Lib', 'site-packages') : path.join(envDir, 'lib', `python${minor}`, 'site-packages');
}

/** Output that means the installer could not reach the index (uv and pip wordings). */
const NETWORK_FAILURE =
  /Failed to fetch|error sending request|tcp connect error|dns error|failed to lookup address|Connection refused|Network is unreachable|No route to host|network was disabled|tunnel error|ProxyError|NewConnectionError|Max retries exceeded|Temporary failure in name resolution|Could not fetch URL|timed out/i;

export function isNetworkFailure(output: string): boolean {
  return NETWORK_FAILURE.test(output);
}

export function offlineMessage(expectedWheelhouse: string): string {
  return `no network and no wheelhouse at ${expectedWheelhouse}: connect once, or build one with \`npm run runtime:wheels\` on a connected machine`;
}

function tail(result: RunToolResult, lines = 6): string {
  const text = [result.error, result.stderr.trim() || result.stdout.trim()].filter(Boolean).join('\n');
  return text.split(/\r?\n/).slice(-lines).join('\n') || `exit code ${result.code}`;
}

export async function readMarker(envDir: string): Promise<EnvMarker | null> {
  const text = await fs.readFile(path.join(envDir, MARKER_FILE), 'utf8').catch(() => null);
  return text === null ? null : parseMarker(text);
}


async function install(installer: Installer, command: string, args: string[], ctx: BuildContext): Promise<void> {
  const progress = new InstallerProgress(installer, ctx.pinned);
  const source = ctx.wheelhouse ? `from the wheelhouse at ${ctx.wheelhouse}` : ctx.offline ? "from uv's cache (offline)" : 'from the package index';
  ctx.report('download', 0, `Installing ${ctx.pinned} packages ${source}`);
  const result = await runTool(command, args, {
    env: ctx.env,
    cwd: ctx.cwd,
    signal: ctx.signal,
    timeoutMs: INSTALL_TIMEOUT_MS,
    onLine: (line) => {
      const update = progress.line(line);
      if (update) ctx.report(update.phase, update.within, update.message);
    },
  });
  if (result.code === 0) return;
  if (!ctx.wheelhouse && isNetworkFailure(`${result.error ?? ''}\n${result.stderr}\n${result.stdout}`)) {
    throw new ProvisionError('offline', offlineMessage(ctx.expectedWheelhouse));
  }
  const hint = ctx.wheelhouse ? ` from the wheelhouse at ${ctx.wheelhouse} (is it complete? rebuild it with \`npm run runtime:wheels\`)` : '';
  throw new ProvisionError('failed', `${installer} could not install the course packages${hint}:\n${tail(result)}`);
}

/** Starts the new interpreter once (-B: no bytecode, since .pyc files record paths and a uv build moves). */
function interpreterRuns(python: string, ctx: BuildContext): Promise<RunToolResult> {
  return runTool(python, ['-I', '-B', '-c', 'import sys; print(sys.prefix)'], { env: ctx.env, cwd: ctx.cwd, signal: ctx.signal, timeoutMs: VERIFY_TIMEOUT_MS });
}

async function verify(envDir: string, runs: Promise<RunToolResult>, ctx: BuildContext): Promise<void> {
  ctx.report('verify', 0, 'Checking that every locked package is installed');
  const result = await runs;
  if (result.code !== 0) throw new ProvisionError('failed', `the new environment's interpreter does not run:\n${tail(result)}`);
  const names = await fs.readdir(sitePackages(envDir, ctx.minor)).catch(() => [] as string[]);
  const bad = missingFromLock(await fs.readFile(ctx.lockFile, 'utf8'), names);
  if (bad.length > 0) throw new ProvisionError('failed', `the new environment does not work: not installed as locked: ${bad.join(', ')}`);
  ctx.report('verify', 1, 'The environment works');
}

async function writeMarker(dir: string, ctx: BuildContext, installer: Installer): Promise<void> {
  const marker: EnvMarker = {
    lockHash: ctx.lockHash,
    installer,
    base: ctx.base,
    pythonVersion: ctx.baseVersion,
    target: ctx.target,
    createdAt: new Date().toISOString(),
  };
  await writeFileAtomic(path.join(dir, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
}

const exists = (p: string): Promise<boolean> => fs.lstat(p).then(() => true, () => false);

/**
 * Renames the verified build folder to the environment's name. An incomplete or outdated environment there is
 * moved aside first (under a pid-tagged name, so a crash in between leaves only a leftover the next start removes). Returns
 * false when another PyForge completed the same environment meanwhile; its copy is kept.
 */
async function moveIntoPlace(partial: string, ctx: BuildContext): Promise<boolean> {
  if (markerMatches(await readMarker(ctx.envDir), ctx.lockHash, ctx.base)) return false;
  const aside = (await exists(ctx.envDir)) ? partialDirFor(ctx.envDir, process.pid, `old${randomBytes(4).toString('hex')}`) : null;
  if (aside) claim(aside);
  try {
    if (aside) await fs.rename(ctx.envDir, aside);
    await fs.rename(partial, ctx.envDir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code === 'EEXIST' || code === 'ENOTEMPTY') && markerMatches(await readMarker(ctx.envDir), ctx.lockHash, ctx.base)) return false;
    throw err;
  } finally {
    if (aside) {
      await fs.rm(aside, { recursive: true, force: true, maxRetries: 3 });
      release(aside);
    }
  }
  await fsyncDirectory(path.dirname(ctx.envDir));
  return true;
}

/** uv: `uv venv --relocatable` in a build folder, install, verify, marker, rename. */
export async function buildWithUv(ctx: BuildContext, uv: string): Promise<boolean> {
  const partial = partialDirFor(ctx.envDir, process.pid, randomBytes(4).toString('hex'));
  claim(partial);
  try {
    ctx.report('venv', 0, 'Creating the virtual environment');
    const venv = await runTool(uv, ['venv', '--relocatable', '--python', ctx.base, partial], { env: ctx.env, cwd: ctx.cwd, signal: ctx.signal, timeoutMs: VENV_TIMEOUT_MS });
    if (venv.code !== 0) throw new ProvisionError('failed', `uv could not create the virtual environment:\n${tail(venv)}`);
    ctx.report('venv', 1, 'Created the virtual environment');
    const python = envPython(partial);
    const runs = interpreterRuns(python, ctx);
    runs.catch(() => undefined); // a cancelled install settles it too; verify reads it only after a good install
    const source = ctx.wheelhouse ? ['--offline', '--no-index', '--find-links', ctx.wheelhouse] : ctx.offline ? ['--offline'] : [];
    await install('uv', uv, ['pip', 'install', '--python', python, '--require-hashes', ...source, '-r', ctx.lockFile], ctx);
    await verify(partial, runs, ctx);
    await writeMarker(partial, ctx, 'uv');
    throwIfCancelled(ctx.signal);
    return await moveIntoPlace(partial, ctx);
  } finally {
    await fs.rm(partial, { recursive: true, force: true, maxRetries: 3 });
    release(partial);
  }
}

/** pip: `python -m venv` in place (with an owner file), install, verify, marker last; anything unfinished is removed. */
export async function buildWithPip(ctx: BuildContext): Promise<boolean> {
  if (!ctx.wheelhouse && ctx.offline) throw new ProvisionError('offline', offlineMessage(ctx.expectedWheelhouse));
  if (await exists(ctx.envDir)) {
    const owner = Number(await fs.readFile(path.join(ctx.envDir, OWNER_FILE), 'utf8').catch(() => ''));
    if (owner && owner !== process.pid && isProcessAlive(owner)) {
      throw new ProvisionError('busy', `another PyForge (pid ${owner}) is building ${ctx.envDir}; wait for it to finish`);
    }
    await fs.rm(ctx.envDir, { recursive: true, force: true, maxRetries: 3 });
  }
  // The owner file goes in before the venv, so no moment exists where another start would take it for debris.
  await fs.mkdir(ctx.envDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EEXIST') throw new ProvisionError('busy', `another PyForge is building ${ctx.envDir}; wait for it to finish`);
    throw err;
  });
  let complete = false;
  try {
    await fs.writeFile(path.join(ctx.envDir, OWNER_FILE), String(process.pid));
    ctx.report('venv', 0, 'Creating the virtual environment');
    const venv = await runTool(ctx.base, ['-m', 'venv', ctx.envDir], { env: ctx.env, cwd: ctx.cwd, signal: ctx.signal, timeoutMs: VENV_TIMEOUT_MS });
    if (venv.code !== 0) {
      const fix = /ensurepip/.test(venv.stderr + venv.stdout) ? ' (Debian/Ubuntu: install python3-venv)' : '';
      throw new ProvisionError('failed', `${ctx.base} -m venv failed${fix}:\n${tail(venv)}`);
    }
    ctx.report('venv', 1, 'Created the virtual environment');
    const python = envPython(ctx.envDir);
    const source = ctx.wheelhouse ? ['--no-index', '--find-links', ctx.wheelhouse] : [];
    await install('pip', python, ['-m', 'pip', 'install', '--no-input', '--disable-pip-version-check', '--require-hashes', ...source, '-r', ctx.lockFile], ctx);
    await verify(ctx.envDir, interpreterRuns(python, ctx), ctx);
    await fs.rm(path.join(ctx.envDir, OWNER_FILE), { force: true });
    throwIfCancelled(ctx.signal);
    await writeMarker(ctx.envDir, ctx, 'pip');
    complete = true;
    return true;
  } finally {
    if (!complete) await fs.rm(ctx.envDir, { recursive: true, force: true, maxRetries: 3 });
  }
}
