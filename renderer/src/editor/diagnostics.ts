/**
 * A diagnostic: something wrong at a place in the student's workspace, from any source (the checks now, the
 * compilers and linters later). The editor draws them as markers and the Problems panel lists them. No Monaco
 * here, so the producers (checks/problems.ts) stay pure and unit-testable.
 */
export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Who reported it ("checks", "gcc", "mypy"...): shown in the Problems panel and the marker's hover. */
  source: string;
  /** Workspace-relative path, as the editor store names its files. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based; without it the marker covers the line from its first non-blank character. */
  column?: number;
  severity: DiagnosticSeverity;
  message: string;
}

export function firstLine(text: string): string {
  return text.trim().split('\n', 1)[0] ?? '';
}

/** Problems panel order: errors first, then by file and line. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const rank: Record<DiagnosticSeverity, number> = { error: 0, warning: 1, info: 2 };
  return rank[a.severity] - rank[b.severity] || a.file.localeCompare(b.file) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0);
}
