/**
 * Lint as you type: a request LINT_DELAY_MS after the last edit (at once on open), one request in flight per
 * file with edits made meanwhile coalesced into one follow-up, and stale answers dropped.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LINT_DELAY_MS, LintScheduler } from '../../renderer/src/lint/lintScheduler.js';

interface Request {
  path: string;
  text: string;
  resolve: (d: string[]) => void;
  reject: (e: Error) => void;
}

let files: Map<string, { version: number; text: string }>;
let requests: Request[];
let published: [string, string[]][];
let scheduler: LintScheduler<string>;

const edit = (path: string, text: string): void => {
  const current = files.get(path);
  files.set(path, { version: (current?.version ?? 0) + 1, text });
  scheduler.edited(path);
};
const settle = async (): Promise<void> => {
  await Promise.resolve();
  await Promise.resolve();
};

beforeEach(() => {
  vi.useFakeTimers();
  files = new Map([['a.py', { version: 1, text: 'import os\n' }]]);
  requests = [];
  published = [];
  scheduler = new LintScheduler<string>({
    read: (path) => files.get(path) ?? null,
    lint: (path, text) => new Promise((resolve, reject) => requests.push({ path, text, resolve, reject })),
    publish: (path, diagnostics) => published.push([path, diagnostics]),
  });
  return () => vi.useRealTimers();
});

describe('LintScheduler', () => {
  it('lints a file when it opens, and once after a burst of edits', async () => {
    scheduler.opened('a.py');
    vi.advanceTimersByTime(0);
    expect(requests.map((r) => r.text)).toEqual(['import os\n']);
    requests[0]!.resolve(['F401']);
    await settle();
    expect(published).toEqual([['a.py', ['F401']]]);

    edit('a.py', 'i');
    vi.advanceTimersByTime(LINT_DELAY_MS - 100);
    edit('a.py', 'im');
    vi.advanceTimersByTime(LINT_DELAY_MS - 100);
    edit('a.py', 'imp');
    expect(requests).toHaveLength(1);
    vi.advanceTimersByTime(LINT_DELAY_MS);
    expect(requests.map((r) => r.text)).toEqual(['import os\n', 'imp']);
  });

  it('keeps one request in flight per file; edits meanwhile become one follow-up with the latest text', async () => {
    scheduler.opened('a.py');
    vi.advanceTimersByTime(0);
    edit('a.py', 'x = 1');
    vi.advanceTimersByTime(LINT_DELAY_MS);
    edit('a.py', 'x = 12');
    vi.advanceTimersByTime(LINT_DELAY_MS);
    edit('a.py', 'x = 123');
    vi.advanceTimersByTime(LINT_DELAY_MS);
    expect(requests).toHaveLength(1); // the first is still out

    requests[0]!.resolve(['stale']);
    await settle();
    // Its text changed since: the answer is dropped, and the latest text is sent at once.
    expect(published).toEqual([]);
    expect(requests.map((r) => r.text)).toEqual(['import os\n', 'x = 123']);
    requests[1]!.resolve([]);
    await settle();
    expect(published).toEqual([['a.py', []]]);
  });

  it('drops an answer when the text changed since, and asks again once the edits pause', async () => {
    scheduler.opened('a.py');
    vi.advanceTimersByTime(0);
    edit('a.py', 'y = 2');
    requests[0]!.resolve(['old']);
    await settle();
    expect(published).toEqual([]);
    vi.advanceTimersByTime(LINT_DELAY_MS);
    expect(requests.map((r) => r.text)).toEqual(['import os\n', 'y = 2']);
  });

  it('lints files independently', () => {
    files.set('b.py', { version: 1, text: 'b' });
    scheduler.opened('a.py');
    scheduler.opened('b.py');
    vi.advanceTimersByTime(0);
    expect(requests.map((r) => r.path)).toEqual(['a.py', 'b.py']);
    expect(scheduler.inFlight).toBe(2);
  });

  it('a failed request changes nothing and is not retried until the next edit', async () => {
    scheduler.opened('a.py');
    vi.advanceTimersByTime(0);
    requests[0]!.reject(new Error('the course environment is not ready'));
    await settle();
    vi.advanceTimersByTime(LINT_DELAY_MS * 5);
    expect(requests).toHaveLength(1);
    expect(published).toEqual([]);
    edit('a.py', 'z = 3');
    vi.advanceTimersByTime(LINT_DELAY_MS);
    expect(requests).toHaveLength(2);
  });

  it('a closed file is cleared, asks nothing more, and its late answer is dropped even if reopened', async () => {
    scheduler.opened('a.py');
    vi.advanceTimersByTime(0);
    edit('a.py', 'w = 4');
    scheduler.closed('a.py');
    expect(published).toEqual([['a.py', []]]);
    vi.advanceTimersByTime(LINT_DELAY_MS * 2);
    expect(requests).toHaveLength(1);

    scheduler.opened('a.py');
    vi.advanceTimersByTime(0);
    requests[0]!.resolve(['from before the close']);
    await settle();
    expect(published).toEqual([['a.py', []]]);
    requests[1]!.resolve(['fresh']);
    await settle();
    expect(published).toEqual([
      ['a.py', []],
      ['a.py', ['fresh']],
    ]);
  });
});
