/**
 * The renderer's build store against a fake API that behaves like the host (a build answers when the test says
 * so; a cancel makes it answer "Build cancelled"), the check store's build step (Check builds first and runs
 * the tests only after a good build), and the build's diagnostics as the editor's.
 */
import { describe, expect, it, vi } from 'vitest';
import type { BuildDiagnostic, BuildResult, CheckResult } from '../../electron/core/api.js';
import { BuildStore, buildStatus } from '../../renderer/src/build/buildStore.js';
import { buildDiagnostics, buildTabStatus } from '../../renderer/src/build/buildView.js';
import { buildStepOf } from '../../renderer/src/build/useBuild.js';
import { CheckStore } from '../../renderer/src/checks/checkStore.js';
import { summaryView } from '../../renderer/src/checks/checkView.js';
import { markerRange, type Diagnostic } from '../../renderer/src/editor/diagnostics.js';

const EXERCISE = { lessonId: 'extending-c', exerciseId: 'cext-vector' };
const ERROR: BuildDiagnostic = { file: 'vector.c', line: 12, column: 5, severity: 'error', message: "expected ';' before 'return'" };
const WARNING: BuildDiagnostic = { file: 'vector.c', line: 3, severity: 'warning', message: "unused variable 'x'", code: '-Wunused-variable' };

const built = (buildId: string, over: Partial<BuildResult> = {}): BuildResult => ({
  buildId,
  ok: true,
  skipped: false,
  summary: 'Built vector.so',
  artifact: 'build/vector.so',
  output: '',
  diagnostics: [],
  durationMs: 300,
  ...over,
});
const failed = (buildId: string, diagnostics: BuildDiagnostic[] = [ERROR]): BuildResult =>
  built(buildId, { ok: false, summary: 'Build failed: 1 error: compilation failed', diagnostics, artifact: undefined });

/** The host as far as the stores can tell: builds and checks wait to be answered; a cancel answers "cancelled". */
class FakeHost {
  readonly builds = new Map<string, (r: BuildResult) => void>();
  readonly checks = new Map<string, (r: CheckResult) => void>();
  readonly calls: string[] = [];
  private outputHandlers = new Set<(e: { buildId: string; chunk: string }) => void>();

  call = vi.fn((method: string, params: { buildId?: string; runId?: string }): Promise<unknown> => {
    this.calls.push(`${method} ${params.buildId ?? params.runId ?? ''}`);
    if (method === 'build.run') return new Promise<BuildResult>((resolve) => this.builds.set(params.buildId!, resolve));
    if (method === 'build.cancel') {
      this.answerBuild(built(params.buildId!, { ok: false, summary: 'Build cancelled', artifact: undefined }));
      return Promise.resolve(null);
    }
    if (method === 'checks.run') return new Promise<CheckResult>((resolve) => this.checks.set(params.runId!, resolve));
    if (method === 'checks.cancel') return Promise.resolve(null);
    return Promise.reject(new Error(`unexpected ${method}`));
  });

  on = vi.fn((_event: string, handler: (e: { buildId: string; chunk: string }) => void) => {
    this.outputHandlers.add(handler);
    return () => this.outputHandlers.delete(handler);
  });

  emit(buildId: string, chunk: string): void {
    for (const handler of this.outputHandlers) handler({ buildId, chunk });
  }

