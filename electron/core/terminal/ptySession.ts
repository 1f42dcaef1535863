/**
 * One terminal: a node-pty process with batched output and flow control (see `TerminalFlowControl` in
 * api.ts). The session owns its process tree and kills all of it on `dispose`.
 */
import * as pty from 'node-pty';
import { TerminalFlowControl } from '../api.js';
import { killProcessTree } from './processTree.js';

export interface PtySessionOptions {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  cols: number;
  rows: number;
  onData: (data: string) => void;
  onExit: (exitCode: number, signal?: number) => void;
}

export class PtySession {
  private readonly process: pty.IPty;
  private pending: string[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private unacknowledged = 0;
  private paused = false;
  private exited = false;
  private disposed = false;

  constructor(private readonly options: PtySessionOptions) {
    this.process = pty.spawn(options.file, options.args, {
      name: 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: options.cwd,
      env: options.env as Record<string, string>,
    });
    this.process.onData((data) => this.receive(data));
    this.process.onExit(({ exitCode, signal }) => {
      this.exited = true;
      this.flush();
      options.onExit(exitCode, signal || undefined);
    });
  }

  /** The folder the shell started in. */
  get cwd(): string {
    return this.options.cwd;
  }

  get pid(): number {
    return this.process.pid;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private receive(data: string): void {
    if (this.disposed) return;
    this.pending.push(data);
    this.unacknowledged += data.length;
    if (!this.paused && this.unacknowledged > TerminalFlowControl.HIGH_WATERMARK_CHARS) {
      this.paused = true;
      this.process.pause();
    }
    this.flushTimer ??= setTimeout(() => this.flush(), TerminalFlowControl.BATCH_MS);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.length === 0 || this.disposed) return;
    const data = this.pending.join('');
    this.pending = [];
    this.options.onData(data);
  }

  /** The renderer has parsed `chars` more characters. */
  acknowledge(chars: number): void {
    this.unacknowledged = Math.max(0, this.unacknowledged - chars);
    if (this.paused && this.unacknowledged < TerminalFlowControl.LOW_WATERMARK_CHARS) {
      this.paused = false;
      this.process.resume();
    }
  }

  write(data: string): void {
    if (!this.exited) this.process.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.exited) this.process.resize(cols, rows);
  }

  /** Kills the shell and everything it started; safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.pending = [];
    if (this.paused) this.process.resume(); // a paused pty would hold its children blocked on write forever
    await killProcessTree(this.process.pid);
    try {
      this.process.kill();
    } catch {
      // already exited
    }
  }
}
