/**
 * The e2e suites' shared set-up: the app in browser mode with a Chromium page on its workbench for the whole
 * file, a screenshot of the page when a test fails (what the student would have seen), and everything stopped
 * at the end. Call once at the top of a test file; read `.page` inside tests.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium, type LaunchedBrowser } from './browser';
import { repoRoot, startWebApp, type RunningWebApp } from './webApp';

export const ARTIFACTS = path.join(repoRoot, 'tests', '.artifacts');

export interface AppPage {
  readonly page: Page;
}

export function useAppPage(suite: string): AppPage {
  let app: RunningWebApp | undefined;
  let browser: LaunchedBrowser | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    app = await startWebApp();
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(app.url);
    await page.waitForSelector('[data-testid=workbench]');
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) {
      await page.screenshot({ path: path.join(ARTIFACTS, `failed-${suite}-${context.task.name.replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  return {
    get page(): Page {
      if (!page) throw new Error('the app page is not open yet (use it inside a test)');
      return page;
    },
  };
}

/** Opens an exercise from its lesson's page (going there through the list of lessons when needed) and waits for its editor. */
export async function openExercise(page: Page, lesson: string, exercise: string): Promise<void> {
  const button = page.locator(`.exercise-button:has-text("${exercise}")`);
  if (!(await button.isVisible())) {
    const allLessons = page.locator('.link-button:has-text("All lessons")');
    if (await allLessons.isVisible()) await allLessons.click();
    await page.click(`.lesson-button:has-text("${lesson}")`);
  }
  await button.click();
  await page.waitForSelector('[data-testid=exercise-card]');
  await page.waitForSelector('[data-testid=editor] .monaco-editor .view-lines');
}
