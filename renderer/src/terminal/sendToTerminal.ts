/**
 * A tiny publish/subscribe between features that want something typed into a terminal (a lesson's Run button)
 * and the terminal panel that owns the terminals. Neither imports the other's components.
 *
 * A request made while no panel listens (not mounted yet) waits and is delivered to the first listener, so a
 * click is never lost. `onShowTerminal` tells the layout to bring the terminal into view (for instance to
 * switch the bottom panel's tab to "Terminal"); it fires on every request.
 */

export type TerminalRequest =
  /** Text typed into the active terminal as it is ("\r" is Enter). */
  | { kind: 'text'; text: string }
  /** A Python program for the terminal's Python; the panel says it in its shell's syntax. */
  | { kind: 'python'; code: string };

type Listener<T> = (value: T) => void;

const requestListeners = new Set<Listener<TerminalRequest>>();
const showListeners = new Set<() => void>();
let pending: TerminalRequest[] = [];

function publish(request: TerminalRequest): void {
  for (const listener of showListeners) listener();
  if (requestListeners.size === 0) {
    pending.push(request);
    return;
  }
  for (const listener of requestListeners) listener(request);
}

/** Types `text` into the active terminal (one is opened if none is). */
export function sendToTerminal(text: string): void {
  publish({ kind: 'text', text });
}

/** Runs a Python snippet with the active terminal's Python, whatever its shell. */
export function runPythonInTerminal(code: string): void {
  publish({ kind: 'python', code });
}

export function onSendToTerminal(listener: Listener<TerminalRequest>): () => void {
  requestListeners.add(listener);
  const queued = pending;
  pending = [];
  for (const request of queued) listener(request);
  return () => {
    requestListeners.delete(listener);
  };
}

/** For the layout: bring the terminal panel into view (switch the bottom tab, expand a collapsed panel). */
export function onShowTerminal(listener: () => void): () => void {
  showListeners.add(listener);
  return () => {
    showListeners.delete(listener);
  };
}
