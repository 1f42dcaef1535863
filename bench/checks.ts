/**
 * Checks, side by side in one run:
 *  - the round trip a student sees: Ctrl+S in Monaco (watch mode on) until the Checks panel shows the new
 *    result, in Chromium against `npm run web`;
 *  - the same tests run by hand: a fresh `python -m pytest -q` in a copy of the workspace (the anchor the
 *    warm checker must beat: goal <= 0.5x);
 *  - the warm checker alone (Node, no browser), to show where the round trip's time goes;
 *  - `npm run lessons:prove` over the whole course.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CheckService } from '../electron/core/checks/service.js';
import { toolchainEnv } from '../electron/core/toolchain/env.js';
import { launchChromium } from '../tests/support/browser.js';
import { pasteIntoMonaco } from '../tests/support/monaco.js';
import { repoRoot, type RunningWebApp } from '../tests/support/webApp.js';
import { median, spread } from './stats.js';

const EXERCISE = path.join(repoRoot, 'lessons', '01-event-driven', 'exercises', 'event-bus');

/** The course environment's interpreter the web app provisioned (its data folder's only environment). */
function envPython(dataDir: string): string {
  const envs = path.join(dataDir, 'envs');
  const name = execFileSync('ls', [envs], { encoding: 'utf8' }).split('\n').find((n) => /^3\.\d+-/.test(n));
  if (!name) throw new Error(`no course environment in ${envs}`);
  return path.join(envs, name, 'bin', 'python');
}


export async function checksBench(app: RunningWebApp, runs: number): Promise<string[]> {
  const browser = await launchChromium();
  const roundTrips: number[] = [];
  const bare: number[] = [];
  const warmOnly: number[] = [];
  const work = mkdtempSync(path.join(os.tmpdir(), 'pyforge-bench-checks-'));
  try {
    const page = await browser.context.newPage();
    await page.goto(app.url);
    await page.click('.lesson-button:has-text("Event-driven architecture")');
    await page.click('.exercise-button:has-text("Event bus")');
    await page.waitForSelector('[data-testid=editor] .monaco-editor .view-lines');
    // The course environment installs on first start: the check waits for it, the benchmark too.
    await page.waitForFunction(() => document.querySelector('[data-testid=python-status]')?.textContent?.startsWith('Python'), null, { timeout: 300_000 });
    await page.check('[data-testid=watch-toggle]');
    // The solution's code, so each check runs the whole file (5 passing tests), not a quick failure.
    await page.click('[data-testid=editor] .monaco-editor .view-lines');
    await page.keyboard.press('Control+A');
    await pasteIntoMonaco(page, readFileSync(path.join(EXERCISE, 'solution', 'event_bus.py'), 'utf8'));
    await page.keyboard.press('Control+S');
    await page.click('[data-testid=checks-tab]');
    await page.waitForSelector('[data-testid=checks-summary][data-status=passed]', { timeout: 120_000 }).catch(async (err: unknown) => {
      await page.screenshot({ path: path.join(os.tmpdir(), 'pyforge-bench-checks.png') });
      throw new Error(`the solution did not pass: ${await page.textContent('[data-testid=checks-panel]')}\n${String(err)}`);
    });

    const python = envPython(app.dataDir);
    const workspace = path.join(work, 'workspace');
    cpSync(path.join(EXERCISE, 'solution'), workspace, { recursive: true });
    const env = { ...toolchainEnv({ executable: python, version: '' }), PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: workspace };
    const warm = new CheckService(path.join(repoRoot, 'python-runtime'), async () => ({ python, env }), true);
    const target = { lessonId: 'event-driven', exerciseId: 'event-bus', testsDir: path.join(EXERCISE, 'tests'), workspace, timeoutSeconds: 60, limits: {} };
    await warm.run({ ...target, runId: 'warm-up' }, () => undefined);

    for (let i = 0; i < runs; i++) {
      console.log(`checks: run ${i + 1}/${runs}…`);
      // 1. The round trip in the browser: an edit, Ctrl+S, until the panel shows this check's result.
      await page.keyboard.press('Control+End');
      await page.keyboard.insertText(`\n# run ${i}`);
      const before = await page.getAttribute('[data-testid=checks-summary]', 'data-run-id');
      const started = performance.now();
      await page.keyboard.press('Control+S');
      await page.waitForFunction(
        (previous) => {
          const el = document.querySelector('[data-testid=checks-summary]');
          return el?.getAttribute('data-status') === 'passed' && el.getAttribute('data-run-id') !== previous;
        },
        before,
        { timeout: 60_000, polling: 'raf' },
      );
      roundTrips.push(performance.now() - started);

      // 2. By hand: a fresh pytest process on the same tests and files.
      const t0 = performance.now();
      const result = spawnSync(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', path.join(EXERCISE, 'tests')], { cwd: workspace, env, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`bare pytest failed:\n${result.stdout}${result.stderr}`);
      bare.push(performance.now() - t0);

      // 3. The warm checker without the browser and the API.
      const t1 = performance.now();
      const warmResult = await warm.run({ ...target, runId: `warm-${i}` }, () => undefined);
      if (warmResult.status !== 'passed') throw new Error(`warm check: ${warmResult.summary}`);
      warmOnly.push(performance.now() - t1);
    }
    warm.dispose();
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }

  console.log('checks: lessons:prove…');
  const proveStarted = performance.now();
  const prove = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'electron', 'prove.js')], { env: { ...process.env, PYFORGE_DATA_DIR: app.dataDir }, encoding: 'utf8' });
  const proveSeconds = (performance.now() - proveStarted) / 1000;
  const proveSummary = prove.stdout.trim().split('\n').pop() ?? '';

  const ratio = (x: number[]): string => (median(x) / median(bare)).toFixed(2);
  return [
    '## Checks: re-check round trip (event-bus, 5 tests)',
    '',
    `Median of ${runs} runs each, interleaved. The round trip is what a student waits for: Ctrl+S in Monaco with`,
    'watch mode on, until the Checks panel shows that check\'s result (Chromium, browser mode). The anchor is the',
    'same tests run by hand with a fresh `python -m pytest -q`.',
    '',
    '| how | median | range | ratio to bare pytest |',
    '| --- | --- | --- | --- |',
    `| **PyForge: save → result shown in the UI** | **${median(roundTrips).toFixed(0)} ms** | ${spread(roundTrips)} ms | **${ratio(roundTrips)}** |`,
    `| the warm checker alone (Node, sandboxed, no UI) | ${median(warmOnly).toFixed(0)} ms | ${spread(warmOnly)} ms | ${ratio(warmOnly)} |`,
    `| \`python -m pytest -q\` by hand | ${median(bare).toFixed(0)} ms | ${spread(bare)} ms | 1.00 |`,
    '',
    `## Proving the course: \`npm run lessons:prove\``,
    '',
    `${proveSummary} (wall time ${proveSeconds.toFixed(1)} s, two checks at a time, exit code ${prove.status}).`,
    '',
  ];
}
