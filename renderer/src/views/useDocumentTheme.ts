/**
 * The theme the page shows (<html data-theme>), for the canvas charts: a canvas cannot use CSS variables, so
 * a chart reads the colours when it is built and is rebuilt when the theme changes. Watching the attribute
 * keeps the views independent of the workbench, which owns the theme.
 */
import { useSyncExternalStore } from 'react';

function subscribe(listener: () => void): () => void {
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

export function useDocumentTheme(): string {
  return useSyncExternalStore(subscribe, () => document.documentElement.dataset.theme ?? 'dark');
}

/** The value of a CSS variable on <html>, for drawing on a canvas ("#d4d4d4"). */
export function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** How many series colours styles.css defines (--series-0 … --series-7); more series reuse them. */
export const SERIES_COLOURS = 8;

/** The CSS variable of the i-th series' colour, shared by the chart (read once) and its legend (live CSS). */
export function seriesVar(i: number): string {
  return `--series-${i % SERIES_COLOURS}`;
}
