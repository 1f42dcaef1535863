/**
 * Where a Python traceback points in the student's files: the deepest `File "…", line N` inside the workspace,
 * with the exception's last line as the message. Pure, so it is unit-tested on real tracebacks.
 */
import path from 'node:path';

export interface TracebackLocation {
  file: string;
  line: number;
  message: string;
}

const FRAME = /^\s*File "(?<file>[^"]+)", line (?<line>\d+)/;

export function tracebackLocation(stderr: string, workspace: string): TracebackLocation | null {
  const lines = stderr.split(/\r?\n/);
  const start = lines.map((l) => l.startsWith('Traceback (most recent call last):')).lastIndexOf(true);
  if (start < 0) return null;
  let found: { file: string; line: number } | null = null;
  let message = '';
  for (const text of lines.slice(start + 1)) {
    const frame = FRAME.exec(text);
    if (frame?.groups) {
      const absolute = path.resolve(workspace, frame.groups.file!);
      const rel = path.relative(workspace, absolute);
      if (!rel.startsWith('..') && !path.isAbsolute(rel)) found = { file: rel.split(path.sep).join('/'), line: Number(frame.groups.line) };
    } else if (/^\S/.test(text) && text.trim()) {
      message = text.trim(); // "ValueError: boom", the traceback's last unindented line
    }
  }
  return found ? { ...found, message } : null;
}
