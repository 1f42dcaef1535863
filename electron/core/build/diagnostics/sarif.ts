/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), as clang and zig cc (`-fdiagnostics-format=sarif`)
 * and gcc 13+ (`-fdiagnostics-format=sarif-stderr`) write it: runs[].results[], each with a level, a message, a
 * ruleId and locations whose regions count lines and columns from 1, endColumn exclusive. What each compiler
 * puts where differs:
 *  - clang lists the highlighted ranges first and the caret last, as a zero-width region; its ruleIds are
 *    internal numbers, and some notes come without any location; its relatedLocations are the include chain.
 *  - gcc gives one location (the range, from its start), names the warning's option as the ruleId, and
 *    puts the notes under a diagnostic in relatedLocations, each with its message.
 */
import { fileURLToPath } from 'node:url';
import { severityOf, type CompilerMessage } from './messages.js';

interface Region {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

interface Location {
  physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string; index?: number }; region?: Region };
  message?: { text?: string };
}

interface Result {
  level?: string;
  message?: { text?: string };
  ruleId?: string;
  locations?: Location[];
  relatedLocations?: Location[];
}

interface Run {
  results?: Result[];
  originalUriBaseIds?: Record<string, { uri?: string }>;
  artifacts?: { location?: { uri?: string; uriBaseId?: string } }[];
}

export interface SarifLog {
  version?: string;
  runs: Run[];
}

export function isSarif(value: unknown): value is SarifLog {
  return typeof value === 'object' && value !== null && Array.isArray((value as { runs?: unknown }).runs);
}

/** A file path from an artifact location: a file: URI, or a URI relative to a base (gcc's "PWD"). */
function fileOf(location: NonNullable<Location['physicalLocation']>['artifactLocation'], run: Run): string | undefined {
  const artifact = location?.index !== undefined ? run.artifacts?.[location.index]?.location : undefined;
  const uri = location?.uri ?? artifact?.uri;
  if (!uri) return undefined;
  const baseId = location?.uriBaseId ?? artifact?.uriBaseId;
  const base = baseId ? run.originalUriBaseIds?.[baseId]?.uri : undefined;
  try {
    if (uri.startsWith('file:')) return fileURLToPath(uri);
    if (base?.startsWith('file:')) return fileURLToPath(new URL(uri, base));
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

const isPoint = (r: Region): boolean => r.startColumn !== undefined && r.endColumn === r.startColumn && (r.endLine ?? r.startLine) === r.startLine;

/** Whether a region spans the character at (line, column). */
function holds(r: Region, line: number, column: number): boolean {
  if (r.startLine !== line || r.startColumn === undefined || r.endColumn === undefined || r.startColumn > column) return false;
  return (r.endLine ?? line) > line || r.endColumn > column;
}

/** Where a result is: its caret (clang's zero-width region) or its first region's start, and the range around it. */
function place(locations: readonly Location[], run: Run): Partial<CompilerMessage> {
  const regions = locations.filter((l) => l.physicalLocation?.region?.startLine !== undefined).map((l) => ({ at: l.physicalLocation!, region: l.physicalLocation!.region! }));
  const caret = regions.find((r) => isPoint(r.region)) ?? regions[0];
  if (!caret) return {};
  const file = fileOf(caret.at.artifactLocation, run);
  const line = caret.region.startLine!;
  const column = caret.region.startColumn;
  if (file === undefined) return {};
  if (column === undefined) return { file, line };
  // The range to underline: the caret's own, else one that holds it (clang's `weight` in `v[i] * weight`);
  // none when the caret sits between ranges (clang's `i < n`, with `i` and `n` highlighted).
  const range = regions.find((r) => holds(r.region, line, column) && fileOf(r.at.artifactLocation, run) === file)?.region;
  return { file, line, column, ...(range ? { endLine: range.endLine ?? line, endColumn: range.endColumn! } : {}) };
}

/** A ruleId the student can act on: gcc's option names; not clang's internal numbers nor a bare level. */
function codeOf(ruleId: string | undefined): string | undefined {
  if (!ruleId || /^\d+$/.test(ruleId) || ['error', 'warning', 'note', 'fatal error'].includes(ruleId)) return undefined;
  return ruleId;
}

export function fromSarif(log: SarifLog): CompilerMessage[] {
  const out: CompilerMessage[] = [];
  for (const run of log.runs) {
    for (const result of run.results ?? []) {
      const code = codeOf(result.ruleId);
      // A result without a level is a warning (SARIF 2.1.0, 3.27.10, when no rule configures it).
      out.push({ severity: severityOf(result.level ?? 'warning'), message: result.message?.text ?? '', ...(code ? { code } : {}), ...place(result.locations ?? [], run) });
      for (const related of result.relatedLocations ?? []) {
        // Only gcc's notes carry a message; clang's related locations are its include chain.
        if (related.message?.text) out.push({ severity: 'info', message: related.message.text, ...place([related], run) });
      }
    }
  }
  return out;
}
