/**
 * When to ask the host to lint a file as the student types, and which answers count. Pure: the text, the
 * request, the timers and where the answer goes are injected, so the sequencing is unit-tested
 * (tests/unit/lintScheduler.test.ts).
 *
 * - Debounced: a request goes LINT_DELAY_MS after the last edit (at once when a file opens), never per key.
 * - One request in flight per file: edits made meanwhile are coalesced into one follow-up request, sent as
 *   soon as the answer is in, so a slow host (the course environment still installing) is never flooded.
 * - Stale answers are dropped: an answer counts only if it is for the file's latest request and the text has
 *   not changed since it was sent (markers computed on older text would sit on the wrong lines).
 * - Nothing here blocks typing: requests are fire-and-forget, answers arrive whenever they do.
 */

/** Quiet time after the last edit before linting: long enough to skip a word being typed, short enough to feel live. */
export const LINT_DELAY_MS = 400;

export interface LintText {
  /** Changes with every edit (Monaco's model version). */
  version: number;
  text: string;
}

export interface LintSchedulerDeps<D> {
  /** The file's current text, or null when it is no longer open. */
  read: (path: string) => LintText | null;
  lint: (path: string, text: string) => Promise<D[]>;
  /** The diagnostics of `path` now (an empty list clears them). */
  publish: (path: string, diagnostics: D[]) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  delayMs?: number;
}

interface FileState {
  timer: unknown;
  /** The request waiting for its answer: which one (a sequence number) and for which version of the text. */
  inFlight: { seq: number; version: number } | null;
  /** Edited while a request was in flight and its delay has passed: lint again when the answer is in. */
  followUp: boolean;
  seq: number;
}

export class LintScheduler<D> {
  private readonly files = new Map<string, FileState>();
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly delayMs: number;

  constructor(private readonly deps: LintSchedulerDeps<D>) {
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.delayMs = deps.delayMs ?? LINT_DELAY_MS;
  }

  /** The file was opened: lint it now. */
  opened(path: string): void {
    this.schedule(path, 0);
  }

  /** The file was edited: lint it once the edits pause. */
  edited(path: string): void {
    this.schedule(path, this.delayMs);
  }

  /** The file was closed: nothing more is asked, a late answer is dropped, its diagnostics are cleared. */
  closed(path: string): void {
    const state = this.files.get(path);
    if (!state) return;
    if (state.timer !== null) this.clearTimer(state.timer);
    this.files.delete(path);
    this.deps.publish(path, []);
  }

  dispose(): void {
    for (const path of [...this.files.keys()]) this.closed(path);
  }

  /** How many requests wait for an answer (for tests and a status display). */
  get inFlight(): number {
    return [...this.files.values()].filter((s) => s.inFlight).length;
  }

  private state(path: string): FileState {
    let state = this.files.get(path);
    if (!state) {
      state = { timer: null, inFlight: null, followUp: false, seq: 0 };
      this.files.set(path, state);
    }
    return state;
  }

  private schedule(path: string, delay: number): void {
    const state = this.state(path);
    if (state.timer !== null) this.clearTimer(state.timer);
    state.timer = this.setTimer(() => {
      state.timer = null;
      if (state.inFlight) state.followUp = true;
      else this.send(path, state);
    }, delay);
  }

  private send(path: string, state: FileState): void {
    const current = this.deps.read(path);
    if (!current) return;
    const seq = ++state.seq;
    state.inFlight = { seq, version: current.version };
    state.followUp = false;
    const settle = (diagnostics: D[] | null): void => {
      // Closed (and maybe reopened) since: this answer belongs to a file state that no longer exists.
      if (this.files.get(path) !== state || state.inFlight?.seq !== seq) return;
      state.inFlight = null;
      if (diagnostics && this.deps.read(path)?.version === current.version) this.deps.publish(path, diagnostics);
      if (state.followUp) this.send(path, state);
    };
    // A failed request (the host busy installing, ruff missing) leaves the markers as they were: the next
    // edit asks again.
    this.deps.lint(path, current.text).then(settle, () => settle(null));
  }
}
