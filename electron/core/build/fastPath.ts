/**
 * The Build command's fast path for C and C++ (CPython extensions, ctypes/cffi libraries, pybind11 modules):
 * the compiler is called straight from here through the sandboxed runner, with the flags pyforge_build.py uses
 * (sysconfig's include dir and EXT_SUFFIX, -shared -fPIC -O2), so a build costs the compiler and little more.
 * What only Python knows (sysconfig, pybind11's include dir) is asked once per interpreter and kept. The
 * checks build with pyforge_build.py itself; both produce the same file in the workspace's build/ folder.
 * The compiler is asked for structured diagnostics (gcc's JSON, SARIF) when it can write them (diagnostics/):
 * exact places and ranges for the editor, rendered back to gcc-style text for the Build panel.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { BuildDiagnostic } from '../api.js';
import { runSandboxed, type RunResult } from '../runner/index.js';
import type { PythonFacts } from '../toolchain/pythonFacts.js';
import { pointsOnlyOutside, toBuildDiagnostics } from './diagnostics/messages.js';
import { structuredDiagnosticsFlags } from './diagnostics/probe.js';
import { CompilerOutputReader, type CompilerReport } from './diagnostics/reader.js';

export type FastKind = 'extension' | 'library';

export interface FastPlan {
  /** The compiler and its arguments, sources relative to the workspace. */
  argv: string[];
  /** The compiler's own words at the start of argv ("gcc -pthread"). */
  compiler: string[];
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
    compiler,
    includes,
    artifact,
  };
}

export interface FastOutcome {
  skipped: boolean;
  result: RunResult | null;
  diagnostics: BuildDiagnostic[];
  /** The compiler's output as the student reads it (structured diagnostics rendered as text). */
  output: string;
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
  if (built && stamped === digest) return { skipped: true, result: null, diagnostics: [], output: '', artifact: plan.artifact };
  await fs.mkdir(path.dirname(plan.artifact), { recursive: true });
  // Built beside its final name and renamed in: a process that imported the old module keeps it intact.
  const partial = path.join(path.dirname(plan.artifact), `.${path.basename(plan.artifact)}.${process.pid}.partial`);
  const compile = async (flags: string[]): Promise<{ result: RunResult; report: CompilerReport }> => {
    // Text streams as it comes; a structured run's output is one document at the compiler's end, rendered then.
    const reader = new CompilerOutputReader(workspace, flags.length ? undefined : options.onOutput);
    const [command, ...args] = [...plan.compiler, ...flags, ...plan.argv.slice(plan.compiler.length)];
    const result = await runSandboxed({
      command: command!,
      args: [...args, '-o', partial],
      cwd: workspace,
      env: { ...options.env, LC_ALL: 'C' }, // plain quotes in the messages, not typographic ones
      readablePaths: plan.includes,
      limits: { timeoutMs: 10 * 60_000, cpuSeconds: 600, maxProcesses: 64 },
      ...(options.signal ? { signal: options.signal } : {}),
      // Read from the stream, not from the result: the result keeps only the output's last MiB.
      onOutput: (chunk, stream) => reader.push(chunk, stream),
    });
    return { result, report: await reader.end() };
  };
  const flags = await structuredDiagnosticsFlags(plan.compiler, options.env);
  let { result, report } = await compile(flags);
  const failed = !(result.outcome === 'exited' && result.exitCode === 0);
  if (failed && result.outcome !== 'stopped' && report.structured && pointsOnlyOutside(report.messages, workspace)) {
    ({ result, report } = await compile([]));
  } else if (flags.length && report.output) {
    options.onOutput(report.output);
  }
  if (result.outcome === 'exited' && result.exitCode === 0) {
    await fs.rename(partial, plan.artifact);
    await fs.writeFile(stamp, digest);
  } else {
    await fs.rm(partial, { force: true });
  }
  return { skipped: false, result, diagnostics: toBuildDiagnostics(report.messages, workspace), output: report.output, artifact: plan.artifact };
}
