/**
 * gcc's `-fdiagnostics-format=json` (gcc 9 to 14): one JSON array per compiled file on stderr, each diagnostic
 * with its kind, message, option (-Wunused-variable), locations (caret, and a finish for a range) and its
 * children (the notes under it), e.g.
 *   [{"kind": "error", "message": "'weight' undeclared", "locations": [{"caret": {"file": "bad.c", "line": 6,
 *     "column": 45, "byte-column": 45}, "finish": {..., "column": 50}}], "children": [{"kind": "note", ...}]}]
 */
import { severityOf, type CompilerMessage } from './messages.js';

interface GccPosition {
  file?: string;
  line?: number;
  column?: number;
  'byte-column'?: number;
}

interface GccDiagnostic {
  kind?: string;
  message?: string;
  option?: string;
  locations?: { caret?: GccPosition; finish?: GccPosition }[];
  children?: GccDiagnostic[];
}

/** Whether a parsed JSON value is gcc's diagnostics array (an empty one too: a file without diagnostics). */
export function isGccJson(value: unknown): value is GccDiagnostic[] {
  return Array.isArray(value) && value.every((d) => typeof d === 'object' && d !== null && 'kind' in d && 'message' in d);
}

/**
 * Byte columns, not gcc's default display columns: those count a tab as up to 8, the editor counts it as one.
 * Bytes and the editor's columns agree on ASCII lines, which C sources nearly always are.
 */
const columnOf = (p: GccPosition): number | undefined => p['byte-column'] ?? p.column;

function toMessage(d: GccDiagnostic): CompilerMessage {
  const out: CompilerMessage = { severity: severityOf(d.kind ?? 'error'), message: d.message ?? '' };
  if (d.option) out.code = d.option;
  const caret = d.locations?.[0]?.caret;
  if (caret?.file && caret.line) {
    out.file = caret.file;
    out.line = caret.line;
    const column = columnOf(caret);
    if (column !== undefined) out.column = column;
    // gcc's finish is the range's last character: the exclusive end is one further.
    const finish = d.locations?.[0]?.finish;
    const last = finish ? columnOf(finish) : undefined;
    if (finish?.line && last !== undefined && column !== undefined && (finish.line > caret.line || (finish.line === caret.line && last >= column))) {
      out.endLine = finish.line;
      out.endColumn = last + 1;
    }
  }
  return out;
}

/** The diagnostics in gcc's order: each one, then its notes. */
export function fromGccJson(list: readonly GccDiagnostic[]): CompilerMessage[] {
  return list.flatMap((d) => [toMessage(d), ...fromGccJson(d.children ?? [])]);
}
