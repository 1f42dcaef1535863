/**
 * Terminal throughput for 50 MB of `yes` output, three ways, side by side in one run:
 *  - raw: node-pty in Node reading the command's output as fast as the kernel pty delivers it;
 *  - xterm parse: @xterm/headless (xterm.js's parser, no rendering) consuming the same bytes in Node;
 *  - end to end: pty -> PtySession (flow control) -> WebSocket -> xterm.js in headless Chromium, with the
 *    longest main-thread stall seen by a 16 ms timer in the page and the host's peak memory.
 */
import headless from '@xterm/headless';
import * as pty from 'node-pty';
import { execFileSync } from 'node:child_process';
import { launchChromium } from '../tests/support/browser.js';
import type { RunningWebApp } from '../tests/support/webApp.js';
import { MB } from './stats.js';

export const FLOOD_BYTES = 50 * MB;
const COMMAND = `yes | head -c ${FLOOD_BYTES}`;
/** Sets the terminal's title when the flood is over: the tab shows it, so completion is seen in the page itself. */
const DONE_TITLE = 'flood-done';
const TYPED_COMMAND = `${COMMAND}; printf '\\033]0;${DONE_TITLE}\\007'`;

/** Seconds for node-pty to deliver all of the command's output in Node. Returns [seconds, bytes received]. */
export function rawPty(): Promise<[number, number]> {
  return new Promise((resolve) => {
    const start = performance.now();
    let bytes = 0;
    const proc = pty.spawn('/bin/bash', ['--norc', '--noprofile', '-c', COMMAND], { cols: 120, rows: 30, encoding: null } as pty.IPtyForkOptions);
    proc.onData((d: string | Buffer) => (bytes += d.length));
    proc.onExit(() => resolve([(performance.now() - start) / 1000, bytes]));
  });
}

/** Seconds for xterm.js's parser alone to consume `bytes` of "y\r\n" (what the pty turns "y\n" into). */
export async function xtermParse(bytes: number): Promise<number> {
  const term = new headless.Terminal({ cols: 120, rows: 30, scrollback: 5000, allowProposedApi: true });
  const chunk = 'y\r\n'.repeat(65_536 / 3);
  let written = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      if (written >= bytes) return resolve();
      written += chunk.length;
      term.write(chunk, pump);
    };
    pump();
  });
  const seconds = (performance.now() - start) / 1000;
  term.dispose();
  return seconds;
}

function rssOfTree(pid: number): number {
  try {
    const out = execFileSync('ps', ['-o', 'rss=', '--ppid', String(pid), '-p', String(pid)], { encoding: 'utf8' });
    return out.split('\n').reduce((sum, line) => sum + (Number(line.trim()) || 0), 0) * 1024;
  } catch {
    return 0;
  }
}

export interface EndToEnd {
  seconds: number;
  longestStallMs: number;
  peakHostRss: number;
  peakPageHeap: number;
}

/** The full path, as a student sees it: the command typed into the workbench's terminal. */
export async function endToEnd(app: RunningWebApp, hostPid: number, renderer: 'auto' | 'dom'): Promise<EndToEnd> {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    if (renderer === 'dom') await page.addInitScript(() => localStorage.setItem('pyforge.terminal.renderer', 'dom'));
    await page.addInitScript(() => {
      const w = window as unknown as { __stall: number; __heap: number };
      w.__stall = 0;
      w.__heap = 0;
      let last = performance.now();
      setInterval(() => {
        const now = performance.now();
        w.__stall = Math.max(w.__stall, now - last - 16);
        last = now;
        const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
        if (memory) w.__heap = Math.max(w.__heap, memory.usedJSHeapSize);
      }, 16);
    });
    await page.goto(app.url);
    await page.waitForSelector('.terminal-host:not([hidden]) .xterm');
    await page.waitForTimeout(1500); // let the shell print its prompt
    await page.click('.terminal-host:not([hidden])');
    await page.evaluate(() => {
      (window as unknown as { __stall: number }).__stall = 0;
    });
    let peakHostRss = 0;
    const sampler = setInterval(() => (peakHostRss = Math.max(peakHostRss, rssOfTree(hostPid))), 250);
    await page.keyboard.type(TYPED_COMMAND);
    const start = performance.now();
    await page.keyboard.press('Enter');
    // Watching WebSocket frames from Playwright would copy all 50 MB over the DevTools protocol and slow the
    // page down; the title is one small DOM change.
    await page.waitForSelector(`.terminal-panel .tab.active:has-text("${DONE_TITLE}")`, { timeout: 300_000 });
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    const { stall, heap } = await page.evaluate(() => {
      const w = window as unknown as { __stall: number; __heap: number };
      return { stall: w.__stall, heap: w.__heap };
    });
    return { seconds, longestStallMs: stall, peakHostRss, peakPageHeap: heap };
  } finally {
    await browser.close();
  }
}
