/**
 * The doctor: every toolchain component with its status, version, path and a one-line fix, for the UI panel,
 * the API and `npm run doctor` (lab administrators).
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AppPaths } from '../paths.js';
import { detectSandbox } from '../runner/index.js';
import { bundledPythonRoot } from './bundledPython.js';
import { cratesLayout, NOT_VENDORED, STALE_VENDORED, vendoredCratesState } from './cargo.js';
import { findCompiler, type Language } from './compilers.js';
import { chooseDefault, discoverInterpreters, type InterpreterReport } from './interpreters.js';
import { environmentStatus } from './provision.js';
import { findRustTool } from './rust.js';
import { findZig } from './zig.js';

const execFileAsync = promisify(execFile);

export type ComponentStatus = 'ok' | 'limited' | 'missing' | 'broken' | 'unsupported';

export interface DoctorRow {
  component: string;
  status: ComponentStatus;
  version?: string;
  path?: string;
  /** What to do about it, in one line; absent when nothing needs doing. */
  fix?: string;
  detail?: string;
}

const PYTHON_FIX =
  process.platform === 'win32'
    ? 'install Python 3.12 from python.org (tick "py launcher")'
    : process.platform === 'darwin'
      ? 'install Python 3.12 from python.org or with Homebrew (brew install python@3.12)'
      : 'install Python 3.12 and its headers (Debian/Ubuntu: apt install python3 python3-dev), or set PYFORGE_PYTHON';

function interpreterRow(report: InterpreterReport, isDefault: boolean): DoctorRow {
  const status: ComponentStatus = report.status === 'refused' ? 'unsupported' : report.status;
  return {
    component: `Python ${report.version ?? '?'} (${report.source}${isDefault ? ', default' : ''})`,
    status,
    ...(report.version ? { version: report.version } : {}),
    path: report.executable ?? report.path,
    ...(report.status === 'ok' ? {} : { fix: report.reason }),
  };
}

const COMPILER_FIX: Record<Language, string> =
  process.platform === 'win32'
    ? { c: 'install "Desktop development with C++" (Visual Studio Build Tools)', 'c++': 'install "Desktop development with C++" (Visual Studio Build Tools)' }
    : process.platform === 'darwin'
      ? { c: 'run xcode-select --install', 'c++': 'run xcode-select --install' }
      : { c: 'install a C compiler (Debian/Ubuntu: apt install build-essential)', 'c++': 'install a C++ compiler (Debian/Ubuntu: apt install g++)' };

/** The fix when no compiler works: the system's own, or PyForge's portable fallback. */
export const ZIG_FIX = 'or install PyForge\'s portable compiler: "Install zig" in the toolchain panel, or `npm run doctor -- --install-zig`';

async function compilerRow(language: Language, python: string | null, paths: AppPaths, env: NodeJS.ProcessEnv): Promise<DoctorRow> {
  const component = language === 'c' ? 'C compiler' : 'C++ compiler';
  if (!python) return { component, status: 'missing', fix: 'needs a Python with headers first (see above)' };
  const zig = await findZig(paths.dataDir, env);
  const fallback = zig ? [{ command: language === 'c' ? zig.cc : zig.cxx, source: 'zig' }] : [];
  const verdicts = await findCompiler(language, python, env, path.join(paths.dataDir, 'cache', 'compilers.json'), fallback).catch(() => []);
  const working = verdicts.find((v) => v.works);
  if (working) {
    const source = working.source === 'zig' ? `PyForge's zig ${zig?.version ?? ''} fallback` : `from ${working.source}`;
    return { component, status: 'ok', version: working.version, path: working.command, detail: `${source}; built and imported a test extension` };
  }
  const fix = `${COMPILER_FIX[language]}, ${ZIG_FIX}`;
  const broken = verdicts[0];
  if (broken) return { component, status: 'broken', version: broken.version, path: broken.command, fix, detail: broken.error ?? 'the test extension did not build' };
  return { component, status: 'missing', fix };
}

async function rustRow(name: 'cargo' | 'rustc', env: NodeJS.ProcessEnv): Promise<DoctorRow> {
  const found = await findRustTool(name, env);
  return found
    ? { component: name, status: 'ok', version: found.version.split(' ')[1] ?? found.version, path: found.command }
    : { component: name, status: 'missing', fix: 'install Rust with rustup (https://rustup.rs), needed for the week 11 PyO3 exercises' };
}

const KEY_PACKAGES = ['pytest', 'hypothesis', 'mypy', 'ruff', 'numpy', 'scipy', 'cffi', 'pybind11', 'maturin', 'pyinstrument'];

