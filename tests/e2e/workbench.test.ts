/**
 * End to end: `npm run web` + Debian's headless Chromium. A student opens a lesson and its exercise, edits
 * and saves in Monaco, runs Python in the terminal; a page or client with the wrong token is refused.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { launchChromium, type LaunchedBrowser } from '../support/browser';
import { repoRoot, startWebApp, type RunningWebApp } from '../support/webApp';

const ARTIFACTS = path.join(repoRoot, 'tests', '.artifacts');
const EXERCISE_FILE = ['workspaces', 'production-python', 'event-driven', 'event-bus', 'event_bus.py'];

let app: RunningWebApp;
let browser: LaunchedBrowser;
let page: Page;

/** The visible terminal's screen as lines of text (xterm's DOM renderer, chosen through the user setting). */
async function terminalLines(p: Page): Promise<string[]> {
  return p.$$eval('.terminal-host:not([hidden]) .xterm-rows > div', (rows) => rows.map((r) => (r.textContent ?? '').trimEnd()));
}

beforeAll(async () => {
  app = await startWebApp();
  browser = await launchChromium();
  // Use xterm's DOM renderer so the test can read the terminal's text from the page.
  await browser.context.addInitScript(() => localStorage.setItem('pyforge.terminal.renderer', 'dom'));
  page = await browser.context.newPage();
});

