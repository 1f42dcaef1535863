/**
 * Browser mode start-up: from navigation to a workbench whose editor is created and whose terminal has
 * printed its first output (the shell's prompt), i.e. both accept input. Median of N fresh browser profiles.
 */
import { launchChromium } from '../tests/support/browser.js';
import type { RunningWebApp } from '../tests/support/webApp.js';

export async function measureStartup(app: RunningWebApp, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      let firstTerminalData = 0;
      page.on('websocket', (ws) =>
        ws.on('framereceived', ({ payload }) => {
          if (!firstTerminalData && typeof payload === 'string' && payload.includes('"terminal.data"')) firstTerminalData = performance.now();
        }),
      );
      const start = performance.now();
      await page.goto(app.url);
      // Monaco marks its container once the editor instance exists; xterm renders its element.
      await page.waitForSelector('.editor-host[data-keybinding-context]', { state: 'attached' });
      await page.waitForSelector('.terminal-host:not([hidden]) .xterm');
      while (!firstTerminalData) await page.waitForTimeout(5);
      const ready = Math.max(performance.now(), firstTerminalData);
      samples.push(ready - start);
    } finally {
      await browser.close();
    }
  }
  return samples;
}
