/**
 * The two ways to build the course environment once provision.ts has decided one is needed: with uv in a
 * build folder renamed into place (atomic), or with pip in place (pip's venvs break when moved). Both install
 * exactly the lock with --require-hashes, verify that the environment imports, and write the marker last.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../workspace/atomicWrite.js';
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
 * The check that the environment is complete: the new interpreter runs, and every distribution of the lock is
 * installed at its pinned version. Reading metadata costs ~50 ms; importing numpy, scipy and pytest from source
 * (no bytecode may be written before the move) cost ~0.7 s, most of a warm uv install (measured, bench/).
 */
const VERIFY_SCRIPT = [
  'import re, sys',
  'from importlib.metadata import version, PackageNotFoundError',
  'norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()',
  'bad = []',
  'for line in open(sys.argv[1], encoding="utf-8"):',
  '    m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\\s;\\\\]+)", line)',
  '    if not m: continue',
  '    try: got = version(norm(m[1]))',
  '    except PackageNotFoundError: got = None',
  '    if got != m[2]: bad.append(f"{m[1]}=={m[2]} (found {got})")',
  'if bad: sys.exit("not installed as locked: " + ", ".join(bad))',
].join('\n');

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

async function fsyncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // folders cannot be opened for fsync there; NTFS journals renames
  const handle = await fs.open(dir, 'r');
  await handle.sync().finally(() => handle.close());
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

async function verify(python: string, ctx: BuildContext): Promise<void> {
  ctx.report('verify', 0, 'Checking that every locked package is installed');
  // -B: no bytecode now, since .pyc files record the source path and a uv build is about to move.
  const result = await runTool(python, ['-I', '-B', '-c', VERIFY_SCRIPT, ctx.lockFile], { env: ctx.env, cwd: ctx.cwd, signal: ctx.signal, timeoutMs: VERIFY_TIMEOUT_MS });
  if (result.code !== 0) throw new ProvisionError('failed', `the new environment does not work:\n${tail(result)}`);
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
    const source = ctx.wheelhouse ? ['--offline', '--no-index', '--find-links', ctx.wheelhouse] : ctx.offline ? ['--offline'] : [];
    await install('uv', uv, ['pip', 'install', '--python', python, '--require-hashes', ...source, '-r', ctx.lockFile], ctx);
    await verify(python, ctx);
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
    await verify(python, ctx);
    await fs.rm(path.join(ctx.envDir, OWNER_FILE), { force: true });
    throwIfCancelled(ctx.signal);
    await writeMarker(ctx.envDir, ctx, 'pip');
    complete = true;
    return true;
  } finally {
    if (!complete) await fs.rm(ctx.envDir, { recursive: true, force: true, maxRetries: 3 });
  }
}
