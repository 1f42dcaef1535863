/**
 * Which measuring view is open, as a tiny store with one owner (the ViewHost that draws it) and any number of
 * openers: the exercise card's buttons today, a Run menu later. An opener calls `openProfile(path)` without
 * knowing where the view is drawn, as sendToTerminal does for terminals. The request is state, not an event:
 * one made before the host mounts is drawn when it does.
 */
import { useSyncExternalStore } from 'react';

export type ViewKind = 'profile' | 'bench' | 'meter' | 'timeline';

export interface ViewRequest {
  kind: ViewKind;
  /** The workspace-relative script to run. */
  path: string;
  /** Bumped on every request, so asking again for the same file starts a fresh view (and a fresh run). */
  seq: number;
}

let current: ViewRequest | null = null;
let seq = 0;
const listeners = new Set<() => void>();

function set(next: ViewRequest | null): void {
  current = next;
  for (const listener of listeners) listener();
}

export function openView(kind: ViewKind, path: string): void {
  seq += 1;
  set({ kind, path, seq });
}

/** Profiles `path` with cProfile and shows its flame graph and table of functions. */
export const openProfile = (path: string): void => openView('profile', path);
/** Times the implementations of a bench_*.py file and shows the chart and the speed-ups. */
export const openBenchmark = (path: string): void => openView('bench', path);
/** Runs a meter_*.py file's call many times and shows its refcount and memory over the calls. */
export const openMeter = (path: string): void => openView('meter', path);
/** Runs a timeline_*.py file (its TASKS in threads, or the spans it records) and shows what ran when. */
export const openTimeline = (path: string): void => openView('timeline', path);

export function closeView(): void {
  set(null);
}

export function currentView(): ViewRequest | null {
  return current;
}

export function subscribeViews(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useViewRequest(): ViewRequest | null {
  return useSyncExternalStore(subscribeViews, currentView);
}
