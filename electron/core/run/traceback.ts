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

/** A workspace-relative path for a frame's file, or null when it is outside the workspace. */
function inWorkspace(file: string, workspace: string): string | null {
  const rel = path.relative(workspace, path.resolve(workspace, file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? null : rel.split(path.sep).join('/');
}

/**
 * faulthandler's dump after a crash: "Fatal Python error: Segmentation fault", then frames most recent FIRST
 * ('  File "x.py", line 4 in boom'). The first frame in the workspace is where the student's code crashed.
 */
function crashLocation(lines: string[], workspace: string): TracebackLocation | null {
  const fatal = lines.findIndex((l) => l.startsWith('Fatal Python error:'));
  if (fatal < 0) return null;
  for (const text of lines.slice(fatal + 1)) {
    const m = /^\s*File "(?<file>[^"]+)", line (?<line>\d+) in /.exec(text);
    const file = m?.groups ? inWorkspace(m.groups.file!, workspace) : null;
    if (file) return { file, line: Number(m!.groups!.line), message: lines[fatal]!.trim() };
  }
  return null;
}

export function tracebackLocation(stderr: string, workspace: string): TracebackLocation | null {
  const lines = stderr.split(/\r?\n/);
  const start = lines.map((l) => l.startsWith('Traceback (most recent call last):')).lastIndexOf(true);
  if (start < 0) return crashLocation(lines, workspace);
  let found: { file: string; line: number } | null = null;
  let message = '';
  for (const text of lines.slice(start + 1)) {
    const frame = FRAME.exec(text);
    if (frame?.groups) {
      const file = inWorkspace(frame.groups.file!, workspace);
      if (file) found = { file, line: Number(frame.groups.line) };
    } else if (/^\S/.test(text) && text.trim()) {
      message = text.trim(); // "ValueError: boom", the traceback's last unindented line
    }
  }
  return found ? { ...found, message } : null;
}
