/**
 * The text a build or a run printed, as the Build and Run tabs show it: the latest OUTPUT_CAP_CHARS at most
 * (a program that prints without end must not grow the page without end; the host streams every byte),
 * adjacent chunks of one stream merged into one segment (so the view renders a handful of spans, not one per
 * chunk), and terminal escape codes removed (a colouring compiler or pytest would otherwise print "\x1b[31m").
 * Pure, so the capping is unit-tested.
 */
export type OutputStream = 'stdout' | 'stderr';

export interface OutputSegment {
  stream: OutputStream;
  text: string;
}

export interface OutputSnapshot {
  segments: readonly OutputSegment[];
  /** How many characters were dropped from the front to stay under the cap. */
  droppedChars: number;
}

/** About 200 KB of text: thousands of lines, still cheap for the DOM to lay out on every update. */
export const OUTPUT_CAP_CHARS = 200_000;

export const EMPTY_OUTPUT: OutputSnapshot = { segments: [], droppedChars: 0 };

// CSI (colours, cursor moves), OSC (titles, links; ended by BEL or ST) and the two-character escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
/** A chunk may end inside an escape sequence (or between "\r" and "\n"): that tail waits for the next chunk. */
const MAX_CARRY = 64;

/** Splits `text` into what can be shown now and an incomplete escape sequence or "\r" at its end. */
export function splitIncompleteTail(text: string): [string, string] {
  const esc = text.lastIndexOf('\x1b');
  if (esc >= 0 && text.length - esc <= MAX_CARRY) {
    const tail = text.slice(esc);
    ANSI.lastIndex = 0;
    const match = ANSI.exec(tail);
    if (!match || match.index !== 0) return [text.slice(0, esc), tail];
  }
  if (text.endsWith('\r')) return [text.slice(0, -1), '\r'];
  return [text, ''];
}

/** Escape codes removed; "\r\n" and a lone "\r" become "\n" (a <pre> shows a bare "\r" as nothing useful). */
export function cleanOutput(text: string): string {
  return text.replace(ANSI, '').replace(/\r\n?/g, '\n');
}

export class OutputBuffer {
  private segments: OutputSegment[] = [];
  private length = 0;
  private dropped = 0;
  private readonly carry: Record<OutputStream, string> = { stdout: '', stderr: '' };

  constructor(readonly cap = OUTPUT_CAP_CHARS) {}

  append(chunk: string, stream: OutputStream = 'stdout'): void {
    const [ready, rest] = splitIncompleteTail(this.carry[stream] + chunk);
    this.carry[stream] = rest;
    this.push(cleanOutput(ready), stream);
  }

  /** The run ended: whatever waited for the rest of an escape sequence is shown as it is. */
  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.carry[stream];
      this.carry[stream] = '';
      this.push(cleanOutput(rest), stream);
    }
  }

  clear(): void {
    this.segments = [];
    this.length = 0;
    this.dropped = 0;
    this.carry.stdout = '';
    this.carry.stderr = '';
  }

  get isEmpty(): boolean {
    return this.length === 0 && this.dropped === 0;
  }

  /** Whether output was dropped: the program prints faster than anyone reads. */
  get flooding(): boolean {
    return this.dropped > 0 || this.length > this.cap;
  }

  /** A copy that later appends do not change (React compares snapshots by identity). */
  snapshot(): OutputSnapshot {
    this.trim();
    return { segments: this.segments.map((s) => ({ ...s })), droppedChars: this.dropped };
  }

  get text(): string {
    this.trim();
    return this.segments.map((s) => s.text).join('');
  }

  private push(text: string, stream: OutputStream): void {
    if (!text) return;
    const last = this.segments[this.segments.length - 1];
    if (last?.stream === stream) last.text += text;
    else this.segments.push({ stream, text });
    this.length += text.length;
    // Trimming copies the kept text, so it waits until twice the cap (or a snapshot): a flood of small chunks
    // then costs one copy per cap's worth of output, not one per chunk.
    if (this.length > 2 * this.cap) this.trim();
  }

  /** Drops the oldest text until the buffer fits the cap again. */
  private trim(): void {
    while (this.length > this.cap) {
      const first = this.segments[0]!;
      const excess = this.length - this.cap;
      if (first.text.length <= excess) {
        this.segments.shift();
        this.length -= first.text.length;
        this.dropped += first.text.length;
      } else {
        first.text = first.text.slice(excess);
        this.length -= excess;
        this.dropped += excess;
      }
    }
  }
}

/** "1.2 MB": how much earlier output was dropped, for the line above what is kept. */
export function formatChars(chars: number): string {
  if (chars < 1000) return `${chars} characters`;
  if (chars < 1_000_000) return `${Math.round(chars / 1000)} KB`;
  return `${(chars / 1_000_000).toFixed(1)} MB`;
}
