/**
 * Output of a run or a build for the renderer, batched: a program printing without end would otherwise send
 * thousands of small events a second and delay everything behind them (a Stop's answer, the next event).
 * Chunks are joined and sent every 20 ms, or at once past 64 KiB; `flush` sends the rest before the result.
 */
const INTERVAL_MS = 20;
const MAX_BATCH_CHARS = 64 * 1024;

export class OutputBatcher<S extends string> {
  private pending: { stream: S; text: string }[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly send: (chunk: string, stream: S) => void) {}

  push(chunk: string, stream: S): void {
    const last = this.pending.at(-1);
    if (last && last.stream === stream) last.text += chunk;
    else this.pending.push({ stream, text: chunk });
    this.size += chunk.length;
    if (this.size >= MAX_BATCH_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), INTERVAL_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.size = 0;
    for (const { stream, text } of batch) this.send(text, stream);
  }
}
