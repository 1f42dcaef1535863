/**
 * The API's run and lint handlers: F5 runs a file of the current workspace through the sandboxed runner (the
 * single way student code runs), and ruff lints the editor's text as the student types.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { timelineReport, type Result } from './api.js';
import { checkerScript } from './checks/service.js';
import { readablePathsFor } from './checks/warmChecker.js';
import type { Handlers } from './dispatch.js';
import { ApiError } from './errors.js';
import { lintPython, typeCheck } from './run/lint.js';
import { tracebackLocation } from './run/traceback.js';
import { appendBenchHistory, readBenchHistory } from './run/benchHistory.js';
import { OutputBatcher } from './run/outputBatcher.js';
import { runSandboxed, type RunResult } from './runner/index.js';
import type { ClientSession } from './session.js';

type RunMethods = 'lint.python' | 'lint.mypy' | 'run.start' | 'run.stop' | 'profile.run' | 'bench.run' | 'meter.run' | 'timeline.run';

/** Runs in progress, by id, for Stop. */
const runs = new Map<string, AbortController>();
/** A program run from the editor: longer than a check, still bounded so a forgotten loop ends. */
const RUN_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs a Python file of the current workspace through the sandboxed runner, its output streamed as
 * `run.output` events under `id` (Stop aborts it). With a tool (`pyforge_profile.py`, …) from the checker's
 * folder, the file runs under it and the tool's JSON report is read back: it is written into the workspace's
 * .pyforge/ folder, since the sandbox's /tmp is its own.
 */
async function runPythonFile(session: ClientSession, id: string, rel: string, tool: [] | [string]): Promise<{ result: RunResult; report: unknown }> {
  const workspace = await session.currentWorkspace();
  const file = await workspace.resolve(rel);
  if (!file.endsWith('.py')) throw new ApiError('bad_request', `${rel} is not a Python file: only .py files run`);
  const { services } = session;
  const { python, env } = await services.checkEnvironment(workspace.root);
  const out = path.join(workspace.root, '.pyforge', `${id}.json`);
  const toolArgs = tool.length ? [path.join(services.paths.runtimeDir, 'checker', tool[0]), '--out', out] : [];
  const abort = new AbortController();
  runs.set(id, abort);
  const output = new OutputBatcher<'stdout' | 'stderr'>((chunk, stream) => session.emit('run.output', { runId: id, chunk, stream }));
  try {
    const result = await runSandboxed({
      command: python,
      args: ['-X', 'faulthandler', '-u', ...toolArgs, path.relative(workspace.root, file)],
      cwd: workspace.root,
      env,
      readablePaths: readablePathsFor(python, checkerScript(services.paths.runtimeDir), []),
      limits: { timeoutMs: RUN_TIMEOUT_MS, cpuSeconds: RUN_TIMEOUT_MS / 1000 },
      signal: abort.signal,
      onOutput: (chunk, stream) => output.push(chunk, stream),
    });
    output.flush();
    if (!tool.length) return { result, report: null };
    // No report, or a torn or non-JSON one (a script can write NaN into it), reads as no report.
    const report = await fs.readFile(out, 'utf8').then(
      (text) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return null;
        }
      },
      () => null,
    );
    await fs.rm(out, { force: true });
    return { result, report };
  } finally {
    runs.delete(id);
  }
}

export const runHandlers: Pick<Handlers<ClientSession>, RunMethods> = {
  'lint.python': async ({ path: rel, content }, session) => {
    const workspace = await session.currentWorkspace();
    await workspace.resolve(rel); // confined to the workspace like every path the renderer sends
    const { python, env } = await session.services.checkEnvironment(workspace.root);
    const readablePaths = readablePathsFor(python, checkerScript(session.services.paths.runtimeDir), []);
    return { diagnostics: await lintPython({ python, env, workspace: workspace.root, file: rel, content, readablePaths }) };
  },
  'lint.mypy': async (_params, session) => {
    const workspace = await session.currentWorkspace();
    const { python, env } = await session.services.checkEnvironment(workspace.root);
    const readablePaths = readablePathsFor(python, checkerScript(session.services.paths.runtimeDir), []);
    return { diagnostics: await typeCheck({ python, env, workspace: workspace.root, readablePaths }) };
  },
  'run.start': async ({ path: rel, runId }, session) => {
    const workspace = await session.currentWorkspace();
    // faulthandler: a crash in an extension prints the Python traceback of every thread before dying.
    const { result } = await runPythonFile(session, runId, rel, []);
    const traceback = tracebackLocation(result.stderr, workspace.root);
    return {
      runId,
      outcome: result.outcome,
      exitCode: result.exitCode,
      summary: result.summary,
      durationMs: result.durationMs,
      outputCapped: result.outputCapped,
      ...(traceback ? { traceback } : {}),
    };
  },
  'run.stop': ({ runId }) => {
    runs.get(runId)?.abort();
    return null;
  },
  'profile.run': async ({ path: rel, profileId }, session) => {
    const { result, report } = await runPythonFile(session, profileId, rel, ['pyforge_profile.py']);
    return { profileId, outcome: result.outcome, summary: result.summary, profile: report as Result<'profile.run'>['profile'] };
  },
  'bench.run': async ({ path: rel, benchId }, session) => {
    const { result, report } = await runPythonFile(session, benchId, rel, ['pyforge_bench.py']);
    const bench = report as Result<'bench.run'>['bench'];
    const workspace = await session.currentWorkspace();
    // Runs are kept, so a student sees how a change moved the numbers.
    const history = bench ? await appendBenchHistory(workspace.root, rel, bench) : await readBenchHistory(workspace.root);
    return { benchId, outcome: result.outcome, summary: result.summary, bench, history: history.filter((h) => h.script === rel) };
  },
  'meter.run': async ({ path: rel, meterId }, session) => {
    const { result, report } = await runPythonFile(session, meterId, rel, ['pyforge_meter.py']);
    return { meterId, outcome: result.outcome, summary: result.summary, meter: report as Result<'meter.run'>['meter'] };
  },
  'timeline.run': async ({ path: rel, timelineId }, session) => {
    const { result, report } = await runPythonFile(session, timelineId, rel, ['pyforge_timeline.py']);
    // A script records into the report (span/mark labels and lanes are its own): it is checked, not trusted.
    const parsed = report === null ? null : timelineReport.safeParse(report);
    if (parsed && !parsed.success) return { timelineId, outcome: result.outcome, summary: `The timeline's report was not readable: ${parsed.error.issues[0]?.message ?? 'bad shape'}`, timeline: null };
    return { timelineId, outcome: result.outcome, summary: result.summary, timeline: parsed ? parsed.data : null };
  },
};
