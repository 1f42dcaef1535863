/**
 * The Build command's fast path for C and C++ (CPython extensions, ctypes/cffi libraries, pybind11 modules):
 * the compiler is called straight from here through the sandboxed runner, with the flags pyforge_build.py uses
 * (sysconfig's include dir and EXT_SUFFIX, -shared -fPIC -O2), so a build costs the compiler and little more.
 * What only Python knows (sysconfig, pybind11's include dir) is asked once per interpreter and kept. The
 * checks build with pyforge_build.py itself; both produce the same file in the workspace's build/ folder.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { BuildDiagnostic } from '../api.js';
import { runSandboxed, type RunResult } from '../runner/index.js';
import type { PythonFacts } from '../toolchain/pythonFacts.js';

export type FastKind = 'extension' | 'library';

export interface FastPlan {
  /** The compiler and its arguments, sources relative to the workspace. */
  argv: string[];
  /** Header folders the compiler reads (pybind11's may live under /tmp, hidden by the sandbox otherwise). */
  includes: string[];
  /** Absolute path of the file the build makes. */
  artifact: string;
}

/** The compiler command for a build, as pyforge_build.py would run it. */
export function fastPlan(options: { kind: FastKind; cxx: boolean; pybind11: boolean; name: string; sources: string[]; workspace: string; facts: PythonFacts; env: NodeJS.ProcessEnv; platform?: NodeJS.Platform }): FastPlan {
  const { facts, platform = process.platform } = options;
  const compiler = (options.cxx ? options.env.CXX || facts.cxx || 'c++' : options.env.CC || facts.cc || 'cc').split(/\s+/).filter(Boolean);
  const includes = options.kind === 'extension' ? [facts.include, ...(options.pybind11 && facts.pybind11 ? [facts.pybind11] : [])] : [];
  const link =
    options.kind === 'extension' ? (platform === 'darwin' ? ['-bundle', '-undefined', 'dynamic_lookup'] : ['-shared']) : platform === 'darwin' ? ['-dynamiclib'] : ['-shared'];
  const file = options.kind === 'extension' ? `${options.name}${facts.suffix}` : platform === 'darwin' ? `lib${options.name}.dylib` : `lib${options.name}.so`;
  const artifact = path.join(options.workspace, 'build', file);
  return {
    // -Wall: the compiler's warnings become the student's yellow markers (they often point at a refcount bug).
    argv: [...compiler, ...link, '-fPIC', '-O2', '-Wall', ...includes.map((d) => `-I${d}`), ...(options.cxx ? ['-std=c++17'] : []), ...options.sources],
    includes,
    artifact,
  };
}

// gcc, clang and zig cc: "file:line:col: error: message".
const GCC = /^(?<file>[^\s:][^:\n]*?):(?<line>\d+):(?:(?<col>\d+):)? (?<sev>fatal error|error|warning|note): (?<msg>.*)$/gm;

export function compilerDiagnostics(output: string, workspace: string): BuildDiagnostic[] {
  const found: BuildDiagnostic[] = [];
  for (const m of output.matchAll(GCC)) {
    const g = m.groups!;
    const absolute = path.resolve(workspace, g.file!);
    const rel = path.relative(workspace, absolute);
    found.push({
      file: rel.startsWith('..') || path.isAbsolute(rel) ? g.file! : rel.split(path.sep).join('/'),
      line: Number(g.line),
      ...(g.col ? { column: Number(g.col) } : {}),
      severity: g.sev === 'warning' ? 'warning' : g.sev === 'note' ? 'info' : 'error',
      message: g.msg!.trim(),
    });
  }
  return found;
}

export interface FastOutcome {
  skipped: boolean;
  result: RunResult | null;
  diagnostics: BuildDiagnostic[];
  artifact: string;
}

/** Builds unless the stamp beside the artifact says these exact inputs built it; then renames it in. */
export async function runFastBuild(options: {
  plan: FastPlan;
  facts: PythonFacts;
  workspace: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onOutput: (chunk: string) => void;
}): Promise<FastOutcome> {
  const { plan, workspace } = options;
  const sources = plan.argv.filter((a) => /\.(c|cc|cpp|cxx)$/.test(a));
  const hash = createHash('sha256').update(options.facts.version).update('\0').update(plan.argv.join('\0'));
  // Local headers count as inputs too: editing vector.h must rebuild what includes it.
  const headers = (await fs.readdir(workspace, { recursive: true }).catch(() => [] as string[]))
    .filter((f) => /\.(h|hh|hpp)$/.test(f) && !f.split(path.sep).includes('build'))
    .sort();
  for (const file of [...sources, ...headers]) hash.update('\0').update(await fs.readFile(path.join(workspace, file)));
  const digest = hash.digest('hex');
  const stamp = `${plan.artifact}.pyforge-hash`;
  const [built, stamped] = await Promise.all([fs.stat(plan.artifact).then(() => true, () => false), fs.readFile(stamp, 'utf8').catch(() => null)]);
  if (built && stamped === digest) return { skipped: true, result: null, diagnostics: [], artifact: plan.artifact };
  await fs.mkdir(path.dirname(plan.artifact), { recursive: true });
  // Built beside its final name and renamed in: a process that imported the old module keeps it intact.
  const partial = path.join(path.dirname(plan.artifact), `.${path.basename(plan.artifact)}.${process.pid}.partial`);
  const [command, ...args] = plan.argv;
  const result = await runSandboxed({
    command: command!,
    args: [...args, '-o', partial],
    cwd: workspace,
    env: { ...options.env, LC_ALL: 'C' }, // diagnostics in the format the parser reads
    readablePaths: plan.includes,
    limits: { timeoutMs: 10 * 60_000, cpuSeconds: 600, maxProcesses: 64 },
    ...(options.signal ? { signal: options.signal } : {}),
    onOutput: (chunk) => options.onOutput(chunk),
  });
  const output = result.stdout + result.stderr;
  if (result.outcome === 'exited' && result.exitCode === 0) {
    await fs.rename(partial, plan.artifact);
    await fs.writeFile(stamp, digest);
  } else {
    await fs.rm(partial, { force: true });
  }
  return { skipped: false, result, diagnostics: compilerDiagnostics(output, workspace), artifact: plan.artifact };
}
