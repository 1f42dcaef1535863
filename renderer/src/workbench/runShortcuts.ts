/**
 * F5 (run the active Python file), Shift+F5 (stop it) and Ctrl/Cmd+B (build the exercise) anywhere in the
 * window. Inside the main editor Monaco's own actions take these keys (they also show in its command palette),
 * so the window listener leaves them alone there: one key press, one run. Everywhere else the listener captures
 * the key before the terminal or a button can, and always stops F5's default, which in a browser reloads the
 * page and throws the student's session away. The decisions are pure and unit-tested.
 */
import { useEffect, useRef } from 'react';

export type KeyCommand = 'run' | 'stop' | 'build';

export type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'> & { repeat?: boolean };

export interface KeyContext {
  /** The open exercise has a build step; otherwise Ctrl/Cmd+B is left to the page (and the terminal's shell). */
  buildable: boolean;
  /** The key was pressed inside the main editor, whose Monaco actions handle it. */
  inEditor: boolean;
}

export interface KeyDecision {
  command: KeyCommand | null;
  /** Stop the browser's default (F5 reloads the page) and keep the key from the terminal. */
  consume: boolean;
}

/** Which command a key press means, wherever it was pressed. */
export function keyCommand(e: KeyLike, buildable: boolean): KeyCommand | null {
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === 'F5' && !mod && !e.altKey) return e.shiftKey ? 'stop' : 'run';
  if (buildable && mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'b') return 'build';
  return null;
}

/** What the window's listener does with a key press. */
export function windowKeyDecision(e: KeyLike, context: KeyContext): KeyDecision {
  const command = keyCommand(e, context.buildable);
  if (!command || context.inEditor) return { command: null, consume: false };
  // A held key repeats: one run per press, but every repeat must still not reload the page.
  return { command: e.repeat ? null : command, consume: true };
}

/** The main editor's own element; a key pressed inside it goes to its Monaco actions. */
export const MAIN_EDITOR_SELECTOR = '.editor-host .monaco-editor';

export type KeyHandlers = Record<KeyCommand, () => void>;

export function useRunShortcuts(handlers: KeyHandlers, buildable: boolean): void {
  const latest = useRef({ handlers, buildable });
  useEffect(() => {
    latest.current = { handlers, buildable };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const inEditor = e.target instanceof Element && e.target.closest(MAIN_EDITOR_SELECTOR) !== null;
      const { command, consume } = windowKeyDecision(e, { buildable: latest.current.buildable, inEditor });
      if (consume) {
        e.preventDefault();
        e.stopPropagation();
      }
      if (command) latest.current.handlers[command]();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}
