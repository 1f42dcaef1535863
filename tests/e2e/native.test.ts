/**
 * End to end, the measuring views in Chromium (browser mode): the profiler's flame graph and table on an
 * exercise's pipeline, the benchmark chart with one series per implementation (week 10), and the timeline of
 * week 7's GIL exercise, built first. Screenshots are kept in tests/.artifacts as pictures of what a student sees.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, openExercise, useAppPage } from '../support/appPage';

const ui = useAppPage('native');

describe('the views of week 10', () => {
  it("profiles the pipeline: the flame graph renders and the table shows the hot function's calls", async () => {
    const { page } = ui;
    await openExercise(page, 'efficient computational pipelines', 'Profile the pipeline');
    await page.click('[data-testid=profile-button]');
    // The first run waits for the course environment, installed on first start.
    await page.waitForSelector('[data-testid=flamegraph] [data-testid=flame-frame]', { timeout: 240_000 });
    expect(await page.locator('[data-testid=flame-frame][data-name="featurize"]').count()).toBeGreaterThan(0);
    // The starter calls featurize once per block, not once per chunk: the profile counts every call.
    const row = page.locator('[data-testid=profile-row]:has-text("featurize")').first();
    await row.waitFor();
    expect(Number((await row.textContent())?.match(/\b(\d{3,})\b/)?.[1])).toBeGreaterThan(100);
    await page.screenshot({ path: path.join(ARTIFACTS, 'profile-flamegraph.png') });
    await page.keyboard.press('Escape');
  }, 300_000);

  it('benchmarks a loop against numpy: one series per implementation on the chart', async () => {
    const { page } = ui;
    await openExercise(page, 'efficient computational pipelines', 'Vectorise the loops');
    await page.click('[data-testid=bench-button]');
    await page.waitForSelector('[data-testid=bench-chart] canvas', { timeout: 240_000 });
    const series = page.locator('[data-testid=bench-series]');
    await expect.poll(() => series.count(), { timeout: 120_000 }).toBe(2);
    expect(new Set(await series.evaluateAll((els) => els.map((e) => e.getAttribute('data-implementation'))))).toEqual(new Set(['python loop', 'numpy (kernels.py)']));
    expect(await page.locator('[data-testid=bench-disagreement]').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'benchmark-chart.png') });
    await page.keyboard.press('Escape');
  }, 300_000);
});

describe('the timeline of week 7', () => {
  it("builds the GIL exercise's starter on Timeline and shows its four wait() calls taking turns, the heartbeat stalled", async () => {
    const { page } = ui;
    await openExercise(page, 'Extending Python', 'Release the GIL');
    // Timeline builds the extension first (nothing is built in a fresh workspace), then runs timeline_gil.py.
    await page.click('[data-testid=timeline-button]');
    await page.waitForSelector('[data-testid=timeline-view]', { timeout: 240_000 });
    expect(await page.locator('[data-testid=build-summary]').getAttribute('data-status')).toBe('ok');
    const sections = page.locator('[data-testid=timeline-section]');
    expect(await sections.count()).toBe(3);
    const wait = sections.first();
    expect(await wait.locator('h3').textContent()).toBe('kernel.wait(0.2)');
    // The starter holds the GIL in wait(): 4 threads x 0.2 s take 0.8 s, which noise can only lengthen.
    expect(await wait.getAttribute('data-shape')).toBe('serial');
    expect(await wait.locator('[data-testid=timeline-verdict]').textContent()).toContain('No other Python code ran for up to');
    expect(await wait.locator('[data-testid=timeline-lane]').count()).toBe(5);
    expect(await wait.locator('[data-testid=timeline-lane][data-lane="thread 1"] [data-testid=timeline-bar]').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'timeline-gil.png') });
    await page.keyboard.press('Escape');
  }, 300_000);
});

describe('the timeline of week 1', () => {
  it("draws the starter event bus's dispatch order step by step, with the exception that escaped it", async () => {
    const { page } = ui;
    await openExercise(page, 'Event-driven architecture', 'Event bus');
    // The student's file is in front; the timeline file is the second tab.
    await page.waitForSelector('.tab[data-path="event_bus.py"].active');
    await page.click('[data-testid=timeline-button]');
    await page.waitForSelector('[data-testid=timeline-view]', { timeout: 240_000 });
    const sections = page.locator('[data-testid=timeline-section]');
    expect(await sections.count()).toBe(3);
    // Recorded sections have no GIL verdict; their axis counts steps.
    expect(await page.locator('[data-testid=timeline-verdict]').count()).toBe(0);
    expect(await sections.first().locator('.timeline-tick').first().textContent()).toBe('0');
    // The starter lets the handler's ValueError escape emit(): the picture shows it on the "errors" lane.
    expect(await page.locator('[data-testid=timeline-lane][data-lane="errors"] [data-testid=timeline-mark]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'timeline-event-bus.png') });
    await page.keyboard.press('Escape');
  }, 300_000);
});
