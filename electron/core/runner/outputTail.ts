/**
 * Keeps the last `capBytes` of a run's stdout + stderr and counts what it drops, so a program printing
 * hundreds of megabytes costs at most the cap in memory.
 *
 * Each stream keeps its own tail. When the total passes the cap, bytes are dropped from the front of the
 * stream holding more, so a short traceback on stderr survives a flood on stdout (each stream is guaranteed
 * min(its size, cap / 2)), and a single busy stream may use the whole cap.
 */

export type OutputStream = 'stdout' | 'stderr';

interface StreamTail {
  chunks: Buffer[];
  /** Index of the first live chunk: dropping from the front is O(1), the array is compacted now and then. */
  head: number;
  bytes: number;
  dropped: number;
}

export interface OutputTails {
  stdout: string;
  stderr: string;
  droppedBytes: number;
  capped: boolean;
}

const COMPACT_AFTER = 1024;

export class OutputTail {
  private readonly streams: Record<OutputStream, StreamTail> = {
    stdout: { chunks: [], head: 0, bytes: 0, dropped: 0 },
    stderr: { chunks: [], head: 0, bytes: 0, dropped: 0 },
  };

  constructor(readonly capBytes: number) {
    if (!(capBytes >= 0)) throw new RangeError(`capBytes must be >= 0, got ${capBytes}`);
  }

  get heldBytes(): number {
    return this.streams.stdout.bytes + this.streams.stderr.bytes;
  }

  get droppedBytes(): number {
    return this.streams.stdout.dropped + this.streams.stderr.dropped;
  }

  push(stream: OutputStream, chunk: Buffer): void {
    if (chunk.length === 0) return;
    const tail = this.streams[stream];
    tail.chunks.push(chunk);
    tail.bytes += chunk.length;
    while (this.heldBytes > this.capBytes) {
      const { stdout, stderr } = this.streams;
      this.dropFront(stdout.bytes >= stderr.bytes ? stdout : stderr, this.heldBytes - this.capBytes);
    }
  }

  private dropFront(tail: StreamTail, excess: number): void {
    const first = tail.chunks[tail.head]!;
    if (first.length <= excess) {
      tail.chunks[tail.head] = Buffer.alloc(0); // let the chunk be collected before compaction
      tail.head++;
      tail.bytes -= first.length;
      tail.dropped += first.length;
      if (tail.head >= COMPACT_AFTER) {
        tail.chunks = tail.chunks.slice(tail.head);
        tail.head = 0;
      }
    } else {
      // Copy the kept part: a view would pin the whole chunk.
      tail.chunks[tail.head] = Buffer.from(first.subarray(excess));
      tail.bytes -= excess;
      tail.dropped += excess;
    }
  }

  /** The tails decoded as UTF-8. A tail that was cut starts at the next whole character. */
  finish(): OutputTails {
    let extra = 0;
    const decode = (tail: StreamTail): string => {
      let bytes = Buffer.concat(tail.chunks.slice(tail.head));
      if (tail.dropped > 0) {
        let start = 0;
        // Skip UTF-8 continuation bytes (10xxxxxx) left over from a character whose start was dropped.
        while (start < bytes.length && start < 3 && (bytes[start]! & 0xc0) === 0x80) start++;
        extra += start;
        bytes = bytes.subarray(start);
      }
      return bytes.toString('utf8');
    };
    const stdout = decode(this.streams.stdout);
    const stderr = decode(this.streams.stderr);
    const droppedBytes = this.droppedBytes + extra;
    return { stdout, stderr, droppedBytes, capped: droppedBytes > 0 };
  }
}
