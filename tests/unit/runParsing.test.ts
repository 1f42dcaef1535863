import { describe, expect, it } from 'vitest';
import { ruffDiagnostics } from '../../electron/core/run/lint.js';
import { tracebackLocation } from '../../electron/core/run/traceback.js';

describe('tracebackLocation', () => {
  const ws = '/home/s/ws';
  it("finds the deepest frame in the student's files and the exception line", () => {
    const stderr = [
      'Traceback (most recent call last):',
      '  File "/home/s/ws/main.py", line 9, in <module>',
      '    run()',
      '  File "/home/s/ws/pkg/core.py", line 3, in run',
      '    json.loads(x)',
      '  File "/usr/lib/python3.12/json/__init__.py", line 346, in loads',
      '    return _default_decoder.decode(s)',
      'json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)',
    ].join('\n');
    expect(tracebackLocation(stderr, ws)).toEqual({ file: 'pkg/core.py', line: 3, message: 'json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)' });
  });

  it('reads a relative frame path against the workspace, takes the last traceback, and finds none without one', () => {
    const two = 'Traceback (most recent call last):\n  File "a.py", line 1, in <module>\nKeyError: 1\n\nTraceback (most recent call last):\n  File "b.py", line 7, in <module>\nValueError: x\n';
    expect(tracebackLocation(two, ws)).toEqual({ file: 'b.py', line: 7, message: 'ValueError: x' });
    expect(tracebackLocation('just output\n', ws)).toBeNull();
    expect(tracebackLocation('Traceback (most recent call last):\n  File "/usr/lib/x.py", line 2, in f\nOSError: no\n', ws)).toBeNull();
  });
});

describe('ruffDiagnostics', () => {
  it('turns syntax errors into errors and findings into warnings with their codes', () => {
    const json = JSON.stringify([
      { code: 'invalid-syntax', message: 'Expected a parameter', location: { row: 3, column: 8 } },
      { code: 'F401', message: '`os` imported but unused', location: { row: 1, column: 8 } },
    ]);
    expect(ruffDiagnostics(json, 'a.py')).toEqual([
      { file: 'a.py', line: 3, column: 8, severity: 'error', message: 'Expected a parameter' },
      { file: 'a.py', line: 1, column: 8, severity: 'warning', message: '`os` imported but unused', code: 'F401' },
    ]);
    expect(ruffDiagnostics('not json', 'a.py')).toEqual([]);
  });
});

describe('a crash in native code', () => {
  it("is located at the student's innermost frame in faulthandler's dump (most recent call first)", () => {
    const stderr = [
      'Fatal Python error: Segmentation fault',
      '',
      'Current thread 0x00007f (most recent call first):',
      '  File "/usr/lib/python3.12/ctypes/__init__.py", line 519 in string_at',
      '  File "/home/s/ws/crash.py", line 4 in boom',
      '  File "/home/s/ws/crash.py", line 6 in <module>',
    ].join('\n');
    expect(tracebackLocation(stderr, '/home/s/ws')).toEqual({ file: 'crash.py', line: 4, message: 'Fatal Python error: Segmentation fault' });
  });
});

describe('mypyDiagnostics', () => {
  it("reads mypy's errors and notes with columns and codes", async () => {
    const { mypyDiagnostics } = await import('../../electron/core/run/lint.js');
    const output = 'catalog/store.py:12:5: error: Incompatible return value type (got "str", expected "int")  [return-value]\ncatalog/store.py:12:5: note: See https://mypy.rtfd.io\nmain.py:3: error: Missing type parameters for generic type "list"  [type-arg]\n';
    expect(mypyDiagnostics(output)).toEqual([
      { file: 'catalog/store.py', line: 12, column: 5, severity: 'error', message: 'Incompatible return value type (got "str", expected "int")', code: 'return-value' },
      { file: 'catalog/store.py', line: 12, column: 5, severity: 'info', message: 'See https://mypy.rtfd.io' },
      { file: 'main.py', line: 3, severity: 'error', message: 'Missing type parameters for generic type "list"', code: 'type-arg' },
    ]);
  });
});
