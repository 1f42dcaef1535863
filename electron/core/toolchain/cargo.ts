/**
 * Builds the PyO3 exercises offline and fast. The crates come vendored with the app (python-runtime/crates,
 * made by `npm run runtime:crates`); every build runs with a private CARGO_HOME (so the user's ~/.cargo config and
 * registry cannot interfere) and one shared CARGO_TARGET_DIR, where the dependencies of the pinned manifest
 * (python-runtime/crates-template) are prebuilt once. A student crate with the same dependencies, features and
 * profile then compiles only itself: ~0.4 s instead of a cold pyo3 build.
 *
 * There is one build command, `maturin build --release`, for the template and for students alike: cargo's
 * fingerprints include the environment maturin sets (PYO3_PYTHON, ...), so mixing plain cargo, `maturin
 * develop` or another interpreter rebuilds pyo3-ffi, pyo3 and numpy (~6 s). `maturin develop` is also slower
 * (it pip-installs, ~1.2 s with nothing to compile) and installs into an environment, and students' builds go to a
 * per-workspace folder instead, never into the shared course environment.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AppPaths } from '../paths.js';
import { findRustTool, type ToolFound } from './rust.js';
import { runTool } from './runTool.js';

/** Where the vendored crates and their source-replacement config live inside python-runtime. */
export function cratesLayout(runtimeDir: string): { cratesDir: string; vendorDir: string; config: string; lock: string; template: string } {
  const cratesDir = path.join(runtimeDir, 'crates');
  return {
    cratesDir,
    vendorDir: path.join(cratesDir, 'vendor'),
    config: path.join(cratesDir, 'config.toml'),
    lock: path.join(cratesDir, 'Cargo.lock'),
    template: path.join(runtimeDir, 'crates-template', 'Cargo.toml'),
  };
}

export const NOT_VENDORED = 'the Rust crates are not vendored: run `npm run runtime:crates` (needs crates.io once)';
export const STALE_VENDORED = 'the vendored Rust crates are older than python-runtime/crates-template/Cargo.lock: run `npm run runtime:crates` again';

/** Whether the vendored crates are there and were vendored from the template's current lock. */
export async function vendoredCratesState(runtimeDir: string): Promise<'current' | 'missing' | 'stale'> {
  const layout = cratesLayout(runtimeDir);
  const [vendored, wanted, hasPyo3] = await Promise.all([
    fs.readFile(layout.lock, 'utf8').catch(() => null),
    fs.readFile(path.join(runtimeDir, 'crates-template', 'Cargo.lock'), 'utf8').catch(() => null),
    fs.stat(path.join(layout.vendorDir, 'pyo3')).then(() => true, () => false),
  ]);
  if (!hasPyo3 || vendored === null) return 'missing';
  return wanted !== null && vendored !== wanted ? 'stale' : 'current';
}

/** A TOML basic string: backslashes (Windows paths) and quotes escaped. */
function tomlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The private CARGO_HOME's config: the shipped one with every `directory` made absolute. A relative path in a
 * cargo config file is resolved against the parent of the folder that holds the file, so the shipped
 * "crates/vendor" would point into the data folder once copied there.
 */
export function homeConfig(shipped: string, shippedPath: string): string {
  const base = path.dirname(path.dirname(shippedPath));
  return shipped.replace(/^(\s*directory\s*=\s*)"([^"]*)"/gm, (_all, head: string, dir: string) => `${head}${tomlString(path.resolve(base, dir))}`);
}

/**
 * Variables that would change what cargo or pyo3 builds (so the prebuilt dependencies no longer match, or the
 * build goes elsewhere): the user's flags, profiles, build targets and PyO3 overrides.
 */
const FOREIGN_BUILD_VARIABLES = [
  /^RUSTFLAGS$/,
  /^CARGO_ENCODED_RUSTFLAGS$/,
  /^RUSTC_WRAPPER$/,
  /^RUSTC_WORKSPACE_WRAPPER$/,
  /^CARGO_BUILD_/,
  /^CARGO_PROFILE_/,
  /^CARGO_REGISTRIES_/,
  /^CARGO_SOURCE_/,
  /^CARGO_INCREMENTAL$/,
  /^PYO3_/,
  /^MATURIN_/,
];

function pathKey(env: NodeJS.ProcessEnv): string {
  return Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
}

