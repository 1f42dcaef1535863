/**
 * Interpreter discovery: every candidate PyForge could run student code with, each reported with why it was
 * taken or refused. Candidates are called directly (a pyenv shim costs ~120 ms a start and hides which
 * interpreter it picks), probed in parallel, and de-duplicated by the executable they report.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** CPython versions the course supports; 3.12+ is preferred because it has `sys.monitoring`. */
export const SUPPORTED = { min: [3, 11], max: [3, 13] } as const;
const PROBE_TIMEOUT_MS = 15_000;

export type CandidateSource = 'bundled' | 'PYFORGE_PYTHON' | 'pyenv' | 'PATH' | 'py launcher';

export interface Candidate {
  source: CandidateSource;
  path: string;
}

export type InterpreterStatus = 'ok' | 'limited' | 'refused';

export interface InterpreterReport {
  source: CandidateSource;
  path: string;
  status: InterpreterStatus;
  /** Why it was taken, limited or refused, with the fix where there is one. */
  reason: string;
  executable?: string;
  version?: string;
  /** `sys.monitoring` (3.12+), which the interpreter views need. */
  hasMonitoring?: boolean;
  hasHeaders?: boolean;
}

export interface ProbeResult {
  executable: string;
  version: [number, number, number];
  implementation: string;
  hasHeaders: boolean;
  isVirtualEnv: boolean;
}

const PROBE = [
  'import json, os, sys, sysconfig',
  'inc = sysconfig.get_paths().get("include") or ""',
  'print(json.dumps({"executable": sys.executable, "version": list(sys.version_info[:3]),',
  ' "implementation": sys.implementation.name,',
  ' "hasHeaders": os.path.exists(os.path.join(inc, "Python.h")), "isVirtualEnv": sys.prefix != sys.base_prefix}))',
].join('\n');

async function isFile(p: string): Promise<boolean> {
  return fs.stat(p).then((s) => s.isFile(), () => false);
}

const exe = (name: string): string => (process.platform === 'win32' ? `${name}.exe` : name);

/** Every place an interpreter may be, most specific first. */
export async function listCandidates(resourcesDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  // A packaged app ships a relocatable CPython beside its resources.
  const bundled = process.platform === 'win32' ? path.join(resourcesDir, 'python', 'python.exe') : path.join(resourcesDir, 'python', 'bin', 'python3');
  if (await isFile(bundled)) candidates.push({ source: 'bundled', path: bundled });
  if (env.PYFORGE_PYTHON) candidates.push({ source: 'PYFORGE_PYTHON', path: env.PYFORGE_PYTHON });

  const pyenvRoot = env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv');
  const versions = await fs.readdir(path.join(pyenvRoot, 'versions')).catch(() => [] as string[]);
  const numeric = (v: string): number[] => v.split(/[^0-9]+/).filter(Boolean).map(Number);
  for (const version of versions.sort((a, b) => compareVersion(numeric(b), numeric(a)))) {
    const binary = process.platform === 'win32' ? path.join(pyenvRoot, 'versions', version, 'python.exe') : path.join(pyenvRoot, 'versions', version, 'bin', 'python3');
    if (await isFile(binary)) candidates.push({ source: 'pyenv', path: binary });
  }

  const shims = path.join(pyenvRoot, 'shims');
  const pathDirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((d) => d && path.resolve(d) !== path.resolve(shims));
  const names = ['python3.13', 'python3.12', 'python3.11', 'python3.14', 'python3.10', 'python3', ...(process.platform === 'win32' ? ['python'] : [])];
  for (const name of names) {
    for (const dir of pathDirs) {
      const binary = path.join(dir, exe(name));
      if (await isFile(binary)) {
        candidates.push({ source: 'PATH', path: binary });
        break; // the first on PATH is the one a shell would run
      }
    }
  }
  if (process.platform === 'win32') candidates.push(...(await pyLauncherCandidates()));
  return candidates;
}

/** The Windows `py` launcher lists installed interpreters with `py -0p` ("-V:3.12 *  C:\...\python.exe"). */
async function pyLauncherCandidates(): Promise<Candidate[]> {
  try {
    const { stdout } = await execFileAsync('py', ['-0p'], { timeout: PROBE_TIMEOUT_MS, windowsHide: true });
    return stdout
      .split(/\r?\n/)
      .map((line) => /([A-Za-z]:\\.*python\.exe)\s*$/i.exec(line.trim())?.[1])
      .filter((p): p is string => Boolean(p))
      .map((p) => ({ source: 'py launcher' as const, path: p }));
  } catch {
    return [];
  }
}

