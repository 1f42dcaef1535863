/**
 * The renderer's half of terminal flow control: count the characters xterm.js has finished parsing and
 * acknowledge them in chunks, so the host pauses the pty when the page falls behind (see api.ts).
 */
import { TerminalFlowControl } from '../../../electron/core/api';

export class AckCounter {
  private parsed = 0;

  constructor(private readonly acknowledge: (chars: number) => void) {}

  /** Call when xterm.js has parsed `chars` characters. */
  parsedChars(chars: number): void {
    this.parsed += chars;
    if (this.parsed >= TerminalFlowControl.ACK_CHUNK_CHARS) {
      const chunk = this.parsed;
      this.parsed = 0;
      this.acknowledge(chunk);
    }
  }
}