/** The build environment itself: pure, so the rules are unit-tested. `toolDir` holds cargo and rustc. */
export function buildEnv(base: NodeJS.ProcessEnv, dirs: { cargoHome: string; targetDir: string; toolDir: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !FOREIGN_BUILD_VARIABLES.some((re) => re.test(key))) env[key] = value;
  }
  env.CARGO_HOME = dirs.cargoHome;
  env.CARGO_TARGET_DIR = dirs.targetDir;
  env.CARGO_NET_OFFLINE = 'true';
  env.CARGO_TERM_COLOR = 'never'; // the output is parsed for error locations
  // The private CARGO_HOME has no bin: maturin finds cargo (and cargo rustc) on PATH.
  const key = pathKey(env);
  const rest = (env[key] ?? '').split(path.delimiter).filter((p) => p && p !== dirs.toolDir);
  env[key] = [dirs.toolDir, ...rest].join(path.delimiter);
  return env;
}

export interface CargoEnvironment {
  /** The variables for every process that builds Rust; null when Rust cannot be built (see `problem`). */
  env: NodeJS.ProcessEnv | null;
  cargoHome: string;
  targetDir: string;
  vendorDir: string | null;
  cargo: ToolFound | null;
  rustc: ToolFound | null;
  problem: string | null;
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(() => true, () => false);
}

/** Writes only when the content differs, through a rename, so concurrent builds never read half a file. */
async function writeIfChanged(file: string, content: string): Promise<void> {
  if ((await fs.readFile(file, 'utf8').catch(() => null)) === content) return;
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, content);
  await fs.rename(tmp, file);
}

/** The environment for Rust builds; writes the private CARGO_HOME's config. */
export async function cargoEnvironment(options: { paths: AppPaths; env?: NodeJS.ProcessEnv }): Promise<CargoEnvironment> {
  const base = options.env ?? process.env;
  const layout = cratesLayout(options.paths.runtimeDir);
  const cargoHome = path.join(options.paths.dataDir, 'cargo-home');
  const targetDir = path.join(options.paths.dataDir, 'cargo-target');
  const result: CargoEnvironment = { env: null, cargoHome, targetDir, vendorDir: null, cargo: null, rustc: null, problem: null };
  // Discovery looks at the user's CARGO_HOME/bin (rustup's place), never at the private one.
  const [cargo, rustc] = await Promise.all([findRustTool('cargo', base), findRustTool('rustc', base)]);
  Object.assign(result, { cargo, rustc });
  if (!cargo || !rustc) return { ...result, problem: 'Rust is not installed: install it with rustup (https://rustup.rs)' };
  const shipped = await fs.readFile(layout.config, 'utf8').catch(() => null);
  const vendored = await vendoredCratesState(options.paths.runtimeDir);
  if (shipped === null || vendored === 'missing') return { ...result, problem: NOT_VENDORED };
  if (vendored === 'stale') return { ...result, problem: STALE_VENDORED };
  // Both exist before any sandbox binds them (a missing folder would be skipped, and cargo would build into
  // the sandbox's own /tmp, thrown away after every check).
  await fs.mkdir(cargoHome, { recursive: true });
  await fs.mkdir(targetDir, { recursive: true });
  await writeIfChanged(path.join(cargoHome, 'config.toml'), homeConfig(shipped, layout.config));
  const toolDir = path.isAbsolute(cargo.command) ? path.dirname(cargo.command) : await whichDir(cargo.command, base);
  return { ...result, vendorDir: layout.vendorDir, env: buildEnv(base, { cargoHome, targetDir, toolDir }) };
}

/** The PATH folder holding `command` (found by name on PATH). */
async function whichDir(command: string, env: NodeJS.ProcessEnv): Promise<string> {
  const suffixes = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (env[pathKey(env)] ?? '').split(path.delimiter).filter(Boolean)) {
    for (const suffix of suffixes) if (await exists(path.join(dir, command + suffix))) return dir;
  }
  return '';
}

/** What decides the prebuilt dependencies: the vendored lock, the manifest, the compiler and the interpreter. */
export function prebuildKey(parts: { lock: string; manifest: string; rustcVersion: string; python: string }): string {
  const hash = createHash('sha256');
  for (const part of [parts.lock, parts.manifest, parts.rustcVersion, parts.python]) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 16);
}

export const PREBUILD_MARKER = '.pyforge-prebuilt.json';