export async function probe(candidate: string): Promise<ProbeResult | { error: string }> {
  try {
    const { stdout } = await execFileAsync(candidate, ['-I', '-c', PROBE], { timeout: PROBE_TIMEOUT_MS, windowsHide: true });
    return JSON.parse(stdout.trim().split(/\r?\n/).pop() ?? '') as ProbeResult;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string; killed?: boolean };
    if (e.code === 'ENOENT') return { error: 'not found' };
    if (e.killed) return { error: `did not answer within ${PROBE_TIMEOUT_MS / 1000} s` };
    return { error: (e.stderr?.trim().split('\n').pop() ?? e.message) || 'failed to run' };
  }
}

function compareVersion(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const HEADERS_FIX =
  process.platform === 'darwin'
    ? 'reinstall Python from python.org or Homebrew, which include them'
    : 'install python3-dev (Debian/Ubuntu) or python3-devel (Fedora)';

/** The verdict on one probed candidate: pure, so the rules are unit-tested. */
export function judge(candidate: Candidate, result: ProbeResult | { error: string }): InterpreterReport {
  const base = { source: candidate.source, path: candidate.path };
  if ('error' in result) return { ...base, status: 'refused', reason: `could not run it: ${result.error}` };
  const version = result.version.join('.');
  const info = {
    ...base,
    executable: result.executable,
    version,
    hasHeaders: result.hasHeaders,
    hasMonitoring: compareVersion(result.version, [3, 12]) >= 0,
  };
  const range = `${SUPPORTED.min.join('.')}–${SUPPORTED.max.join('.')}`;
  if (result.implementation !== 'cpython') return { ...info, status: 'refused', reason: `${result.implementation} is not CPython; the course needs CPython ${range}` };
  if (compareVersion(result.version.slice(0, 2), SUPPORTED.min) < 0) return { ...info, status: 'refused', reason: `Python ${version} is older than the supported ${range}` };
  if (compareVersion(result.version.slice(0, 2), SUPPORTED.max) > 0) return { ...info, status: 'refused', reason: `Python ${version} is newer than the supported ${range}` };
  if (result.isVirtualEnv) return { ...info, status: 'refused', reason: 'is a virtual environment; PyForge builds its own from a base interpreter' };
  if (!result.hasHeaders) return { ...info, status: 'limited', reason: `has no C headers (Python.h), so C extensions cannot be built: ${HEADERS_FIX}` };
  return { ...info, status: 'ok', reason: info.hasMonitoring ? 'supported' : 'supported (3.12+ adds sys.monitoring for the interpreter views)' };
}

/** Probes every candidate (in parallel) and reports each once, by the executable it really is. */
export async function discoverInterpreters(resourcesDir: string, env: NodeJS.ProcessEnv = process.env): Promise<InterpreterReport[]> {
  const candidates = await listCandidates(resourcesDir, env);
  const reports = await Promise.all(candidates.map(async (c) => judge(c, await probe(c.path))));
  const seen = new Map<string, InterpreterReport>();
  const result: InterpreterReport[] = [];
  for (const report of reports) {
    const key = report.executable ? await fs.realpath(report.executable).catch(() => report.executable!) : `path:${report.path}`;
    const first = seen.get(key);
    if (first) continue; // the same interpreter reached another way: the earlier, more specific source wins
    seen.set(key, report);
    result.push(report);
  }
  return result;
}

/**
 * The default: an explicit PYFORGE_PYTHON, else the app's own bundled CPython (the one every machine of the
 * course shares, so bytecode and timings match the lecturer's), else the newest fully supported interpreter,
 * else the newest limited one (no headers).
 */
export function chooseDefault(reports: InterpreterReport[]): InterpreterReport | null {
  const byNewest = (a: InterpreterReport, b: InterpreterReport): number =>
    compareVersion((b.version ?? '0').split('.').map(Number), (a.version ?? '0').split('.').map(Number));
  const usable = (status: InterpreterStatus): InterpreterReport[] => reports.filter((r) => r.status === status).sort(byNewest);
  const preferred = (source: CandidateSource): InterpreterReport | undefined => reports.find((r) => r.source === source && r.status !== 'refused');
  return preferred('PYFORGE_PYTHON') ?? preferred('bundled') ?? usable('ok')[0] ?? usable('limited')[0] ?? null;
}
