/**
 * The renderer's check store against a fake API that behaves like the host: a run answers when the test says
 * so, a cancel makes the run answer "cancelled". Also the pure pieces around it: events folded into the live
 * run, results turned into diagnostics, the summary's wording, the shortcut.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckResult, CheckTest, EventPayload } from '../../electron/core/api.js';
import { CheckStore, HISTORY_LENGTH, reduceProgress, watchStorageKey, WATCH_DEBOUNCE_MS, type LiveCheck } from '../../renderer/src/checks/checkStore.js';
import { summaryView } from '../../renderer/src/checks/checkView.js';
import { checkDiagnostics } from '../../renderer/src/checks/problems.js';
import { isCheckShortcut } from '../../renderer/src/checks/useChecks.js';
import { compareDiagnostics } from '../../renderer/src/editor/diagnostics.js';

type Progress = EventPayload<'checks.progress'>;
const EXERCISE = { lessonId: 'event-driven', exerciseId: 'event-bus' };

const test = (name: string, status: CheckTest['status'], over: Partial<CheckTest> = {}): CheckTest => ({
  nodeid: `tests/test_x.py::${name}`,
  name,
  title: name.replace(/_/g, ' '),
  status,
  output: '',
  outputCapped: false,
  durationMs: 3,
  ...over,
});

const result = (runId: string, status: CheckResult['status'], tests: CheckTest[] = [], over: Partial<CheckResult> = {}): CheckResult => ({
  runId,
  ...EXERCISE,
  status,
  summary: status === 'cancelled' ? 'Check cancelled' : `${tests.filter((t) => t.status === 'passed').length} of ${tests.length} checks pass`,
  tests,
  counts: { passed: 0, failed: 0, error: 0, skipped: 0 },
  durationMs: 12,
  ...over,
});

/** The host, as far as the store can tell: runs wait to be answered; a cancel answers the run "cancelled". */
class FakeApi {
  readonly runs = new Map<string, { resolve: (r: CheckResult) => void; reject: (e: unknown) => void }>();
  readonly started: string[] = [];
  readonly cancelled: string[] = [];
  private handlers = new Set<(e: Progress) => void>();

  call = vi.fn((method: string, params: { runId: string }): Promise<unknown> => {
    if (method === 'checks.run') {
      this.started.push(params.runId);
      return new Promise<CheckResult>((resolve, reject) => this.runs.set(params.runId, { resolve, reject }));
    }
    if (method === 'checks.cancel') {
      this.cancelled.push(params.runId);
      this.answer(result(params.runId, 'cancelled'));
      return Promise.resolve(null);
    }
    return Promise.reject(new Error(`unexpected ${method}`));
  });

  on = vi.fn((_event: string, handler: (e: Progress) => void) => {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  });

  get listening(): number {
    return this.handlers.size;
  }

  emit(event: Progress): void {
    for (const handler of this.handlers) handler(event);
  }

  answer(r: CheckResult): void {
    this.runs.get(r.runId)?.resolve(r);
    this.runs.delete(r.runId);
  }

  fail(runId: string, err: Error): void {
    this.runs.get(runId)?.reject(err);
    this.runs.delete(runId);
  }

  get last(): string {
    return this.started[this.started.length - 1]!;
  }
}

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

/** Lets the promise callbacks (a run's answer) run. */
const settle = (): Promise<void> => new Promise((resolve) => queueMicrotask(() => queueMicrotask(resolve)));

let api: FakeApi;
let storage: ReturnType<typeof memoryStorage>;
let ids: number;
const makeStore = (exercise = EXERCISE): CheckStore =>
  // The fake matches the API's call/on in behaviour; its looser signature is cast once here.
  new CheckStore(api as unknown as ConstructorParameters<typeof CheckStore>[0], exercise, { storage, now: () => 1000, newRunId: () => `run-${++ids}` });