export interface BuildOptions {
  paths: AppPaths;
  /** The course environment's interpreter: always the same one, or pyo3 is rebuilt. */
  python: string;
  /** Base environment (default process.env). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** How a maturin run went; the output carries rustc's messages (students' builds parse them in pyforge_build.py). */
type MaturinRun = { ok: true; wheel: string; durationMs: number; output: string } | { ok: false; message: string; durationMs: number; output: string };

/** maturin, the one command shape: `--release` and the interpreter are part of the prebuilt state's identity. */
export function maturinArgs(manifest: string, outDir: string, python: string, extra: string[] = []): string[] {
  // --auditwheel skip: the wheel is unpacked into a workspace, never distributed; repair only costs time.
  return ['build', '--release', '--offline', '--auditwheel', 'skip', '-i', python, '-m', manifest, '-o', outDir, ...extra];
}

function maturinOf(python: string): string {
  return path.join(path.dirname(python), process.platform === 'win32' ? 'maturin.exe' : 'maturin');
}

async function requireEnv(options: BuildOptions): Promise<CargoEnvironment & { env: NodeJS.ProcessEnv }> {
  const cargo = await cargoEnvironment({ paths: options.paths, env: options.env });
  if (!cargo.env) throw new Error(cargo.problem ?? NOT_VENDORED);
  return { ...cargo, env: cargo.env };
}

async function runMaturin(options: BuildOptions, env: NodeJS.ProcessEnv, manifest: string, outDir: string, extra: string[] = []): Promise<MaturinRun> {
  const started = performance.now();
  await fs.mkdir(outDir, { recursive: true });
  const before = new Set(await fs.readdir(outDir));
  const result = await runTool(maturinOf(options.python), maturinArgs(manifest, outDir, options.python, extra), {
    env,
    cwd: path.dirname(manifest),
    signal: options.signal,
    onLine: options.onLine,
    task: 'the Rust build',
  });
  const durationMs = Math.round(performance.now() - started);
  const output = result.stdout + result.stderr;
  const wheel = /Built wheel .* to (.+\.whl)\s*$/m.exec(output)?.[1]?.trim() ?? (await fs.readdir(outDir)).find((n) => n.endsWith('.whl') && !before.has(n));
  if (result.code === 0 && wheel) return { ok: true, wheel: path.resolve(outDir, wheel), durationMs, output };
  const firstError = output.split(/\r?\n/).find((line) => /^error(\[\w+\])?: /.test(line));
  const message = result.error ?? firstError ?? output.trim().split('\n').slice(-5).join('\n');
  return { ok: false, message, durationMs, output };
}

export interface PrebuildResult {
  /** false when the marker said the dependencies were already built. */
  built: boolean;
  key: string;
  durationMs: number;
}

/**
 * Builds the template crate once into the shared target folder, so students' crates find pyo3 (and numpy)
 * compiled. Idempotent: a marker in the target folder records the key it was built for.
 */
export async function prebuildCrates(options: BuildOptions): Promise<PrebuildResult> {
  const started = performance.now();
  const cargo = await requireEnv(options);
  const layout = cratesLayout(options.paths.runtimeDir);
  const key = prebuildKey({
    lock: await fs.readFile(layout.lock, 'utf8'),
    manifest: await fs.readFile(layout.template, 'utf8'),
    rustcVersion: cargo.rustc?.version ?? '',
    python: options.python,
  });
  const marker = path.join(cargo.targetDir, PREBUILD_MARKER);
  const recorded = await fs.readFile(marker, 'utf8').then((t) => (JSON.parse(t) as { key?: string }).key, () => undefined);
  if (recorded === key) return { built: false, key, durationMs: Math.round(performance.now() - started) };

  await fs.mkdir(cargo.targetDir, { recursive: true });
  const outDir = await fs.mkdtemp(path.join(cargo.targetDir, 'prebuild-'));
  try {
    // --locked: the template's lock is what was vendored; anything else is a packaging mistake to report.
    const result = await runMaturin(options, cargo.env, layout.template, outDir, ['--locked']);
    if (!result.ok) throw new Error(`prebuilding the Rust crates failed: ${result.message}`);
  } finally {
    await fs.rm(outDir, { recursive: true, force: true });
  }
  await writeIfChanged(marker, JSON.stringify({ key, python: options.python, rustc: cargo.rustc?.version, builtAt: new Date().toISOString() }));
  return { built: true, key, durationMs: Math.round(performance.now() - started) };
}
