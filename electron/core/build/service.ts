/**
 * Builds an exercise's native code from the app's Build command: `pyforge_build.py` (the one builder the
 * checks use too) run through the sandboxed runner in the student's workspace, with the toolchain's
 * environment (the proven CC/CXX or zig, the offline cargo set-up). Output streams as it comes; the
 * compiler's diagnostics come back as data for the editor's markers and the Problems panel. Unchanged inputs
 * skip the build (pyforge_build keeps a hash of them). A build can be cancelled.
 */
import path from 'node:path';
import type { BuildDiagnostic, BuildResult } from '../api.js';
import { buildFolders } from '../checks/service.js';
import { LineSplitter } from '../checks/protocol.js';
import { readablePathsFor } from '../checks/warmChecker.js';
import type { Exercise } from '../lessons/course.js';
import { runSandboxed } from '../runner/index.js';
import { pythonFacts } from '../toolchain/pythonFacts.js';
import { inWorkspace } from './diagnostics/messages.js';
import { fastPlan, runFastBuild } from './fastPath.js';

export function builderScript(runtimeDir: string): string {
  return path.join(runtimeDir, 'checker', 'pyforge_build.py');
}

/** pyforge_build's command line for an exercise's `build:` (null when the exercise has nothing to build). */
export function builderArgs(exercise: Pick<Exercise, 'kind' | 'build'>): string[] | null {
  const build = exercise.build;
  if (!build) return null;
  if (build.command) return ['command', '--', ...build.command];
  const sources = build.sources ?? [];
  const name = build.name ?? path.basename(sources[0] ?? 'module').replace(/\.[^.]+$/, '');
  const cxx = exercise.kind === 'cpp-extension' || sources.some((s) => /\.(cc|cpp|cxx)$/.test(s));
  switch (build.kind) {
    case 'c-api':
      return [cxx ? 'cpp-extension' : 'c-extension', '--name', name, '--out-dir', 'build', ...sources];
    case 'ctypes':
    case 'cffi':
      return [cxx ? 'shared-library-cpp' : 'shared-library', '--name', name, '--out-dir', 'build', ...sources];
    case 'pybind11':
      return ['pybind11', '--name', name, '--out-dir', 'build', ...sources];
    case 'setuptools':
      return ['setuptools'];
    case 'maturin':
      return ['pyo3', '--out-dir', 'build'];
    default:
      return null;
  }
}

/** The build's summary line: what was made and how many errors and warnings the compiler gave. */
function summarize(outcome: { ok: boolean; skipped: boolean; artifact?: string; message?: string }, diagnostics: BuildDiagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const counts = [errors && `${errors} error${errors === 1 ? '' : 's'}`, warnings && `${warnings} warning${warnings === 1 ? '' : 's'}`].filter(Boolean).join(', ');
  if (outcome.ok) return outcome.skipped ? 'Up to date: nothing changed since the last build' : `Built ${path.basename(outcome.artifact ?? '')}${counts ? ` (${counts})` : ''}`;
  return `Build failed${counts ? `: ${counts}` : ''}: ${(outcome.message ?? '').split('\n')[0]}`;
}

/**
 * C and C++ builds on POSIX go straight to the compiler (fastPath.ts); PyO3, setuptools and an exercise's own
 * command go through pyforge_build.py. Returns null when the fast path does not apply.
 */
async function fastPathFor(request: BuildRequest): Promise<BuildResult | null> {
  const build = request.exercise.build;
  if (process.platform === 'win32' || !build?.kind || !['c-api', 'ctypes', 'cffi', 'pybind11'].includes(build.kind)) return null;
  const started = performance.now();
  const sources = build.sources ?? [];
  const facts = await pythonFacts(request.python, request.env);
  const plan = fastPlan({
    kind: build.kind === 'c-api' || build.kind === 'pybind11' ? 'extension' : 'library',
    cxx: build.kind === 'pybind11' || request.exercise.kind === 'cpp-extension' || sources.some((s) => /\.(cc|cpp|cxx)$/.test(s)),
    pybind11: build.kind === 'pybind11',
    name: build.name ?? path.basename(sources[0] ?? 'module').replace(/\.[^.]+$/, ''),
    sources,
    workspace: request.workspace,
    facts,
    env: request.env,
  });
  const outcome = await runFastBuild({ plan, facts, workspace: request.workspace, env: request.env, onOutput: request.onOutput, ...(request.signal ? { signal: request.signal } : {}) });
  const durationMs = Math.round(performance.now() - started);
  const artifact = path.relative(request.workspace, outcome.artifact).split(path.sep).join('/');
  const base = { buildId: request.buildId, diagnostics: outcome.diagnostics, durationMs, output: outcome.output };
  if (outcome.result?.outcome === 'stopped') return { ...base, ok: false, skipped: false, summary: 'Build cancelled' };
  const ok = outcome.skipped || (outcome.result?.outcome === 'exited' && outcome.result.exitCode === 0);
  const message = outcome.result && !ok ? `the compiler ${outcome.result.summary}` : '';
  return { ...base, ok, skipped: outcome.skipped, artifact, summary: summarize({ ok, skipped: outcome.skipped, artifact, message }, outcome.diagnostics) };
}

