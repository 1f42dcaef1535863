/**
 * A diagnostic: something wrong at a place in the student's workspace, from any source (the checks, the build,
 * F5's traceback, the linter). The editor draws them as markers and the Problems panel lists them. No Monaco
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
  /** The end of the range the tool highlighted (exclusive, as Monaco counts); without it the marker runs to the line's end. */
  endLine?: number;
  endColumn?: number;
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

/** What markerRange needs of a text model (Monaco's ITextModel has it). */
export interface LineMetrics {
  getLineCount(): number;
  getLineFirstNonWhitespaceColumn(line: number): number;
  getLineMaxColumn(line: number): number;
}

export interface MarkerRange {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/**
 * Where a diagnostic's marker goes, clamped to the file (which may have shrunk since the diagnostic came): the
 * tool's range when it gave one (a compiler's `^~~~~~`), else from its column to the end of the line.
 */
export function markerRange(d: Diagnostic, model: LineMetrics): MarkerRange {
  const lines = model.getLineCount();
  const line = Math.min(Math.max(1, d.line), lines);
  const startColumn = d.column ?? (model.getLineFirstNonWhitespaceColumn(line) || 1);
  if (d.endLine !== undefined && d.endColumn !== undefined && (d.endLine > d.line || d.endColumn > startColumn)) {
    const endLineNumber = Math.min(Math.max(line, d.endLine), lines);
    return { startLineNumber: line, startColumn, endLineNumber, endColumn: Math.min(d.endColumn, model.getLineMaxColumn(endLineNumber)) };
  }
  return { startLineNumber: line, startColumn, endLineNumber: line, endColumn: Math.max(startColumn + 1, model.getLineMaxColumn(line)) };
}

/** What the host reports (a compiler's or ruff's diagnostic, api.ts's BuildDiagnostic), minus the source. */
export interface HostDiagnostic {
  file: string;
  line: number;
  column?: number | undefined;
  endLine?: number | undefined;
  endColumn?: number | undefined;
  severity: DiagnosticSeverity;
  message: string;
  code?: string | undefined;
}

/** A path the editor can open: relative and inside the workspace (a compiler also reports system headers). */
export function isWorkspacePath(file: string): boolean {
  return file !== '' && !/^([/\\]|[A-Za-z]:)/.test(file) && !/(^|[/\\])\.\.([/\\]|$)/.test(file);
}

/**
 * The host's diagnostics as the editor's, for the student's own files: the tool's code goes into the message
 * ("`os` imported but unused [F401]", as gcc prints "[-Wunused-variable]"), so the marker's hover and the
 * Problems row both show it.
 */
export function fromHostDiagnostics(source: string, list: readonly HostDiagnostic[]): Diagnostic[] {
  return list
    .filter((d) => isWorkspacePath(d.file))
    .map((d) => ({
      source,
      file: d.file,
      line: Math.max(1, d.line),
      ...(d.column ? { column: d.column } : {}),
      ...(d.column && d.endLine && d.endColumn ? { endLine: d.endLine, endColumn: d.endColumn } : {}),
      severity: d.severity,
      message: d.code ? `${d.message} [${d.code}]` : d.message,
    }));
}

/**
 * Every source's diagnostics in one list for the Problems panel, in the panel's order; a diagnostic reported
 * twice by one source (gcc repeats an error for each inclusion of a header) is listed once.
 */
export function mergeDiagnostics(...lists: readonly (readonly Diagnostic[])[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of lists.flat()) {
    const key = JSON.stringify([d.source, d.file, d.line, d.column ?? 0, d.severity, d.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort(compareDiagnostics);
}
