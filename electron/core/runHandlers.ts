/**
 * The API's run and lint handlers: F5 runs a file of the current workspace through the sandboxed runner (the
 * single way student code runs), and ruff lints the editor's text as the student types.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Result } from './api.js';
import { checkerScript } from './checks/service.js';
import { readablePathsFor } from './checks/warmChecker.js';
import type { Handlers } from './dispatch.js';
import { ApiError } from './errors.js';
import { lintPython } from './run/lint.js';
import { tracebackLocation } from './run/traceback.js';
import { runSandboxed } from './runner/index.js';
import type { ClientSession } from './session.js';

type RunMethods = 'lint.python' | 'run.start' | 'run.stop' | 'profile.run';

function profilerScript(runtimeDir: string): string {
  return path.join(runtimeDir, 'checker', 'pyforge_profile.py');
}

/** Runs in progress, by id, for Stop. */
const runs = new Map<string, AbortController>();
/** A program run from the editor: longer than a check, still bounded so a forgotten loop ends. */
const RUN_TIMEOUT_MS = 10 * 60_000;

export const runHandlers: Pick<Handlers<ClientSession>, RunMethods> = {
  'lint.python': async ({ path: rel, content }, session) => {
    const workspace = await session.currentWorkspace();
    await workspace.resolve(rel); // confined to the workspace like every path the renderer sends
    const { python, env } = await session.services.checkEnvironment(workspace.root);
    const readablePaths = readablePathsFor(python, checkerScript(session.services.paths.runtimeDir), []);
    return { diagnostics: await lintPython({ python, env, workspace: workspace.root, file: rel, content, readablePaths }) };
  },
  'run.start': async ({ path: rel, runId }, session) => {
    const workspace = await session.currentWorkspace();
    const file = await workspace.resolve(rel);
    if (!file.endsWith('.py')) throw new ApiError('bad_request', `${rel} is not a Python file: Run starts .py files`);
    const { services } = session;
    const { python, env } = await services.checkEnvironment(workspace.root);
    const abort = new AbortController();
    runs.set(runId, abort);
    try {
      const result = await runSandboxed({
        command: python,
        // faulthandler: a crash in an extension prints the Python traceback of every thread before dying.
        args: ['-X', 'faulthandler', '-u', path.relative(workspace.root, file)],
        cwd: workspace.root,
        env,
        readablePaths: readablePathsFor(python, checkerScript(services.paths.runtimeDir), []),
        limits: { timeoutMs: RUN_TIMEOUT_MS, cpuSeconds: RUN_TIMEOUT_MS / 1000 },
        signal: abort.signal,
        onOutput: (chunk, stream) => session.emit('run.output', { runId, chunk, stream }),
      });
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
    } finally {
      runs.delete(runId);
    }
  },
  'run.stop': ({ runId }) => {
    runs.get(runId)?.abort();
    return null;
  },
  'profile.run': async ({ path: rel, profileId }, session) => {
    const workspace = await session.currentWorkspace();
    const file = await workspace.resolve(rel);
    if (!file.endsWith('.py')) throw new ApiError('bad_request', `${rel} is not a Python file: the profiler runs .py files`);
    const { services } = session;
    const { python, env } = await services.checkEnvironment(workspace.root);
    // Written inside the workspace: the sandbox's /tmp is its own, so PyForge could not read it there.
    const out = path.join(workspace.root, '.pyforge', `profile-${profileId}.json`);
    const abort = new AbortController();
    runs.set(profileId, abort);
    try {
      const result = await runSandboxed({
        command: python,
        args: ['-X', 'faulthandler', '-u', profilerScript(services.paths.runtimeDir), '--out', out, path.relative(workspace.root, file)],
        cwd: workspace.root,
        env,
        readablePaths: readablePathsFor(python, checkerScript(services.paths.runtimeDir), []),
        limits: { timeoutMs: RUN_TIMEOUT_MS, cpuSeconds: RUN_TIMEOUT_MS / 1000 },
        signal: abort.signal,
        onOutput: (chunk, stream) => session.emit('run.output', { runId: profileId, chunk, stream }),
      });
      const profile = await fs.readFile(out, 'utf8').then((text) => JSON.parse(text) as Result<'profile.run'>['profile'], () => null);
      await fs.rm(out, { force: true });
      return { profileId, outcome: result.outcome, summary: result.summary, profile };
    } finally {
      runs.delete(profileId);
    }
  },
};
