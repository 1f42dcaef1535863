/**
 * `npm run screenshot`: the README's picture of browser mode, taken in headless Chromium: the first lesson's
 * exercise open in the editor and its tests run in the terminal. Writes docs/screenshot.png.
 */
import path from 'node:path';
import { launchChromium } from '../tests/support/browser.js';
import { repoRoot, startWebApp } from '../tests/support/webApp.js';

const out = path.join(repoRoot, 'docs', 'screenshot.png');
const app = await startWebApp();
const browser = await launchChromium({ width: 1440, height: 860 });
try {
  await browser.context.addInitScript(() => localStorage.setItem('pyforge.theme', 'dark'));
  const page = await browser.context.newPage();
  await page.goto(app.url);
  await page.click('.lesson-button');
  await page.click('.exercise-button');
  await page.waitForSelector('[data-testid=editor] .monaco-editor .view-lines');
  // The picture shows the app as a student has it after the first start: the course environment installed.
  await page.waitForSelector('.environment-status.state-ready', { timeout: 240_000 });
  // The starter checked: per-test results in the Checks panel, a failing line marked in the editor.
  await page.click('[data-testid=check-button]');
  await page.waitForSelector('[data-testid=checks-summary][data-status=failed]', { timeout: 120_000 });
  await page.click('[data-testid=check-row][data-status=failed] >> nth=2');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: out });
  console.log(`wrote ${path.relative(repoRoot, out)}`);
} finally {
  await browser.close();
  await app.stop();
}
