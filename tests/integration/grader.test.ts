/**
 * The headless grader, as a lecturer or CI runs it: `node dist/electron/check.js` (what `npm run check` runs),
 * real checks in the sandbox, the documented JSON (Exercism results v3 plus extras) and the exit codes.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsJson } from '../../electron/core/checks/grader.js';
import { repoRoot } from '../support/webApp.js';

const run = promisify(execFile);
const temp = mkdtempSync(path.join(os.tmpdir(), 'pyforge-grader-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const EVENT_BUS = path.join(repoRoot, 'lessons', '01-event-driven', 'exercises', 'event-bus');

async function check(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, PYFORGE_DATA_DIR: path.join(os.tmpdir(), 'pyforge-test-lessons-data') };
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, 'dist', 'electron', 'check.js'), ...args], { env, timeout: 300_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run check', () => {
  it('grades the starter as failing (exit 1) with per-test results in the documented JSON', async () => {
    const { code, stdout } = await check('01-event-driven/event-bus', '--starter', '--json');
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as ResultsJson;
    expect(json).toMatchObject({ version: 3, status: 'fail', exercise: 'event-driven/event-bus' });
    expect(json.tests.length).toBeGreaterThanOrEqual(5);
    const failed = json.tests.find((t) => t.status === 'fail')!;
    expect(failed).toMatchObject({ name: expect.any(String) as string, file: 'tests/test_event_bus.py', line: expect.any(Number) as number });
    expect(failed.message).toContain('assert');
  }, 300_000);

  it('grades the solution as passing (exit 0), and prints a human summary without --json', async () => {
    const { code, stdout } = await check('event-bus', '--solution');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^event-driven\/event-bus: All 5 checks pass/);
    expect(stdout).toContain('✓ priority then subscription order');
  }, 300_000);

  it('grades a submission folder; one that does not load is an error (exit 2) that names the line', async () => {
    const submission = path.join(temp, 'submission');
    cpSync(path.join(EVENT_BUS, 'solution'), submission, { recursive: true });
    writeFileSync(path.join(submission, 'event_bus.py'), 'class EventBus(:\n    pass\n');
    const { code, stdout } = await check(EVENT_BUS, '--workspace', submission, '--json');
    expect(code).toBe(2);
    const json = JSON.parse(stdout) as ResultsJson;
    expect(json.status).toBe('error');
    expect(json.message).toMatch(/event_bus\.py at line 1/);
  }, 300_000);

  it('says what is wrong with the command (exit 2)', async () => {
    const unknown = await check('no-such-exercise');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('the course has: event-driven/event-bus');
    const both = await check('event-bus', '--starter', '--solution');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('exclude each other');
  }, 300_000);
});
