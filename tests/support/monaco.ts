/** Driving Monaco from playwright the way a student would. */
import type { Page } from 'playwright-core';

/**
 * Replaces the selection with `text` as a paste (Ctrl+V through the real clipboard): text typed with
 * keyboard.insertText would be re-indented by Monaco line by line, as if a student typed it.
 */
export async function pasteIntoMonaco(page: Page, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.evaluate((content) => navigator.clipboard.writeText(content), text);
  await page.keyboard.press('Control+V');
}
