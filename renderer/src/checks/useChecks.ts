/** React glue for the checks: one store per open exercise, its snapshot, and the Ctrl/Cmd+Enter shortcut. */
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ApiClient } from '../../../electron/core/api';
import { CheckStore, type CheckSnapshot, type ExerciseRef } from './checkStore';

/** A new store when the exercise changes; the old one's running check is cancelled. */
export function useCheckStore(api: ApiClient, exercise: ExerciseRef | null): CheckStore | null {
  const lessonId = exercise?.lessonId;
  const exerciseId = exercise?.exerciseId;
  const store = useMemo(() => (lessonId && exerciseId ? new CheckStore(api, { lessonId, exerciseId }) : null), [api, lessonId, exerciseId]);
  // dispose() can be undone by the next run(), so React's development double effects do no harm.
  useEffect(() => () => store?.dispose(), [store]);
  return store;
}

const NO_STORE = (): (() => void) => () => undefined;
const NO_SNAPSHOT = (): null => null;

export function useCheckSnapshot(store: CheckStore | null): CheckSnapshot | null {
  return useSyncExternalStore(store?.subscribe ?? NO_STORE, store?.getSnapshot ?? NO_SNAPSHOT);
}

export function isCheckShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
}

/**
 * Ctrl/Cmd+Enter anywhere in the window runs the checks. The listener captures, so the terminal (which would
 * send the key to the shell) and buttons do not swallow it. Inside Monaco the editor's own action runs it
 * (it also shows in the command palette), so the window leaves those keys alone: one key press, one check.
 */
export function useCheckShortcut(onCheck: () => void): void {
  const latest = useRef(onCheck);
  useEffect(() => {
    latest.current = onCheck;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!isCheckShortcut(e)) return;
      if (e.target instanceof Element && e.target.closest('.monaco-editor')) return;
      e.preventDefault();
      e.stopPropagation();
      if (!e.repeat) latest.current();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}
