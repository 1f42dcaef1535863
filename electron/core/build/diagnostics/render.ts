/**
 * Diagnostics as a person reads them, for the Build panel when the compiler wrote JSON or SARIF instead of text:
 * the way gcc prints them, the place, the severity and the message, then the source line and a caret with an
 * underline under the range:
 *   bad.c:6:45: error: 'weight' undeclared (first use in this function)
 *       6 |     for (int i = 0; i < n; i++) s += v[i] * weight;
 *         |                                             ^~~~~~
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CompilerMessage, Severity } from './messages.js';

/** A file's lines, or undefined when it cannot be read. */
export type SourceLines = (file: string) => readonly string[] | undefined;

const WORD: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** The source line and the caret line under it, gcc's way; [] when the line is not there to show. */
function snippet(m: CompilerMessage, source: readonly string[] | undefined): string[] {
  const text = source?.[m.line! - 1]?.replace(/\r$/, '');
  if (text === undefined) return [];
  const gutter = String(m.line).padStart(5);
  const lines = [`${gutter} | ${text}`];
  if (m.column !== undefined && m.column >= 1 && m.column <= text.length + 1) {
    // Tabs stay tabs under the source's tabs, so the caret lines up however wide the panel draws a tab.
    const pad = text.slice(0, m.column - 1).replace(/[^\t]/g, ' ');
    const end = m.endLine === m.line && m.endColumn !== undefined ? m.endColumn : m.endLine !== undefined ? text.length + 1 : m.column + 1;
    lines.push(`${' '.repeat(gutter.length)} | ${pad}^${'~'.repeat(Math.max(0, end - m.column - 1))}`);
  }
  return lines;
}

export function renderMessages(messages: readonly CompilerMessage[], sources: SourceLines): string {
  const out: string[] = [];
  let previous = '';
  for (const m of messages) {
    const placed = m.file !== undefined && m.line !== undefined;
    const where = placed ? `${m.file}:${m.line}:${m.column !== undefined ? `${m.column}:` : ''} ` : '';
    out.push(`${where}${WORD[m.severity]}: ${m.message}${m.code ? ` [${m.code}]` : ''}`);
    // Like gcc, the source is shown once for notes repeating their error's place.
    const key = placed ? `${m.file}:${m.line}:${m.column ?? ''}` : '';
    if (placed && key !== previous) out.push(...snippet(m, sources(m.file!)));
    previous = key;
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** Reads the files the messages name (relative ones from `cwd`), each once, for renderMessages. */
export async function readSources(messages: readonly CompilerMessage[], cwd: string): Promise<SourceLines> {
  const files = [...new Set(messages.flatMap((m) => (m.file !== undefined && m.line !== undefined ? [m.file] : [])))];
  const read = await Promise.all(files.map((f) => fs.readFile(path.resolve(cwd, f), 'utf8').then((text) => text.split('\n'), () => undefined)));
  const byFile = new Map(files.map((f, i) => [f, read[i]]));
  return (file) => byFile.get(file);
}