/** The pinned course environment for the default interpreter, and the versions of its key packages. */
async function environmentRows(base: InterpreterReport | null, paths: AppPaths): Promise<DoctorRow[]> {
  if (!base?.executable || !base.version) return [{ component: 'Course environment', status: 'missing', fix: 'needs a supported Python first (see above)' }];
  const status = await environmentStatus({ base: { executable: base.executable, version: base.version }, paths });
  if (status.state !== 'ready') {
    return [
      {
        component: 'Course environment',
        status: status.state === 'unavailable' ? 'broken' : 'missing',
        fix: `start PyForge once to install it; offline, build a wheelhouse with \`npm run runtime:wheels\` on a connected machine (${status.reason})`,
      },
    ];
  }
  const rows: DoctorRow[] = [{ component: 'Course environment', status: 'ok', version: `Python ${base.version}`, path: status.envDir }];
  const script = `import importlib.metadata as m, json\nout = {}\nfor n in ${JSON.stringify(KEY_PACKAGES)}:\n    try: out[n] = m.version(n)\n    except m.PackageNotFoundError: out[n] = None\nprint(json.dumps(out))`;
  const versions = await execFileAsync(status.python, ['-I', '-c', script], { timeout: 30_000 }).then(
    ({ stdout }) => JSON.parse(stdout) as Record<string, string | null>,
    () => null,
  );
  for (const name of KEY_PACKAGES) {
    const version = versions?.[name];
    rows.push(
      version
        ? { component: `  ${name}`, status: 'ok', version }
        : { component: `  ${name}`, status: 'broken', fix: 'the environment is damaged: delete its folder and restart PyForge to reinstall it' },
    );
  }
  return rows;
}

/** The vendored crates that let PyO3 exercises build offline. */
async function cratesRow(paths: AppPaths): Promise<DoctorRow> {
  const { vendorDir, config } = cratesLayout(paths.runtimeDir);
  const [state, hasConfig] = await Promise.all([vendoredCratesState(paths.runtimeDir), fs.stat(config).then(() => true, () => false)]);
  if (state === 'stale') return { component: 'Vendored crates (PyO3)', status: 'broken', path: vendorDir, fix: STALE_VENDORED };
  return state === 'current' && hasConfig
    ? { component: 'Vendored crates (PyO3)', status: 'ok', path: vendorDir }
    : { component: 'Vendored crates (PyO3)', status: 'missing', fix: NOT_VENDORED };
}

/** How student code is contained here (see electron/core/runner/index.ts for what each platform gets). */
async function sandboxRow(): Promise<DoctorRow> {
  const info = await detectSandbox();
  const detail = `network ${info.network}, filesystem ${info.filesystem}, processes by ${info.processes}`;
  if (info.mechanism === 'bwrap') return { component: 'Sandbox', status: 'ok', version: 'bubblewrap', detail };
  const fix =
    process.platform === 'linux'
      ? 'install bubblewrap (Debian/Ubuntu: apt install bubblewrap) to isolate the network and confine writes to the workspace'
      : 'student code runs with resource limits and a timeout; network and filesystem isolation need Linux with bubblewrap';
  return { component: 'Sandbox', status: 'limited', version: info.mechanism, detail, fix };
}

export interface DoctorReport {
  rows: DoctorRow[];
  defaultInterpreter: InterpreterReport | null;
}

export async function runDoctor(paths: AppPaths, env: NodeJS.ProcessEnv = process.env): Promise<DoctorReport> {
  const interpreters = await discoverInterpreters(await bundledPythonRoot(paths.resourcesDir, paths.dataDir, env), env);
  const chosen = chooseDefault(interpreters);
  const rows: DoctorRow[] = interpreters.length
    ? interpreters.map((r) => interpreterRow(r, r === chosen))
    : [{ component: 'Python', status: 'missing', fix: PYTHON_FIX }];
  if (interpreters.length && !chosen) rows.unshift({ component: 'Python (default)', status: 'missing', fix: PYTHON_FIX });
  const withHeaders = chosen?.status === 'ok' ? chosen.executable ?? null : null;
  // The two compiler proofs share one verdict cache file, so they run one after the other.
  const compilers = async (): Promise<DoctorRow[]> => [await compilerRow('c', withHeaders, paths, env), await compilerRow('c++', withHeaders, paths, env)];
  const [environment, [c, cxx], cargo, rustc, crates, sandbox] = await Promise.all([
    environmentRows(chosen, paths),
    compilers(),
    rustRow('cargo', env),
    rustRow('rustc', env),
    cratesRow(paths),
    sandboxRow(),
  ]);
  rows.push(...environment, c!, cxx!, cargo, rustc, crates, sandbox);
  return { rows, defaultInterpreter: chosen };
}