// A failing test leaves a picture of the page behind, to see what the student would have seen.
afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && page) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `failed-${context.task.name.replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
  }
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('browser mode', () => {
  it('loads the workbench with the course, the editor and a terminal', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.url);
    await page.waitForSelector('[data-testid=workbench]');
    await page.waitForSelector('.lesson-button');
    expect(await page.textContent('.course-title')).toContain('Production-level coding in Python');
    // Monaco draws its view once a file is open; until then the editor area says what to do.
    await page.waitForSelector('.editor-empty');
    await page.waitForSelector('.terminal-host:not([hidden]) .xterm');
    await expect.poll(() => page.textContent('[data-testid=python-status]')).toMatch(/Python|course environment/);
    // The token is taken out of the address bar once the page has it.
    expect(page.url()).not.toContain('token=');
    expect(errors).toEqual([]);
  });

  it('opens a lesson and its exercise, copying the starter into the workspace', async () => {
    await page.click('.lesson-button:has-text("Event-driven architecture")');
    await page.waitForSelector('.markdown h1:has-text("Event-driven architecture")');
    // Code blocks are highlighted by Monaco's colorizer.
    await expect.poll(() => page.locator('.markdown code.monaco-colorized span').count()).toBeGreaterThan(3);
    await page.click('.exercise-button:has-text("Event bus")');
    await page.waitForSelector('.tab[data-path="event_bus.py"].active');
    await page.waitForSelector('[data-testid=editor] .monaco-editor .view-lines');
    await page.waitForSelector('.tree-item[data-path="event_bus.py"]');
    await page.waitForSelector('[data-testid=exercise-card]');
    const onDisk = path.join(app.dataDir, ...EXERCISE_FILE);
    expect(readFileSync(onDisk, 'utf8')).toContain('class EventBus');
  });

  it('types in Monaco, shows the file as unsaved, and Ctrl+S writes it to disk', async () => {
    const onDisk = path.join(app.dataDir, ...EXERCISE_FILE);
    const marker = `# edited in the browser ${Date.now()}`;
    await page.click('[data-testid=editor] .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(marker);
    await page.waitForSelector('.tab[data-path="event_bus.py"].dirty');
    expect(readFileSync(onDisk, 'utf8')).not.toContain(marker);
    await page.keyboard.press('Control+s');
    await page.waitForSelector('.tab[data-path="event_bus.py"]:not(.dirty)');
    expect(readFileSync(onDisk, 'utf8')).toContain(marker);
  });

  it('runs Python in the terminal, in the exercise folder', async () => {
    await page.waitForSelector('.terminal-panel .tab.active:has-text("event-bus")');
    await page.click('.terminal-host:not([hidden])');
    await page.keyboard.type('python3 -c "print(6*7)"; pwd');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalLines(page), { timeout: 20_000 }).toContain('42');
    const folder = path.join('production-python', 'event-driven', 'event-bus');
    await expect.poll(async () => (await terminalLines(page)).some((l) => l.endsWith(folder))).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'workbench.png') });
    expect(existsSync(path.join(ARTIFACTS, 'workbench.png'))).toBe(true);
  });

  it('installs the course environment on first run, and new terminals use it', async () => {
    await page.waitForSelector('.environment-status.state-ready', { timeout: 240_000 });
    expect(await page.textContent('[data-testid=python-status]')).toMatch(/^Python 3\.1[1-3]\.\d+$/);
    const tabs = page.locator('.terminal-panel .tab');
    const before = await tabs.count();
    await page.click('.terminal-panel button[aria-label="New terminal"]');
    await expect.poll(() => tabs.count()).toBe(before + 1);
    const terminal = page.locator('.terminal-host:not([hidden]) .xterm');
    await terminal.waitFor({ state: 'visible' });
    await terminal.click();
    await page.keyboard.type('python -c "import numpy, sys; print(sys.prefix)"');
    await page.keyboard.press('Enter');
    const envs = path.join(app.dataDir, 'envs') + path.sep;
    await expect.poll(async () => (await terminalLines(page)).some((l) => l.startsWith(envs)), { timeout: 20_000 }).toBe(true);
  }, 300_000);

  it('follows the panel size: the pty is resized when the window is', async () => {
    const size = async (): Promise<[number, number]> => {
      const marker = `size-${Date.now()}`;
      await page.keyboard.type(`echo ${marker} $(stty size)`);
      await page.keyboard.press('Enter');
      let found: [number, number] | null = null;
      await expect
        .poll(async () => {
          const line = (await terminalLines(page)).find((l) => l.startsWith(`${marker} `));
          found = line ? (line.split(' ').slice(1).map(Number) as [number, number]) : null;
          return found;
        })
        .not.toBeNull();
      return found!;
    };
    const [rows, cols] = await size();
    await page.setViewportSize({ width: 1000, height: 700 });
    await expect.poll(async () => (await size())[1]).toBeLessThan(cols);
    expect(rows).toBeGreaterThan(2);
    await page.setViewportSize({ width: 1400, height: 860 });
  });

  it('closing a terminal tab kills its process tree', async () => {
    const tag = 4000 + Math.floor(Math.random() * 1000);
    await page.click('.terminal-host:not([hidden])');
    await page.keyboard.type(`sleep ${tag}.5 & (sleep ${tag}.25 &) ; echo started-${tag}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalLines(page)).toContain(`started-${tag}`);
    const running = (): number => {
      try {
        return execFileSync('pgrep', ['-f', `sleep ${tag}\\.`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
      } catch {
        return 0; // pgrep exits 1 when nothing matches
      }
    };
    expect(running()).toBe(2);
    await page.click('.terminal-panel .tab.active .tab-close');
    await expect.poll(running, { timeout: 10_000 }).toBe(0);
  });

  it('after a reload, reconnects with the same token and reopens the exercise as it was saved', async () => {
    await page.reload();
    await page.waitForSelector('.tab[data-path="event_bus.py"].active');
    await page.waitForSelector('[data-testid=exercise-card]');
    await page.waitForSelector('.tab[data-path="event_bus.py"]:not(.dirty)');
    await page.click('[data-testid=editor] .view-lines');
    await page.keyboard.press('Control+End');
    await expect.poll(() => page.textContent('[data-testid=editor] .view-lines')).toMatch(/#\sedited\sin\sthe\sbrowser/); // Monaco renders spaces as no-break spaces
    expect(await page.locator('.connection-lost').count()).toBe(0);
  });

  it('shows the toolchain doctor behind the status-bar indicator', async () => {
    await page.waitForSelector('[data-testid=toolchain-indicator]:not(:has-text("checking"))', { timeout: 60_000 });
    await page.click('[data-testid=toolchain-indicator]');
    const row = page.locator('[data-testid=doctor-table] tr', { hasText: 'C compiler' });
    await expect.poll(() => row.textContent()).toContain('ok');
    expect(await page.locator('[data-testid=doctor-table] tr', { hasText: 'default' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    expect(await page.locator('.modal').count()).toBe(0);
    await page.click('[data-testid=toolchain-indicator]');
    await page.click('.modal-backdrop', { position: { x: 5, y: 5 } });
    expect(await page.locator('.modal').count()).toBe(0);
  });

  it('refuses a page opened with a wrong token', async () => {
    const other = await browser.context.newPage();
    await other.goto(`${app.origin}/?token=wrong-token`);
    await other.waitForSelector('.connection-lost');
    await other.close();
  });

  it('refuses WebSocket clients with a wrong token or a foreign Origin', async () => {
    const wsUrl = `${app.origin.replace('http', 'ws')}/api`;
    const status = (url: string, origin: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url, { origin });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', (err) => (err.message.includes('Unexpected server response') ? undefined : reject(err)));
      });
    expect(await status(`${wsUrl}?token=wrong`, app.origin)).toBe(401);
    expect(await status(wsUrl, app.origin)).toBe(401);
    expect(await status(`${wsUrl}?token=${app.token}`, 'http://evil.example')).toBe(403);
    expect(await status(`${wsUrl}?token=${app.token}`, app.origin)).toBe(101);
  });
});
