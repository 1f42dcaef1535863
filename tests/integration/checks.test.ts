/**
 * Checks, for real: the course environment's Python, pytest, the warm checker inside the sandboxed runner.
 * Student code that loops, floods output, does not parse, crashes or forks without end is reported as such,
 * the checker survives it, and the tests always come from the lesson pack.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../electron/core/api.js';
import { CheckService, type CheckProgress, type CheckTarget } from '../../electron/core/checks/service.js';
import { resolveAppPaths } from '../../electron/core/paths.js';
import { toolchainEnv } from '../../electron/core/toolchain/env.js';
import { chooseDefault, discoverInterpreters } from '../../electron/core/toolchain/interpreters.js';
import { provisionEnvironment } from '../../electron/core/toolchain/provision.js';
import { repoRoot } from '../support/webApp.js';

const RUNTIME = path.join(repoRoot, 'python-runtime');
const EVENT_BUS = path.join(repoRoot, 'lessons', '01-event-driven', 'exercises', 'event-bus');
const temp = mkdtempSync(path.join(os.tmpdir(), 'pyforge-checks-'));
let python = '';
let warm: CheckService;
let cold: CheckService;
let runs = 0;

beforeAll(async () => {
  const paths = resolveAppPaths(repoRoot, { ...process.env, PYFORGE_DATA_DIR: path.join(os.tmpdir(), 'pyforge-test-lessons-data') });
  const base = chooseDefault(await discoverInterpreters(repoRoot));
  if (!base?.executable || !base.version) throw new Error('No supported Python (3.11-3.13) found');
  python = (await provisionEnvironment({ base: { executable: base.executable, version: base.version }, paths })).python;
  const environment = async (): Promise<{ python: string; env: NodeJS.ProcessEnv }> => ({
    python,
    env: { ...toolchainEnv({ executable: python, version: base.version! }), PYTHONDONTWRITEBYTECODE: '1', PYFORGE_TOKEN: 'secret' },
  });
  warm = new CheckService(RUNTIME, environment, true);
  cold = new CheckService(RUNTIME, environment, false);
}, 300_000);

afterAll(() => {
  warm?.dispose();
  cold?.dispose();
  rmSync(temp, { recursive: true, force: true });
});

/** A workspace holding `files` (or a copy of a folder). */
function workspace(name: string, files: Record<string, string> | string): string {
  const dir = path.join(temp, `${name}-${runs++}`);
  if (typeof files === 'string') cpSync(files, dir, { recursive: true });
  else {
    mkdirSync(dir, { recursive: true });
    for (const [file, content] of Object.entries(files)) writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** A lesson pack's tests/ folder for a synthetic exercise. */
function pack(name: string, tests: Record<string, string>): string {
  return workspace(`pack-${name}`, tests);
}

async function check(service: CheckService, ws: string, testsDir: string, timeoutSeconds = 30, progress: CheckProgress[] = []): Promise<CheckResult> {
  const target: CheckTarget = { runId: `run${runs++}`, lessonId: 'l', exerciseId: 'e', testsDir, workspace: ws, timeoutSeconds, limits: {} };
  return service.run(target, (p) => progress.push(p));
}

const MODULE_TEST = {
  'test_mod.py': [
    'from mod import value',
    '',
    'def test_value_is_42():',
    '    assert value() == 42, f"expected 42, got {value()}"',
    '',
    'def test_value_is_an_int():',
    '    assert isinstance(value(), int)',
    '',
  ].join('\n'),
};

describe('checks of the event-bus exercise', () => {
  it('fail with the starter, one result per test streamed as it finishes, with messages and locations', async () => {
    const progress: CheckProgress[] = [];
    const result = await check(warm, workspace('starter', path.join(EVENT_BUS, 'starter')), path.join(EVENT_BUS, 'tests'), 30, progress);
    expect(result.status).toBe('failed');
    expect(result.tests.length).toBeGreaterThanOrEqual(4);
    expect(progress[0]).toEqual({ phase: 'collected', total: result.tests.length });
    expect(progress.filter((p) => p.phase === 'test')).toHaveLength(result.tests.length);
    const failed = result.tests.find((t) => t.status === 'failed')!;
    expect(failed.message).toMatch(/assert/i);
    expect(failed.file).toMatch(/^tests\/test_event_bus\.py$/);
    expect(failed.line).toBeGreaterThan(1);
    expect(result.summary).toMatch(/of \d+ checks pass/);
  }, 60_000);

  it('pass with the solution, warm and cold alike', async () => {
    for (const service of [warm, cold]) {
      const result = await check(service, workspace('solution', path.join(EVENT_BUS, 'solution')), path.join(EVENT_BUS, 'tests'));
      expect(result.status, result.summary).toBe('passed');
      expect(result.counts.failed + result.counts.error).toBe(0);
    }
  }, 60_000);

  it('never read tests from the workspace: an edited copy of the tests there changes nothing', async () => {
    const ws = workspace('cheat', path.join(EVENT_BUS, 'starter'));
    writeFileSync(path.join(ws, 'test_event_bus.py'), 'def test_everything():\n    assert True\n');
    mkdirSync(path.join(ws, 'tests'));
    writeFileSync(path.join(ws, 'tests', 'test_event_bus.py'), 'def test_everything():\n    assert True\n');
    writeFileSync(path.join(ws, 'conftest.py'), 'import pytest\n@pytest.fixture(autouse=True)\ndef skip_all():\n    pytest.skip("cheating")\n');
    const result = await check(warm, ws, path.join(EVENT_BUS, 'tests'));
    expect(result.status).toBe('failed');
    expect(result.tests.map((t) => t.name)).not.toContain('test_everything');
  }, 60_000);
});

describe('the warm checker', () => {
  it('sees the latest files on every re-check', async () => {
    const tests = pack('latest', MODULE_TEST);
    const ws = workspace('latest', { 'mod.py': 'def value():\n    return 41\n' });
    const first = await check(warm, ws, tests);
    expect(first.status).toBe('failed');
    expect(first.tests.find((t) => t.name === 'test_value_is_42')?.workspaceFile).toBeUndefined();
    writeFileSync(path.join(ws, 'mod.py'), 'def value():\n    return 42\n');
    const second = await check(warm, ws, tests);
    expect(second.status).toBe('passed');
  }, 60_000);

  it('reports a syntax error at its file and line, not as "0 tests"', async () => {
    const ws = workspace('syntax', { 'mod.py': 'def value():\n    return 42\n\ndef broken(:\n    pass\n' });
    const result = await check(warm, ws, pack('syntax', MODULE_TEST));
    expect(result.status).toBe('error');
    expect(result.problem).toMatchObject({ kind: 'collect-error', workspaceFile: 'mod.py', workspaceLine: 4 });
    expect(result.summary).toMatch(/mod\.py at line 4.*SyntaxError/);
  }, 60_000);

  it('stops an endless loop at the timeout and reports it; the next check works', async () => {
    const tests = pack('loop', MODULE_TEST);
    const ws = workspace('loop', { 'mod.py': 'def value():\n    while True:\n        pass\n' });
    const started = Date.now();
    const result = await check(warm, ws, tests, 3);
    expect(result.status).toBe('error');
    expect(result.problem?.kind).toBe('timeout');
    expect(result.summary).toContain('3 s');
    expect(Date.now() - started).toBeLessThan(10_000);
    writeFileSync(path.join(ws, 'mod.py'), 'def value():\n    return 42\n');
    expect((await check(warm, ws, tests)).status).toBe('passed');
  }, 60_000);

  it('caps 100 MB of printing per test and keeps the tail', async () => {
    const tests = pack('flood', { 'test_flood.py': 'import sys\n\ndef test_floods():\n    for _ in range(100):\n        sys.stdout.write("x" * 1_000_000)\n    print("THE END")\n    assert False, "flooded"\n' });
    const result = await check(warm, workspace('flood', {}), tests, 60);
    const test = result.tests[0]!;
    expect(test.status).toBe('failed');
    expect(test.outputCapped).toBe(true);
    expect(test.output.length).toBeLessThanOrEqual(8 * 1024 + 1);
    expect(test.output.trimEnd().endsWith('THE END')).toBe(true);
  }, 90_000);

  it('reports a crash with its signal and survives it', async () => {
    const tests = pack('crash', MODULE_TEST);
    const ws = workspace('crash', { 'mod.py': 'import ctypes\n\ndef value():\n    return ctypes.string_at(0)\n' });
    const result = await check(warm, ws, tests);
    expect(result.status).toBe('error');
    expect(result.problem?.kind).toBe('crash');
    expect(result.summary).toContain('SIGSEGV');
    // faulthandler's traceback names the student's line.
    expect(result.problem?.details ?? '').toContain('mod.py');
    writeFileSync(path.join(ws, 'mod.py'), 'def value():\n    return 42\n');
    expect((await check(warm, ws, tests)).status).toBe('passed');
  }, 60_000);

  it("runs native checks' code in a fresh Python (pyforge_native): a crash or a hang fails that check alone, with its code", async () => {
    const tests = pack('native', {
      'conftest.py': [
        'import pytest',
        'from pyforge_native import native_runner',
        '',
        '@pytest.fixture',
        'def native():',
        '    return native_runner("import ctypes", crash_advice="ADVICE.")',
        '',
      ].join('\n'),
      'test_native.py': [
        'def test_reports(native):',
        '    assert native("report([1, 2])") == [1, 2]',
        '',
        'def test_crash(native):',
        '    native("ctypes.string_at(0)")',
        '',
        'def test_hang(native):',
        '    native("while True: pass", timeout=1)',
        '',
      ].join('\n'),
    });
    const result = await check(warm, workspace('native', {}), tests);
    const byName = Object.fromEntries(result.tests.map((t) => [t.name, t]));
    expect(byName.test_reports?.status).toBe('passed');
    expect(byName.test_crash?.status).toBe('failed');
    expect(byName.test_crash?.message).toContain('Python crashed with SIGSEGV (segmentation fault) in this check\'s code. ADVICE.');
    expect(byName.test_crash?.message).toContain('ctypes.string_at(0)');
    // run_isolated reports a timeout as no exit code: the check says so instead of failing on a comparison.
    expect(byName.test_hang?.status).toBe('failed');
    expect(byName.test_hang?.message).toContain('This code did not finish within 1 s');
  }, 90_000);

  it('contains a fork bomb, says so, and the next check starts a new checker', async () => {
    const tests = pack('bomb', MODULE_TEST);
    const ws = workspace('bomb', { 'mod.py': 'import os\n\ndef value():\n    while True:\n        os.fork()\n' });
    const result = await check(warm, ws, tests, 20);
    expect(result.status).toBe('error');
    expect(['limit', 'timeout', 'crash']).toContain(result.problem?.kind);
    writeFileSync(path.join(ws, 'mod.py'), 'def value():\n    return 42\n');
    expect((await check(warm, ws, tests)).status).toBe('passed');
  }, 90_000);

  it('cancels a running check when asked, and a newer check of the same workspace replaces it', async () => {
    const tests = pack('cancel', { 'test_slow.py': 'import time\n\ndef test_slow():\n    time.sleep(30)\n' });
    const ws = workspace('cancel', {});
    const target: CheckTarget = { runId: 'slow-1', lessonId: 'l', exerciseId: 'e', testsDir: tests, workspace: ws, timeoutSeconds: 60, limits: {} };
    // Cancelled while the checker is still starting...
    const early = warm.run({ ...target, runId: 'early' }, () => undefined);
    warm.cancel('early');
    expect((await early).status).toBe('cancelled');
    // ...and once the test is running.
    let running!: () => void;
    const testStarted = new Promise<void>((resolve) => (running = resolve));
    const slow = warm.run(target, (p) => p.phase === 'collected' && running());
    await testStarted;
    const started = Date.now();
    warm.cancel('slow-1');
    expect((await slow).status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(2_500);
    // A newer check of the same workspace cancels the one still running.
    const first = warm.run({ ...target, runId: 'first' }, () => undefined);
    await new Promise((r) => setTimeout(r, 300));
    const second = warm.run({ ...target, runId: 'second', testsDir: pack('quick', { 'test_quick.py': 'def test_quick():\n    pass\n' }) }, () => undefined);
    expect((await first).status).toBe('cancelled');
    expect((await second).status).toBe('passed');
  }, 60_000);

  it("keeps PyForge's secrets out of the checks' environment", async () => {
    const tests = pack('env', { 'test_env.py': 'import os\n\ndef test_no_token():\n    assert "PYFORGE_TOKEN" not in os.environ\n' });
    expect((await check(warm, workspace('env', {}), tests)).status).toBe('passed');
  }, 60_000);
});
