/**
 * F5 in the renderer: the run store against a fake host (output of its own run only, Stop, a new run replacing
 * the old), and how a run reads: the summary line, the tab's symbol, the traceback as a marker.
 */
import { describe, expect, it, vi } from 'vitest';
import type { RunResult } from '../../electron/core/api.js';
import { RunStore } from '../../renderer/src/run/runStore.js';
import { isRunnable, notRunnableMessage, runDiagnostics, runOutcome, runSummaryText, runTabStatus } from '../../renderer/src/run/runView.js';

const ran = (runId: string, over: Partial<RunResult> = {}): RunResult => ({
  runId,
  outcome: 'exited',
  exitCode: 0,
  summary: 'exited with code 0',
  durationMs: 120,
  outputCapped: false,
  ...over,
});

class FakeHost {
  readonly runs = new Map<string, (r: RunResult) => void>();
  readonly calls: string[] = [];
  private handlers = new Set<(e: { runId: string; chunk: string; stream: 'stdout' | 'stderr' }) => void>();

  call = vi.fn((method: string, params: { runId: string; path?: string }): Promise<unknown> => {
    this.calls.push(`${method} ${params.runId}${params.path ? ` ${params.path}` : ''}`);
    if (method === 'run.start') return new Promise<RunResult>((resolve) => this.runs.set(params.runId, resolve));
    if (method === 'run.stop') {
      this.answer(ran(params.runId, { outcome: 'stopped', exitCode: null, summary: 'stopped' }));
      return Promise.resolve(null);
    }
    return Promise.reject(new Error(`unexpected ${method}`));
  });

  on = vi.fn((_event: string, handler: (e: { runId: string; chunk: string; stream: 'stdout' | 'stderr' }) => void) => {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  });

  emit(runId: string, chunk: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    for (const handler of this.handlers) handler({ runId, chunk, stream });
  }

  answer(result: RunResult): void {
    this.runs.get(result.runId)?.(result);
    this.runs.delete(result.runId);
  }
}

function setup() {
  const host = new FakeHost();
  let ids = 0;
  const store = new RunStore(host as unknown as ConstructorParameters<typeof RunStore>[0], { newRunId: () => `r${++ids}`, schedule: (fn) => fn() });
  return { host, store };
}

describe('RunStore', () => {
  it('streams stdout and stderr of its own run, then shows how it ended', async () => {
    const { host, store } = setup();
    const done = store.run('main.py');
    expect(store.getSnapshot()).toMatchObject({ path: 'main.py', running: true, result: null });
    host.emit('r1', 'hello\n');
    host.emit('r1', 'Traceback (most recent call last):\n', 'stderr');
    host.emit('someone-else', 'not mine\n');
    host.answer(ran('r1', { exitCode: 1, summary: 'exited with code 1', traceback: { file: 'main.py', line: 3, message: 'ValueError: boom' } }));
    await expect(done).resolves.toMatchObject({ exitCode: 1 });
    expect(store.output.getSnapshot().segments).toEqual([
      { stream: 'stdout', text: 'hello\n' },
      { stream: 'stderr', text: 'Traceback (most recent call last):\n' },
    ]);
    expect(store.getSnapshot()).toMatchObject({ running: false, result: { summary: 'exited with code 1' } });
  });

  it('Stop stops it; a new run stops the old one, whose late answer and output are ignored', async () => {
    const { host, store } = setup();
    const first = store.run('a.py');
    const second = store.run('b.py');
    expect(host.calls).toEqual(['run.start r1 a.py', 'run.stop r1', 'run.start r2 b.py']);
    await expect(first).resolves.toBeNull();
    expect(store.getSnapshot()).toMatchObject({ path: 'b.py', running: true });
    host.emit('r1', 'old\n');
    expect(store.output.getSnapshot().segments).toEqual([]);
    host.call.mockImplementationOnce(() => Promise.resolve(null)); // the stop is heard, its answer comes later
    store.stop();
    expect(store.getSnapshot()).toMatchObject({ running: true, stopping: true });
    host.answer(ran('r2', { outcome: 'stopped', exitCode: null, summary: 'stopped' }));
    await expect(second).resolves.toMatchObject({ outcome: 'stopped' });
    expect(store.getSnapshot()).toMatchObject({ running: false, stopping: false });
    expect(runOutcome(store.getSnapshot())).toBe('stopped');
  });

  it('reports an API failure (not a .py file, a lost connection) as a run that could not start', async () => {
    const { host, store } = setup();
    host.call.mockImplementationOnce(() => Promise.reject(new Error('notes.txt is not a Python file')));
    await expect(store.run('notes.txt')).resolves.toMatchObject({ outcome: 'failed-to-start', summary: 'could not run: notes.txt is not a Python file' });
  });

  it('reset forgets the last run; dispose stops listening', async () => {
    const { host, store } = setup();
    void store.run('a.py');
    host.answer(ran('r1'));
    await Promise.resolve();
    store.reset();
    expect(store.getSnapshot()).toEqual({ path: null, running: false, stopping: false, result: null });
    store.dispose();
    store.dispose();
    expect(host.on).toHaveBeenCalledTimes(1);
  });
});

describe('how a run reads', () => {
  it('says a crash as a sentence, with how long it ran', () => {
    expect(runSummaryText(ran('r', { outcome: 'crashed', exitCode: null, summary: 'crashed with SIGSEGV (segmentation fault)', durationMs: 80 }))).toBe(
      'Crashed with SIGSEGV (segmentation fault) · 80 ms',
    );
    expect(runSummaryText(ran('r', { outcome: 'failed-to-start', summary: 'could not run: x' }))).toBe('Could not run: x');
  });

  it('gives the tab a symbol: passed for exit 0, failed for another code or a crash, error for a limit', () => {
    const state = (result: RunResult | null, running = false) => ({ running, result });
    expect(runTabStatus(state(null))).toBe('none');
    expect(runTabStatus(state(null, true))).toBe('running');
    expect(runTabStatus(state(ran('r')))).toBe('passed');
    expect(runTabStatus(state(ran('r', { exitCode: 2 })))).toBe('failed');
    expect(runTabStatus(state(ran('r', { outcome: 'crashed', exitCode: null })))).toBe('failed');
    expect(runTabStatus(state(ran('r', { outcome: 'timeout' })))).toBe('error');
    expect(runTabStatus(state(ran('r', { outcome: 'stopped' })))).toBe('cancelled');
  });

  it("marks the traceback's place, and nothing while the next run goes on", () => {
    const result = ran('r', { exitCode: 1, traceback: { file: 'pkg/mod.py', line: 7, message: 'ZeroDivisionError: division by zero' } });
    expect(runDiagnostics({ running: false, result })).toEqual([{ source: 'run', file: 'pkg/mod.py', line: 7, severity: 'error', message: 'ZeroDivisionError: division by zero' }]);
    expect(runDiagnostics({ running: true, result: null })).toEqual([]);
    expect(runDiagnostics({ running: false, result: ran('r') })).toEqual([]);
  });

  it('runs .py files only, and says why not', () => {
    expect(isRunnable('pkg/main.py')).toBe(true);
    expect(isRunnable('vector.c')).toBe(false);
    expect(isRunnable(null)).toBe(false);
    expect(notRunnableMessage('src/vector.c')).toBe('vector.c is not a Python file: F5 runs .py files.');
    expect(notRunnableMessage(null)).toBe('Open a Python file to run it with F5.');
  });
});