interface BuilderEvent {
  type: 'diagnostic' | 'done';
  ok?: boolean;
  artifact?: string;
  skipped?: boolean;
  message?: string;
  output?: string;
  file?: string;
  line?: number;
  column?: number | null;
  end_line?: number | null;
  end_column?: number | null;
  severity?: string;
  code?: string | null;
}

export interface BuildRequest {
  buildId: string;
  exercise: Exercise;
  workspace: string;
  python: string;
  env: NodeJS.ProcessEnv;
  runtimeDir: string;
  onOutput: (chunk: string) => void;
  signal?: AbortSignal;
}

const BUILD_TIMEOUT_MS = 10 * 60_000;
/** Builder kinds that import installed packages (pybind11's headers, setuptools). */
const NEEDS_SITE = new Set(['pybind11', 'setuptools']);

export async function runBuild(request: BuildRequest): Promise<BuildResult> {
  const fast = await fastPathFor(request);
  if (fast) return fast;
  const started = performance.now();
  const args = builderArgs(request.exercise);
  const base = { buildId: request.buildId, diagnostics: [] as BuildDiagnostic[], durationMs: 0 };
  if (!args) return { ...base, ok: false, skipped: false, summary: 'This exercise has nothing to build (its exercise.yaml has no build: step).', output: '' };
  const diagnostics: BuildDiagnostic[] = [];
  let done: BuilderEvent | null = null;
  const lines = new LineSplitter((line) => {
    let event: BuilderEvent;
    try {
      event = JSON.parse(line) as BuilderEvent;
    } catch {
      return;
    }
    if (event.type === 'diagnostic' && event.file && event.line) {
      diagnostics.push({
        file: inWorkspace(event.file, request.workspace),
        line: event.line,
        ...(event.column ? { column: event.column } : {}),
        ...(event.end_line && event.end_column ? { endLine: event.end_line, endColumn: event.end_column } : {}),
        severity: event.severity === 'warning' ? 'warning' : event.severity === 'note' ? 'info' : 'error',
        message: event.message ?? '',
        ...(event.code ? { code: event.code } : {}),
      });
    } else if (event.type === 'done') {
      done = event;
      if (event.output) request.onOutput(event.output);
    }
  });
  const result = await runSandboxed({
    command: request.python,
    // -S (no site-packages) where the build needs nothing installed: it starts the builder ~20 ms sooner.
    args: [...(NEEDS_SITE.has(args[0]!) ? [] : ['-S']), builderScript(request.runtimeDir), ...args],
    cwd: request.workspace,
    env: request.env,
    writablePaths: buildFolders(request.env),
    readablePaths: readablePathsFor(request.python, builderScript(request.runtimeDir), []),
    limits: { timeoutMs: BUILD_TIMEOUT_MS, cpuSeconds: BUILD_TIMEOUT_MS / 1000, maxProcesses: 256 },
    ...(request.signal ? { signal: request.signal } : {}),
    onOutput: (chunk, stream) => (stream === 'stdout' ? lines.push(chunk) : request.onOutput(chunk)),
  });
  const durationMs = Math.round(performance.now() - started);
  const finished = done as BuilderEvent | null;
  if (result.outcome === 'stopped') return { ...base, ok: false, skipped: false, summary: 'Build cancelled', output: '', diagnostics, durationMs };
  if (!finished) {
    return { ...base, ok: false, skipped: false, summary: `The build did not finish: ${result.summary}`, output: result.stderr, diagnostics, durationMs };
  }
  const summary = summarize(
    { ok: Boolean(finished.ok), skipped: Boolean(finished.skipped), ...(finished.artifact ? { artifact: finished.artifact } : {}), ...(finished.message ? { message: finished.message } : {}) },
    diagnostics,
  );
  return {
    buildId: request.buildId,
    ok: Boolean(finished.ok),
    skipped: Boolean(finished.skipped),
    summary,
    ...(finished.artifact ? { artifact: inWorkspace(finished.artifact, request.workspace) } : {}),
    output: finished.output ?? '',
    diagnostics,
    durationMs,
  };
}