  answerBuild(result: BuildResult): void {
    this.builds.get(result.buildId)?.(result);
    this.builds.delete(result.buildId);
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const host = new FakeHost();
  let ids = 0;
  const api = host as unknown as ConstructorParameters<typeof BuildStore>[0];
  // Output is published at once, so the test reads it without timers.
  const store = new BuildStore(api, EXERCISE, { newBuildId: () => `b${++ids}`, schedule: (fn) => fn() });
  return { host, store };
}

describe('BuildStore', () => {
  it('streams the output of its own build, then shows the result and its diagnostics', async () => {
    const { host, store } = setup();
    const finished = vi.fn();
    store.onFinished(finished);
    const done = store.run();
    expect(host.calls).toEqual(['build.run b1']);
    expect(store.getSnapshot()).toMatchObject({ status: 'running', summary: 'Building…' });
    host.emit('b1', 'gcc -c vector.c\n');
    host.emit('other', 'not mine\n');
    expect(store.output.getSnapshot().segments).toEqual([{ stream: 'stdout', text: 'gcc -c vector.c\n' }]);

    host.answerBuild(failed('b1', [ERROR, WARNING]));
    await expect(done).resolves.toMatchObject({ status: 'failed' });
    expect(store.getSnapshot()).toMatchObject({ status: 'failed', summary: 'Build failed: 1 error: compilation failed', diagnostics: [ERROR, WARNING] });
    expect(finished).toHaveBeenCalledTimes(1);
  });

  it('a good build clears the markers; an up-to-date one keeps the warnings of the build before', async () => {
    const { host, store } = setup();
    void store.run();
    host.answerBuild(failed('b1'));
    await settle();
    void store.run();
    host.answerBuild(built('b2', { summary: 'Built vector.so (1 warning)', diagnostics: [WARNING] }));
    await settle();
    expect(store.getSnapshot()).toMatchObject({ status: 'ok', diagnostics: [WARNING] });
    void store.run();
    host.answerBuild(built('b3', { skipped: true, summary: 'Up to date: nothing changed since the last build' }));
    await settle();
    expect(store.getSnapshot()).toMatchObject({ status: 'skipped', diagnostics: [WARNING] });
    void store.run();
    host.answerBuild(built('b4'));
    await settle();
    expect(store.getSnapshot().diagnostics).toEqual([]);
  });

  it('shows the result\'s output when nothing streamed', async () => {
    const { host, store } = setup();
    void store.run();
    host.answerBuild(failed('b1'));
    await settle();
    expect(store.output.getSnapshot().segments).toEqual([]);
    void store.run();
    host.answerBuild({ ...failed('b2'), output: 'vector.c:12:5: error: expected ;\n' });
    await settle();
    expect(store.output.getSnapshot().segments[0]?.text).toContain('vector.c:12:5');
  });

  it('Cancel stops the build and reads as cancelled, keeping the earlier markers', async () => {
    const { host, store } = setup();
    void store.run();
    host.answerBuild(failed('b1'));
    await settle();
    const done = store.run();
    store.cancel();
    expect(host.calls).toContain('build.cancel b2');
    await expect(done).resolves.toMatchObject({ status: 'cancelled' });
    expect(store.getSnapshot()).toMatchObject({ status: 'cancelled', diagnostics: [ERROR] });
  });

  it('a new build replaces the running one; whoever waited for that one gets the new result', async () => {
    const { host, store } = setup();
    const finished = vi.fn();
    store.onFinished(finished);
    const first = store.run();
    const second = store.run();
    expect(host.calls).toEqual(['build.run b1', 'build.cancel b1', 'build.run b2']);
    await settle();
    expect(store.getSnapshot().status).toBe('running'); // b1's "cancelled" answer is ignored
    host.emit('b1', 'late output of the old build\n');
    expect(store.output.getSnapshot().segments).toEqual([]);
    host.answerBuild(built('b2'));
    await expect(first).resolves.toMatchObject({ status: 'ok', result: { buildId: 'b2' } });
    await expect(second).resolves.toMatchObject({ status: 'ok', result: { buildId: 'b2' } });
    expect(finished).toHaveBeenCalledTimes(1);
  });

  it('reports an API failure as a failed build that says why', async () => {
    const { host, store } = setup();
    host.call.mockImplementationOnce(() => Promise.reject(new Error('connection lost')));
    await expect(store.run()).resolves.toMatchObject({ status: 'failed', result: { summary: 'The build could not run: connection lost' } });
  });

  it('reset and dispose tell whoever waits that the build was cancelled, and forget its result', async () => {
    const { host, store } = setup();
    const waiting = store.run();
    store.reset();
    await expect(waiting).resolves.toMatchObject({ status: 'cancelled' });
    expect(store.getSnapshot()).toMatchObject({ status: null, result: null, diagnostics: [] });
    const again = store.run();
    store.dispose();
    await expect(again).resolves.toMatchObject({ status: 'cancelled' });
    expect(host.on).toHaveBeenCalledTimes(1);
  });

  it('maps results to statuses and statuses to the tab symbol', () => {
    expect(buildStatus(built('x'), false)).toBe('ok');
    expect(buildStatus(built('x', { skipped: true }), false)).toBe('skipped');
    expect(buildStatus(failed('x'), false)).toBe('failed');
    expect(buildStatus(failed('x'), true)).toBe('cancelled');
    expect(buildStatus(built('x'), true)).toBe('ok'); // it finished before the cancel arrived
    expect(buildTabStatus(null)).toBe('none');
    expect(buildTabStatus('skipped')).toBe('passed');
    expect(buildTabStatus('failed')).toBe('failed');
  });
});

describe('build diagnostics', () => {
  it('become the editor\'s, with the compiler\'s code in the message, only for the student\'s files', () => {
    const header: BuildDiagnostic = { file: '/usr/include/python3.11/object.h', line: 9, severity: 'info', message: 'declared here' };
    const outside: BuildDiagnostic = { file: '../secrets.c', line: 1, severity: 'error', message: 'x' };
    expect(buildDiagnostics([ERROR, WARNING, header, outside])).toEqual([
      { source: 'build', file: 'vector.c', line: 12, column: 5, severity: 'error', message: "expected ';' before 'return'" },
      { source: 'build', file: 'vector.c', line: 3, severity: 'warning', message: "unused variable 'x' [-Wunused-variable]" },
    ]);
  });

  it("keep the compiler's range, and mark it in the editor; without one the marker runs to the line's end", () => {
    const ranged: BuildDiagnostic = { ...ERROR, endLine: 12, endColumn: 11 };
    const [d] = buildDiagnostics([ranged]);
    expect(d).toMatchObject({ line: 12, column: 5, endLine: 12, endColumn: 11 });
    // A 20-line file whose lines are 30 characters long, indented by 4.
    const model = { getLineCount: () => 20, getLineFirstNonWhitespaceColumn: () => 5, getLineMaxColumn: () => 31 };
    expect(markerRange(d!, model)).toEqual({ startLineNumber: 12, startColumn: 5, endLineNumber: 12, endColumn: 11 });
    const plain: Diagnostic = { source: 'build', file: 'vector.c', line: 12, column: 5, severity: 'error', message: 'x' };
    expect(markerRange(plain, model)).toEqual({ startLineNumber: 12, startColumn: 5, endLineNumber: 12, endColumn: 31 });
    // The file shrank since the build: the range is clamped to it.
    expect(markerRange({ ...plain, line: 19, endLine: 25, endColumn: 40 }, model)).toEqual({ startLineNumber: 19, startColumn: 5, endLineNumber: 20, endColumn: 31 });
    expect(markerRange({ ...plain, column: undefined }, model)).toMatchObject({ startColumn: 5, endColumn: 31 });
  });
});

describe('Check with a build step', () => {
  function checkSetup() {
    const { host, store: builds } = setup();
    let ids = 0;
    const api = host as unknown as ConstructorParameters<typeof CheckStore>[0];
    const checks = new CheckStore(api, EXERCISE, { storage: null, newRunId: () => `c${++ids}` });
    checks.setBuildStep(buildStepOf(builds));
    return { host, builds, checks };
  }

  it('builds first, then runs the tests', async () => {
    const { host, checks } = checkSetup();
    checks.run();
    expect(host.calls).toEqual(['build.run b1']);
    expect(summaryView(checks.getSnapshot())).toEqual({ status: 'running', text: 'Building…' });
    host.answerBuild(built('b1', { skipped: true }));
    await settle();
    expect(host.calls).toEqual(['build.run b1', 'checks.run c1']);
    expect(checks.getSnapshot().live).toEqual({ runId: 'c1', trigger: 'manual', total: null, tests: [] });
  });

  it('does not run the tests when the build fails, and says why', async () => {
    const { host, checks } = checkSetup();
    const finished = vi.fn();
    checks.onFinished(finished);
    checks.run('watch');
    host.answerBuild(failed('b1'));
    await settle();
    expect(host.calls).toEqual(['build.run b1']);
    expect(checks.getSnapshot().last?.result).toMatchObject({
      status: 'error',
      summary: 'Build failed: 1 error: compilation failed (the checks did not run)',
    });
    expect(finished).toHaveBeenCalledWith(expect.objectContaining({ trigger: 'watch', buildFailed: true }));
  });

  it('Cancel while building cancels the build, not a check that never started', async () => {
    const { host, checks } = checkSetup();
    checks.run();
    checks.cancel();
    await settle();
    expect(host.calls).toEqual(['build.run b1', 'build.cancel b1']);
    expect(checks.getSnapshot().last?.result).toMatchObject({ status: 'cancelled', summary: 'Build cancelled: the checks did not run' });
    expect(checks.getSnapshot().history).toEqual([]);
  });

  it('a second check while the first builds: one build for both, one test run', async () => {
    const { host, checks } = checkSetup();
    checks.run();
    checks.run();
    host.answerBuild(built('b2'));
    await settle();
    expect(host.calls.filter((c) => c.startsWith('checks.run'))).toEqual(['checks.run c2']);
    expect(host.calls.filter((c) => c.startsWith('checks.cancel'))).toEqual([]);
  });
});
