import { describe, expect, it } from 'vitest';
import type { CheckTest } from '../../electron/core/api.js';
import { LineSplitter, parseEventLine } from '../../electron/core/checks/protocol.js';
import { summarize, type CheckFacts } from '../../electron/core/checks/summarize.js';

const test = (name: string, status: CheckTest['status']): CheckTest => ({ nodeid: `t.py::${name}`, name, title: name, status, output: '', outputCapped: false, durationMs: 1 });
const facts = (over: Partial<CheckFacts>): CheckFacts => ({
  runId: 'r',
  lessonId: 'l',
  exerciseId: 'e',
  tests: [],
  collectErrors: [],
  done: null,
  end: null,
  runner: null,
  timeoutSeconds: 30,
  cancelled: false,
  durationMs: 10,
  ...over,
});
const end = (over: Partial<Extract<CheckFacts['end'], object>> = {}): NonNullable<CheckFacts['end']> => ({ type: 'end', exitCode: 0, signal: null, timedOut: false, durationMs: 5, strayOutput: '', ...over });
const done = (exitCode: number): NonNullable<CheckFacts['done']> => ({ type: 'done', exitCode, counts: { passed: 0, failed: 0, error: 0, skipped: 0 } });

describe('summarize', () => {
  it('passes when every test passed, skipped ones aside', () => {
    const r = summarize(facts({ tests: [test('a', 'passed'), test('b', 'skipped')], done: done(0), end: end() }));
    expect(r).toMatchObject({ status: 'passed', summary: 'All 1 check pass', counts: { passed: 1, skipped: 1 } });
  });

  it('fails with a count when some failed', () => {
    const r = summarize(facts({ tests: [test('a', 'passed'), test('b', 'failed'), test('c', 'error')], done: done(1), end: end({ exitCode: 1 }) }));
    expect(r).toMatchObject({ status: 'failed', summary: '1 of 3 checks pass' });
  });

  it('reports a timeout, a crash with its signal, a collection error at its line, and never "0 tests"', () => {
    expect(summarize(facts({ end: end({ timedOut: true, exitCode: null, signal: 9 }) })).problem?.kind).toBe('timeout');
    const crash = summarize(facts({ end: end({ exitCode: null, signal: 11, strayOutput: 'Fatal Python error: Segmentation fault' }) }));
    expect(crash).toMatchObject({ status: 'error', problem: { kind: 'crash', details: 'Fatal Python error: Segmentation fault' } });
    expect(crash.summary).toContain('SIGSEGV (segmentation fault');
    const syntax = summarize(facts({ collectErrors: [{ type: 'collect-error', message: 'SyntaxError: invalid syntax', workspaceFile: 'a.py', workspaceLine: 3 }], done: done(2), end: end({ exitCode: 2 }) }));
    expect(syntax).toMatchObject({ status: 'error', problem: { kind: 'collect-error', workspaceFile: 'a.py', workspaceLine: 3 } });
    expect(syntax.summary).toBe('The checks could not load your code in a.py at line 3: SyntaxError: invalid syntax');
    expect(summarize(facts({ done: done(5), end: end({ exitCode: 5 }) })).problem?.kind).toBe('no-tests');
    expect(summarize(facts({ done: done(0), end: end() })).problem?.kind).toBe('no-tests');
    expect(summarize(facts({ done: done(4), end: end({ exitCode: 4, strayOutput: 'usage: bad option' }) })).summary).toContain('bad option');
  });

  it('explains a checker that the runner stopped (fork bomb, memory) and one that ended silently', () => {
    const bomb = summarize(facts({ runner: { outcome: 'process-limit', summary: 'stopped: more than 64 processes', stderr: '' } }));
    expect(bomb).toMatchObject({ status: 'error', problem: { kind: 'limit' } });
    expect(bomb.summary).toContain('fork bomb');
    expect(summarize(facts({ runner: { outcome: 'exited', summary: 'exited with code 1', stderr: 'ImportError: no pytest' } })).summary).toContain('no pytest');
  });

  it('says cancelled, whatever else happened', () => {
    expect(summarize(facts({ cancelled: true, end: end({ timedOut: true }) })).status).toBe('cancelled');
  });
});

describe('the checker protocol', () => {
  it('reads events only from lines with the prefix, whatever the chunking', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l));
    splitter.push('@@pyforge:abc {"type":"st');
    splitter.push('art","total":2}\r\nstray print\n@@pyforge:abc {"type":"done"');
    splitter.push(',"exitCode":0,"counts":{}}\n');
    expect(lines.map(parseEventLine).map((p) => p && `${p.nonce}:${p.event.type}`)).toEqual(['abc:start', null, 'abc:done']);
    expect(parseEventLine('@@pyforge:abc not json')).toBeNull();
    expect(parseEventLine('@@pyforge:abc {"no":"type"}')).toBeNull();
  });
});
