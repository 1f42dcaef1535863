/**
 * Output that streams in while a build or a run goes on: an OutputBuffer with its own subscribe/snapshot pair,
 * so only the view that shows the text re-renders as it grows (not the workbench, which cares about how the
 * job ends). Published at most every OUTPUT_REFRESH_MS: a program printing in a tight loop sends hundreds of
 * chunks a second, and re-rendering for each would starve the editor of frames. The end of a job publishes
 * at once.
 */
import { EMPTY_OUTPUT, OutputBuffer, type OutputSnapshot, type OutputStream } from './outputBuffer';

/** About 20 updates a second: smooth to read, cheap to lay out. */
export const OUTPUT_REFRESH_MS = 50;
/**
 * Once a program prints more than the cap, nobody reads it as it scrolls by; laying out the whole capped text
 * 20 times a second would only slow the editor (typing was ~6x slower under a 2 MB/s flood), so it is 4.
 */
export const FLOOD_REFRESH_MS = 250;

export type Schedule = (fn: () => void, ms: number) => unknown;

export class LiveOutput {
  private readonly buffer: OutputBuffer;
  private snapshot: OutputSnapshot = EMPTY_OUTPUT;
  private readonly listeners = new Set<() => void>();
  private pending = false;

  /**
   * @param onPublish also told of each published snapshot (for a hook that keeps it in React state);
   *   subscribe/getSnapshot serve useSyncExternalStore.
   */
  constructor(
    private readonly onPublish: ((output: OutputSnapshot) => void) | null = null,
    private readonly schedule: Schedule = (fn, ms) => setTimeout(fn, ms),
    cap?: number,
  ) {
    this.buffer = new OutputBuffer(cap);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): OutputSnapshot => this.snapshot;

  append(chunk: string, stream: OutputStream = 'stdout'): void {
    this.buffer.append(chunk, stream);
    if (this.pending) return;
    this.pending = true;
    this.schedule(() => {
      // Flushed (or cleared) meanwhile: publishing again would only repeat the same snapshot.
      if (!this.pending) return;
      this.publish();
    }, this.buffer.flooding ? FLOOD_REFRESH_MS : OUTPUT_REFRESH_MS);
  }

  get isEmpty(): boolean {
    return this.buffer.isEmpty;
  }

  /** Publishes now, escape sequences left incomplete included. */
  flush(): void {
    this.buffer.flush();
    this.publish();
  }

  clear(): void {
    this.buffer.clear();
    this.publish();
  }

  private publish(): void {
    this.pending = false;
    this.snapshot = this.buffer.snapshot();
    this.onPublish?.(this.snapshot);
    for (const listener of this.listeners) listener();
  }
}
