import { describe, expect, it } from 'vitest';
import { chooseDefault, judge, type InterpreterReport, type ProbeResult } from '../../electron/core/toolchain/interpreters.js';
import { compilerCandidates } from '../../electron/core/toolchain/compilers.js';

const probe = (over: Partial<ProbeResult> = {}): ProbeResult => ({
  executable: '/opt/py/bin/python3.12',
  version: [3, 12, 4],
  implementation: 'cpython',
  hasHeaders: true,
  isVirtualEnv: false,
  ...over,
});
const candidate = { source: 'PATH' as const, path: '/usr/bin/python3' };

describe('judge', () => {
  it('takes a supported CPython with headers, noting sys.monitoring', () => {
    const r = judge(candidate, probe());
    expect(r).toMatchObject({ status: 'ok', version: '3.12.4', hasMonitoring: true, hasHeaders: true });
  });
  it('takes 3.11 but says what 3.12 would add', () => {
    const r = judge(candidate, probe({ version: [3, 11, 9] }));
    expect(r.status).toBe('ok');
    expect(r.hasMonitoring).toBe(false);
    expect(r.reason).toContain('sys.monitoring');
  });
  it('limits a base without headers and gives the exact fix', () => {
    const r = judge(candidate, probe({ hasHeaders: false }));
    expect(r.status).toBe('limited');
    expect(r.reason).toMatch(/python3-dev|python\.org/);
  });
  it.each([
    [{ version: [3, 10, 13] as [number, number, number] }, /older than the supported 3\.11–3\.13/],
    [{ version: [3, 14, 0] as [number, number, number] }, /newer than the supported/],
    [{ implementation: 'pypy' }, /pypy is not CPython/],
    [{ isVirtualEnv: true }, /virtual environment/],
  ])('refuses %o', (over, reason) => {
    const r = judge(candidate, probe(over));
    expect(r.status).toBe('refused');
    expect(r.reason).toMatch(reason);
  });
  it('refuses a candidate that does not run, saying why', () => {
    expect(judge(candidate, { error: 'not found' })).toMatchObject({ status: 'refused', reason: 'could not run it: not found' });
  });
});

describe('chooseDefault', () => {
  const report = (version: string, status: InterpreterReport['status'], source: InterpreterReport['source'] = 'pyenv'): InterpreterReport => ({
    source,
    path: `/py/${version}`,
    executable: `/py/${version}`,
    version,
    status,
    reason: '',
  });
  it('picks the newest fully supported interpreter', () => {
    expect(chooseDefault([report('3.11.7', 'ok'), report('3.13.0', 'ok'), report('3.12.1', 'ok')])?.version).toBe('3.13.0');
  });
  it('compares versions as numbers, not text', () => {
    expect(chooseDefault([report('3.9.18', 'ok'), report('3.11.2', 'ok')])?.version).toBe('3.11.2');
  });
  it('prefers one with headers over a newer one without', () => {
    expect(chooseDefault([report('3.13.0', 'limited'), report('3.11.7', 'ok')])?.version).toBe('3.11.7');
  });
  it('falls back to a limited interpreter, and to none', () => {
    expect(chooseDefault([report('3.12.0', 'limited'), report('3.10.1', 'refused')])?.version).toBe('3.12.0');
    expect(chooseDefault([report('3.10.1', 'refused')])).toBeNull();
  });
  it('honours PYFORGE_PYTHON when it is usable', () => {
    expect(chooseDefault([report('3.13.0', 'ok'), report('3.11.7', 'ok', 'PYFORGE_PYTHON')])?.version).toBe('3.11.7');
    expect(chooseDefault([report('3.13.0', 'ok'), report('3.9.1', 'refused', 'PYFORGE_PYTHON')])?.version).toBe('3.13.0');
  });
});

describe('compilerCandidates', () => {
  it('tries CC, then sysconfig (first word only), then cc/gcc/clang, without duplicates', () => {
    expect(compilerCandidates('c', { CC: 'clang' }, 'gcc -pthread').map((c) => `${c.source}:${c.command}`)).toEqual([
      'CC:clang',
      'sysconfig:gcc',
      'PATH:cc',
    ]);
    expect(compilerCandidates('c++', {}, 'g++ -pthread').map((c) => c.command)).toEqual(['g++', 'c++', 'clang++']);
  });
});

describe('chooseDefault with a bundled interpreter', () => {
  const report = (version: string, source: InterpreterReport['source'], status: InterpreterReport['status'] = 'ok'): InterpreterReport => ({
    source,
    path: `/${source}/${version}`,
    executable: `/${source}/${version}`,
    version,
    status,
    reason: '',
  });
  it("prefers the app's bundled CPython over a newer one on the machine", () => {
    expect(chooseDefault([report('3.13.0', 'pyenv'), report('3.12.7', 'bundled')])?.source).toBe('bundled');
  });
  it('still lets PYFORGE_PYTHON win, and skips a refused bundle', () => {
    expect(chooseDefault([report('3.12.7', 'bundled'), report('3.11.9', 'PYFORGE_PYTHON')])?.source).toBe('PYFORGE_PYTHON');
    expect(chooseDefault([report('3.10.1', 'bundled', 'refused'), report('3.13.0', 'pyenv')])?.source).toBe('pyenv');
  });
});

describe('zig wrapper scripts', () => {
  it('pass every argument on and keep a cache the user chose, quoting paths with spaces and quotes', async () => {
    const { wrapperScript } = await import('../../electron/core/toolchain/zig.js');
    const sh = wrapperScript("/data/it's here/zig", 'c++', '/data/cache $HOME/zig', 'linux');
    expect(sh).toContain(`exec '/data/it'\\''s here/zig' c++ "$@"`);
    expect(sh).toContain(': "${ZIG_GLOBAL_CACHE_DIR:=/data/cache \\$HOME/zig}"');
    const cmd = wrapperScript('C:\\PyForge\\zig.exe', 'cc', 'C:\\cache', 'win32');
    expect(cmd).toContain('"C:\\PyForge\\zig.exe" cc %*');
    expect(cmd).toContain('if not defined ZIG_GLOBAL_CACHE_DIR');
  });
});
