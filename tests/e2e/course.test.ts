/**
 * End to end, a student's week-2 session in Chromium (browser mode): open an exercise, Check fails with the
 * starter and marks the failing line, the fix is typed into Monaco, watch mode passes it on save, the overview
 * shows it done, a hint and the solution diff open. Real checks in the sandbox, real course environment.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useAppPage } from '../support/appPage';
import { pasteIntoMonaco } from '../support/monaco';
import { repoRoot } from '../support/webApp';

const EXERCISE = path.join(repoRoot, 'lessons', '02-mvc-undo', 'exercises', 'command-undo');
const STARTER = readFileSync(path.join(EXERCISE, 'starter', 'editor.py'), 'utf8');
/** The starter's undo() raises at its TODO: the checks' failures point there. */
const UNDO_TODO_LINE = STARTER.split('\n').findIndex((l) => l.includes('raise NotImplementedError("Editor.undo")')) + 1;

const ui = useAppPage('course');

describe("a student's week 2", () => {
  it('opens the command-undo exercise; Check fails with the starter and marks the failing line', async () => {
    const { page } = ui;
    expect(UNDO_TODO_LINE).toBeGreaterThan(0);
    await page.click('.lesson-button:has-text("MVC, undo and redo")');
    await page.click('.exercise-button:has-text("Command undo")');
    await page.waitForSelector('.tab[data-path="editor.py"].active');
    await page.waitForSelector('[data-testid=editor] .monaco-editor .view-lines');
    await page.click('[data-testid=check-button]');
    // The first check waits for the course environment, installed on first start.
    await page.waitForSelector('[data-testid=checks-summary][data-status=failed]', { timeout: 240_000 });
    const rows = page.locator('[data-testid=check-row]');
    expect(await rows.count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator('[data-testid=check-row][data-status=failed]').count()).toBe(await rows.count());
    // Problems: the failing line in the student's file, and a marker on it in Monaco.
    await page.click('[data-testid=problems-tab]');
    const problem = page.locator(`[data-testid=problem-row][data-file="editor.py"][data-line="${UNDO_TODO_LINE}"]`).first();
    await problem.waitFor();
    expect(await problem.textContent()).toContain('NotImplementedError');
    await problem.click();
    await expect.poll(() => page.locator('[data-testid=editor] .squiggly-error').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid=editor] .current-line').count()).toBeGreaterThan(0);
  }, 300_000);

  it('passes in watch mode once the fix is typed into Monaco and saved', async () => {
    const { page } = ui;
    await page.check('[data-testid=watch-toggle]');
    await page.click('[data-testid=editor] .monaco-editor .view-lines');
    await page.keyboard.press('Control+A');
    await pasteIntoMonaco(page, readFileSync(path.join(EXERCISE, 'solution', 'editor.py'), 'utf8'));
    await page.keyboard.press('Control+S');
    await page.click('[data-testid=checks-tab]');
    await page.waitForSelector('[data-testid=checks-summary][data-status=passed]', { timeout: 60_000 });
    expect(await page.locator('[data-testid=check-row][data-status=failed]').count()).toBe(0);
    // Markers and problems are gone with the failures.
    await expect.poll(() => page.locator('[data-testid=editor] .squiggly-error').count()).toBe(0);
    expect(await page.textContent('[data-testid=problems-tab]')).toMatch(/Problems( \(0\))?$/);
  }, 120_000);

  it('shows the exercise as done in the course overview, the others of the week not started', async () => {
    const { page } = ui;
    await page.click('[data-testid=overview-button]');
    await page.waitForSelector('[data-testid=overview]');
    const done = page.locator('[data-testid=overview-exercise]:has-text("Command undo")');
    await expect.poll(() => done.getAttribute('data-status')).toBe('done');
    expect(await page.locator('[data-testid=overview-exercise]:has-text("Fine-grained change events")').getAttribute('data-status')).toBe('not-started');
    // Clicking an exercise in the overview opens it.
    await done.click();
    await page.waitForSelector('[data-testid=exercise-card]');
  }, 60_000);

  it('reveals a hint, then the solution in a diff editor after a confirmation', async () => {
    const { page } = ui;
    await page.click('[data-testid=hint-button]');
    await expect.poll(() => page.locator('[data-testid=hint]').count()).toBe(1);
    await page.click('[data-testid=solution-button]');
    await page.click('[data-testid=solution-confirm]');
    await page.waitForSelector('[data-testid=solution-diff] .monaco-diff-editor');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'solution-diff.png') });
  }, 60_000);
});
