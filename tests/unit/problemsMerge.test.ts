/** The Problems panel's one list: checks, build, run and lint diagnostics merged, de-duplicated and ordered. */
import { describe, expect, it } from 'vitest';
import { fromHostDiagnostics, isWorkspacePath, mergeDiagnostics, type Diagnostic } from '../../renderer/src/editor/diagnostics.js';

const d = (source: string, file: string, line: number, severity: Diagnostic['severity'], message = 'm', column?: number): Diagnostic => ({
  source,
  file,
  line,
  severity,
  message,
  ...(column ? { column } : {}),
});

describe('mergeDiagnostics', () => {
  it('lists every source, errors first, then by file, line and column', () => {
    const checks = [d('checks', 'editor.py', 30, 'error', 'NotImplementedError (check: undo)')];
    const build = [d('build', 'vector.c', 12, 'error'), d('build', 'vector.c', 3, 'warning')];
    const run = [d('run', 'editor.py', 4, 'error', 'ValueError: boom')];
    const lint = [d('lint', 'editor.py', 1, 'warning', '`os` imported but unused [F401]', 8)];
    const merged = mergeDiagnostics(checks, build, run, lint);
    expect(merged.map((x) => `${x.severity} ${x.source} ${x.file}:${x.line}`)).toEqual([
      'error run editor.py:4',
      'error checks editor.py:30',
      'error build vector.c:12',
      'warning lint editor.py:1',
      'warning build vector.c:3',
    ]);
  });

  it('lists a diagnostic one source reported twice once, but keeps the same place from two sources', () => {
    const twice = [d('build', 'm.c', 2, 'error', 'x'), d('build', 'm.c', 2, 'error', 'x')];
    const alsoLint = [d('lint', 'm.c', 2, 'error', 'x')];
    expect(mergeDiagnostics(twice, alsoLint)).toHaveLength(2);
    expect(mergeDiagnostics()).toEqual([]);
  });
});

describe('fromHostDiagnostics', () => {
  it('keeps the column, puts the code in the message and leaves out places outside the workspace', () => {
    expect(
      fromHostDiagnostics('lint', [
        { file: 'a.py', line: 1, column: 8, severity: 'warning', message: '`os` imported but unused', code: 'F401' },
        { file: 'a.py', line: 3, column: 5, severity: 'error', message: 'SyntaxError: Expected an expression' },
        { file: '/usr/include/stdio.h', line: 1, severity: 'info', message: 'included from' },
      ]),
    ).toEqual([
      { source: 'lint', file: 'a.py', line: 1, column: 8, severity: 'warning', message: '`os` imported but unused [F401]' },
      { source: 'lint', file: 'a.py', line: 3, column: 5, severity: 'error', message: 'SyntaxError: Expected an expression' },
    ]);
  });

  it('knows a workspace path from an absolute or escaping one', () => {
    expect(isWorkspacePath('pkg/mod.py')).toBe(true);
    expect(isWorkspacePath('..hidden/x.py')).toBe(true);
    expect(isWorkspacePath('/usr/include/Python.h')).toBe(false);
    expect(isWorkspacePath('C:\\Python\\include\\Python.h')).toBe(false);
    expect(isWorkspacePath('../outside.c')).toBe(false);
    expect(isWorkspacePath('a/../../b.c')).toBe(false);
    expect(isWorkspacePath('')).toBe(false);
  });
});
