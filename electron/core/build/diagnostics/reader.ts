/**
 * Reads a compiler's output as it streams: the structured documents in it (gcc's JSON array, a SARIF log: each a
 * JSON value on lines of its own) become diagnostics and readable text, every other line (the driver's, the
 * linker's "undefined reference", "2 errors generated.") passes through unchanged and is read as text
 * diagnostics. Output without documents comes out exactly as it went in, so one reader serves every compiler.
 */
import { fromGccJson, isGccJson } from './gccJson.js';
import { inWorkspace, type CompilerMessage } from './messages.js';
import { readSources, renderMessages } from './render.js';
import { fromSarif, isSarif } from './sarif.js';
import { fromText } from './text.js';

/** clang's and zig's notice that comes with every SARIF run: noise for a student. */
const SARIF_NOTICE = /^\S+: warning: diagnostic formatting in SARIF mode is currently unstable\b/;
/** How a document starts: gcc's `[{"kind"...` or `[]`, SARIF's `{"$schema"...`, or an opening bracket alone. */
const DOCUMENT_START = /^(\[\s*(\{|\]|$)|\{\s*("|$))/;

/** The diagnostics of a parsed JSON value, or null when it is not a diagnostics document. */
function documentMessages(value: unknown): CompilerMessage[] | null {
  if (isGccJson(value)) return fromGccJson(value);
  if (isSarif(value)) return fromSarif(value);
  return null;
}

/**
 * Splits lines into documents and text. A document is one line (gcc, clang) or several (gcc 15 indents its
 * SARIF, its closing bracket alone at the start of a line); blank lines around a document are its framing.
 */
export class DocumentSplitter {
  private held: string[] = [];
  private blanks: string[] = [];
  private afterDocument = false;

  constructor(private readonly sink: { text: (line: string) => void; document: (messages: CompilerMessage[]) => void }) {}

  line(line: string): void {
    if (this.held.length > 0 || DOCUMENT_START.test(line)) {
      this.held.push(line);
      const last = line.trimEnd();
      const closes = /[\]}]$/.test(last) && (this.held.length === 1 || last === '}' || last === ']');
      if (closes && this.tryDocument()) return;
      // A single line that looked like a document but is not one is text.
      if (this.held.length === 1 && closes) this.flushHeld();
      return;
    }
    if (line.trim() === '') {
      if (!this.afterDocument) this.blanks.push(line);
      return;
    }
    this.afterDocument = false;
    if (SARIF_NOTICE.test(line)) return;
    for (const blank of this.blanks.splice(0)) this.sink.text(blank);
    this.sink.text(line);
  }

  /** Text held as a possible document that never closed. */
  end(): void {
    this.flushHeld();
  }

  private tryDocument(): boolean {
    let messages: CompilerMessage[] | null;
    try {
      messages = documentMessages(JSON.parse(this.held.join('\n')));
    } catch {
      return false;
    }
    if (!messages) return false;
    this.held = [];
    this.blanks = [];
    this.afterDocument = true;
    this.sink.document(messages);
    return true;
  }

  private flushHeld(): void {
    const held = this.held.splice(0);
    for (const blank of this.blanks.splice(0)) this.sink.text(blank);
    for (const line of held) this.sink.text(line);
  }
}

export interface CompilerReport {
  /** The output as a person reads it: documents rendered as text, other lines as they came. */
  output: string;
  /** Every diagnostic in order, from the documents and from the text lines. */
  messages: CompilerMessage[];
  /** Whether any structured document was read. */
  structured: boolean;
}

export class CompilerOutputReader {
  private readonly partial = { stdout: '', stderr: '' };
  private readonly messages: CompilerMessage[] = [];
  private readonly pieces: string[] = [];
  private structured = false;
  /** Renders read source files: each piece waits for the one before, so the output keeps the compiler's order. */
  private chain: Promise<void> = Promise.resolve();
  /** Pieces waiting in the chain; text goes out at once while there is none. */
  private queued = 0;
  private batch: string[] = [];
  private readonly splitter = new DocumentSplitter({
    text: (line) => {
      this.batch.push(`${line}\n`);
      this.messages.push(...fromText(line));
    },
    document: (found) => {
      // Named as the compiler's text names them: relative inside the workspace (SARIF gives absolute URIs).
      const messages = found.map((m) => (m.file === undefined ? m : { ...m, file: inWorkspace(m.file, this.cwd) }));
      this.flushBatch();
      this.structured = true;
      this.messages.push(...messages);
      this.enqueue(async () => this.emit(renderMessages(messages, await readSources(messages, this.cwd))));
    },
  });

  /** `cwd`: where the compiler ran (its relative paths start there); `onText`: the readable output as it comes. */
  constructor(
    private readonly cwd: string,
    private readonly onText: (text: string) => void = () => undefined,
  ) {}

  push(chunk: string, stream: 'stdout' | 'stderr' = 'stderr'): void {
    const lines = (this.partial[stream] + chunk).split('\n');
    this.partial[stream] = lines.pop() ?? '';
    for (const line of lines) this.splitter.line(line.endsWith('\r') ? line.slice(0, -1) : line);
    this.flushBatch();
  }

  async end(): Promise<CompilerReport> {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) this.splitter.line(this.partial[stream]);
      this.partial[stream] = '';
    }
    this.splitter.end();
    this.flushBatch();
    await this.chain;
    return { output: this.pieces.join(''), messages: this.messages, structured: this.structured };
  }

  private flushBatch(): void {
    if (this.batch.length === 0) return;
    const text = this.batch.join('');
    this.batch = [];
    if (this.queued === 0) this.emit(text);
    else this.enqueue(() => this.emit(text));
  }

  private enqueue(step: () => void | Promise<void>): void {
    this.queued++;
    this.chain = this.chain.then(step).finally(() => void this.queued--);
  }

  private emit(text: string): void {
    if (!text) return;
    this.pieces.push(text);
    this.onText(text);
  }
}

/** A whole output at once (python-runtime/checker/pyforge_diagnostics.py's read_compiler_output is its Python twin). */
export function readCompilerOutput(output: string, cwd: string): Promise<CompilerReport> {
  const reader = new CompilerOutputReader(cwd);
  reader.push(output);
  return reader.end();
}