beforeEach(() => {
  api = new FakeApi();
  storage = memoryStorage();
  ids = 0;
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('reduceProgress', () => {
  const live: LiveCheck = { runId: 'a', trigger: 'manual', total: null, tests: [] };

  it('records the total once collected and each test as it arrives, in order', () => {
    let next = reduceProgress(live, { phase: 'started', runId: 'a', ...EXERCISE });
    expect(next).toBe(live);
    next = reduceProgress(next, { phase: 'collected', runId: 'a', total: 3 });
    next = reduceProgress(next, { phase: 'test', runId: 'a', test: test('one', 'passed') });
    next = reduceProgress(next, { phase: 'test', runId: 'a', test: test('two', 'failed') });
    expect(next.total).toBe(3);
    expect(next.tests.map((t) => t.name)).toEqual(['one', 'two']);
  });

  it("ignores another run's events (an older check that was cancelled)", () => {
    expect(reduceProgress(live, { phase: 'collected', runId: 'b', total: 9 })).toBe(live);
    expect(reduceProgress(live, { phase: 'test', runId: 'b', test: test('x', 'passed') })).toBe(live);
  });
});

describe('CheckStore', () => {
  it('shows the live run test by test, then the result, and reports it once', async () => {
    const store = makeStore();
    const finished = vi.fn();
    store.onFinished(finished);
    const runId = store.run();
    expect(api.call).toHaveBeenCalledWith('checks.run', { ...EXERCISE, runId });
    expect(summaryView(store.getSnapshot())).toEqual({ status: 'running', text: 'Checking…' });

    api.emit({ phase: 'started', runId, ...EXERCISE });
    api.emit({ phase: 'collected', runId, total: 3 });
    api.emit({ phase: 'test', runId, test: test('one', 'passed') });
    api.emit({ phase: 'test', runId, test: test('two', 'failed') });
    expect(store.getSnapshot().live?.tests).toHaveLength(2);
    expect(summaryView(store.getSnapshot()).text).toBe('Checking… 2 / 3');

    const tests = [test('one', 'passed'), test('two', 'failed'), test('three', 'passed')];
    api.answer(result(runId, 'failed', tests));
    await settle();
    const snap = store.getSnapshot();
    expect(snap.live).toBeNull();
    expect(snap.last).toMatchObject({ trigger: 'manual', result: { status: 'failed', summary: '2 of 3 checks pass' } });
    expect(snap.history).toEqual([{ runId, status: 'failed', summary: '2 of 3 checks pass', at: 1000, trigger: 'manual' }]);
    expect(summaryView(snap)).toEqual({ status: 'failed', text: '2 of 3 checks pass' });
    expect(finished).toHaveBeenCalledTimes(1);
  });

  it('a new check cancels the one still running, whose late result and events are ignored', async () => {
    const store = makeStore();
    const finished = vi.fn();
    store.onFinished(finished);
    const first = store.run();
    const second = store.run();
    expect(api.cancelled).toEqual([first]);
    await settle();
    // The first run's "cancelled" answer arrived, but the second run is what the student waits for.
    expect(store.getSnapshot().live?.runId).toBe(second);
    expect(store.getSnapshot().last).toBeNull();
    expect(finished).not.toHaveBeenCalled();

    api.emit({ phase: 'test', runId: first, test: test('stale', 'failed') });
    expect(store.getSnapshot().live?.tests).toEqual([]);

    api.answer(result(second, 'passed', [test('one', 'passed')], { summary: 'All 1 check pass' }));
    await settle();
    expect(store.getSnapshot().last?.result.runId).toBe(second);
    expect(store.getSnapshot().history).toHaveLength(1);
  });

  it('Cancel stops the running check; the cancelled result is shown but kept out of the history', async () => {
    const store = makeStore();
    const runId = store.run();
    api.emit({ phase: 'test', runId, test: test('one', 'passed') });
    store.cancel();
    expect(api.cancelled).toEqual([runId]);
    await settle();
    expect(store.getSnapshot().last?.result.status).toBe('cancelled');
    expect(summaryView(store.getSnapshot())).toEqual({ status: 'cancelled', text: 'Check cancelled' });
    expect(store.getSnapshot().history).toEqual([]);
  });

  it('reports an API failure as an error result that says why', async () => {
    const store = makeStore();
    const runId = store.run();
    api.fail(runId, new Error('connection lost'));
    await settle();
    expect(store.getSnapshot().last?.result).toMatchObject({ status: 'error', summary: 'The checks could not run: connection lost', problem: { kind: 'setup' } });
  });

  it('keeps the last few summaries, newest first', async () => {
    const store = makeStore();
    for (let i = 0; i < HISTORY_LENGTH + 2; i += 1) {
      const runId = store.run();
      api.answer(result(runId, 'failed', [], { summary: `try ${i}` }));
      await settle();
    }
    const history = store.getSnapshot().history;
    expect(history).toHaveLength(HISTORY_LENGTH);
    expect(history[0]?.summary).toBe(`try ${HISTORY_LENGTH + 1}`);
  });

  describe('watch mode', () => {
    it('is off by default, does nothing on save when off, and is remembered per exercise', () => {
      const store = makeStore();
      expect(store.getSnapshot().watch).toBe(false);
      store.notifySaved();
      vi.advanceTimersByTime(WATCH_DEBOUNCE_MS * 2);
      expect(api.started).toEqual([]);

      store.setWatch(true);
      expect(storage.data.get(watchStorageKey(EXERCISE))).toBe('1');
      expect(makeStore().getSnapshot().watch).toBe(true);
      expect(makeStore({ lessonId: 'event-driven', exerciseId: 'other' }).getSnapshot().watch).toBe(false);
    });

    it('re-checks once, a debounce after the last of several quick saves', () => {
      const store = makeStore();
      store.setWatch(true);
      store.notifySaved();
      vi.advanceTimersByTime(WATCH_DEBOUNCE_MS - 50);
      store.notifySaved();
      vi.advanceTimersByTime(WATCH_DEBOUNCE_MS - 50);
      store.notifySaved();
      expect(api.started).toEqual([]);
      vi.advanceTimersByTime(WATCH_DEBOUNCE_MS);
      expect(api.started).toEqual(['run-1']);
      expect(store.getSnapshot().live?.trigger).toBe('watch');
    });

    it('a save while a check runs cancels it when the re-check starts', async () => {
      const store = makeStore();
      store.setWatch(true);
      const running = store.run();
      store.notifySaved();
      expect(api.cancelled).toEqual([]); // not yet: the student may still be saving
      vi.advanceTimersByTime(WATCH_DEBOUNCE_MS);
      expect(api.cancelled).toEqual([running]);
      expect(store.getSnapshot().live).toMatchObject({ runId: 'run-2', trigger: 'watch' });
      await settle();
      expect(store.getSnapshot().live?.runId).toBe('run-2');
    });

    it('a manual check, Cancel or turning watch off drops a pending re-check', () => {
      const store = makeStore();
      store.setWatch(true);
      store.notifySaved();
      store.run('manual');
      vi.advanceTimersByTime(WATCH_DEBOUNCE_MS * 2);
      expect(api.started).toEqual(['run-1']);

      store.notifySaved();
      store.cancel();
      vi.advanceTimersByTime(WATCH_DEBOUNCE_MS * 2);
      expect(api.started).toEqual(['run-1']);

      store.notifySaved();
      store.setWatch(false);
      vi.advanceTimersByTime(WATCH_DEBOUNCE_MS * 2);
      expect(api.started).toEqual(['run-1']);
    });
  });

  it('reset forgets the result (the files were replaced) and ignores the running check', async () => {
    const store = makeStore();
    const first = store.run();
    api.answer(result(first, 'failed', [test('a', 'failed')]));
    await settle();
    const second = store.run();
    store.reset();
    expect(api.cancelled).toEqual([second]);
    await settle();
    expect(store.getSnapshot()).toMatchObject({ live: null, last: null });
    expect(store.getSnapshot().history).toHaveLength(1);
  });

  it('dispose cancels and stops listening; a later run listens again', async () => {
    const store = makeStore();
    const runId = store.run();
    expect(api.listening).toBe(1);
    store.dispose();
    store.dispose();
    expect(api.cancelled).toEqual([runId]);
    expect(api.listening).toBe(0);
    await settle();
    expect(store.getSnapshot().last).toBeNull();
    store.run();
    expect(api.listening).toBe(1);
  });
});

describe('checkDiagnostics', () => {
  it('makes one error per failing test with a place in the workspace, and one for a problem there', () => {
    const tests = [
      test('ok', 'passed', { workspaceFile: 'event_bus.py', workspaceLine: 3 }),
      test('isolates_errors', 'failed', { message: 'AssertionError: assert [] == ["x"]\nmore', workspaceFile: 'event_bus.py', workspaceLine: 12 }),
      test('in_the_tests_only', 'failed', { message: 'assert 1 == 2', file: 'tests/test_x.py', line: 40 }),
      test('crashes', 'error', { workspaceFile: 'pkg/mod.py', workspaceLine: 7 }),
    ];
    const diagnostics = checkDiagnostics(result('r', 'failed', tests));
    expect(diagnostics).toEqual([
      { source: 'checks', file: 'event_bus.py', line: 12, severity: 'error', message: 'AssertionError: assert [] == ["x"] (check: isolates errors)' },
      { source: 'checks', file: 'pkg/mod.py', line: 7, severity: 'error', message: 'error (check: crashes)' },
    ]);
    const syntax = result('r', 'error', [], {
      problem: { kind: 'collect-error', message: 'The checks could not load your code in a.py at line 3: SyntaxError', workspaceFile: 'a.py', workspaceLine: 3 },
    });
    expect(checkDiagnostics(syntax)).toEqual([{ source: 'checks', file: 'a.py', line: 3, severity: 'error', message: 'The checks could not load your code in a.py at line 3: SyntaxError' }]);
    expect(checkDiagnostics(null)).toEqual([]);
  });

  it('sorts errors first, then by file and line', () => {
    const d = (file: string, line: number, severity: 'error' | 'warning') => ({ source: 's', file, line, severity, message: '' });
    const sorted = [d('b.py', 1, 'error'), d('a.py', 9, 'warning'), d('a.py', 5, 'error'), d('a.py', 2, 'error')].sort(compareDiagnostics);
    expect(sorted.map((x) => `${x.file}:${x.line}`)).toEqual(['a.py:2', 'a.py:5', 'b.py:1', 'a.py:9']);
  });
});

describe('the summary line and the shortcut', () => {
  it('says what to do before the first check, and that no exercise is open', () => {
    expect(summaryView(null).status).toBe('none');
    expect(summaryView({ live: null, last: null, watch: false, history: [] }, 'Ctrl+Enter')).toEqual({ status: 'none', text: 'Not checked yet: press Check or Ctrl+Enter.' });
  });

  it('is Ctrl+Enter or Cmd+Enter, without Alt or Shift', () => {
    const key = (over: Partial<KeyboardEvent>) => ({ key: 'Enter', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...over });
    expect(isCheckShortcut(key({ ctrlKey: true }))).toBe(true);
    expect(isCheckShortcut(key({ metaKey: true }))).toBe(true);
    expect(isCheckShortcut(key({}))).toBe(false);
    expect(isCheckShortcut(key({ ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isCheckShortcut(key({ ctrlKey: true, key: 's' }))).toBe(false);
  });
});
