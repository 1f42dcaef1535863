/**
 * What every compiler-output parser of the Build command produces (gcc's JSON, SARIF, the text formats): one
 * message per diagnostic, in the compiler's order, with its place when it has one. A message without a place
 * (clang's SARIF drops it from some instantiation notes) is still shown in the Build panel's text; only the
 * placed ones become the editor's markers and Problems rows.
 */
import path from 'node:path';
import type { BuildDiagnostic } from '../../api.js';

export type Severity = BuildDiagnostic['severity'];

export interface CompilerMessage {
  severity: Severity;
  message: string;
  /** gcc's option (-Wunused-variable), a SARIF rule id, an MSVC or rustc code. */
  code?: string;
  /** As the compiler named it: relative to the folder it ran in, or absolute. */
  file?: string;
  line?: number;
  column?: number;
  /** Exclusive end of the range the compiler highlighted, as in BuildDiagnostic. */
  endLine?: number;
  endColumn?: number;
}

/** gcc's and SARIF's words for a severity (gcc's "fatal error", SARIF's "none"...). */
export function severityOf(word: string): Severity {
  if (word.includes('warning')) return 'warning';
  if (word === 'note' || word === 'none' || word === 'help') return 'info';
  return 'error';
}

/** The workspace-relative path of a diagnostic's file, when it is inside the workspace; else as given. */
export function inWorkspace(file: string, workspace: string): string {
  const rel = path.relative(workspace, path.resolve(workspace, file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

/** The placed messages as the API's diagnostics, their files relative to the workspace. */
export function toBuildDiagnostics(messages: readonly CompilerMessage[], workspace: string): BuildDiagnostic[] {
  const out: BuildDiagnostic[] = [];
  for (const m of messages) {
    if (m.file === undefined || m.line === undefined) continue;
    out.push({
      file: inWorkspace(m.file, workspace),
      line: m.line,
      ...(m.column !== undefined ? { column: m.column } : {}),
      ...(m.endLine !== undefined && m.endColumn !== undefined ? { endLine: m.endLine, endColumn: m.endColumn } : {}),
      severity: m.severity,
      message: m.message,
      ...(m.code ? { code: m.code } : {}),
    });
  }
  return out;
}

/**
 * Whether a failed structured build left the student without a place in their own files: gcc's JSON (before
 * 15) drops the "required from here" lines of a template error, so an error inside a library header (pybind11's
 * casters, <algorithm>) would point nowhere the student can edit. Then the build runs again for the text.
 */
export function pointsOnlyOutside(messages: readonly CompilerMessage[], workspace: string): boolean {
  const placed = messages.filter((m) => m.file !== undefined && m.line !== undefined);
  const inside = (m: CompilerMessage): boolean => {
    const rel = inWorkspace(m.file!, workspace);
    return !path.isAbsolute(rel) && !rel.startsWith('..');
  };
  return placed.some((m) => m.severity === 'error') && !placed.some(inside);
}
