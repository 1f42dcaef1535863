/**
 * Compilers' text diagnostics, for what has no structured form: compilers that cannot write one (MSVC's cl,
 * gcc before 9), and the lines beside a structured document (the driver's and the linker's words).
 *   gcc, clang, zig cc: "file:line:col: error: message"
 *   MSVC:               "file(line,col): error C2065: message"
 * and gcc's "file:line:col:   required from here", the line of the student's that instantiated a template
 * whose error is inside a library header (a note, so the student's own line gets a marker).
 * pyforge_diagnostics.py (Python) reads the same formats, for the builds that go through pyforge_build.py.
 */
import { severityOf, type CompilerMessage } from './messages.js';

const GCC = /^(?<file>[^\s:][^:\n]*?):(?<line>\d+):(?:(?<col>\d+):)? (?<sev>fatal error|error|warning|note): (?<msg>.*)$/;
const REQUIRED = /^(?<file>[^\s:][^:\n]*?):(?<line>\d+):(?:(?<col>\d+):)?\s+(?<msg>required from here)$/;
const MSVC = /^(?<file>[^(\n]+)\((?<line>\d+)(?:,(?<col>\d+))?\): (?:fatal )?(?<sev>error|warning) (?<code>[A-Z]+\d+): (?<msg>.*)$/;

export function fromText(output: string): CompilerMessage[] {
  const found: CompilerMessage[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const g = (GCC.exec(line) ?? MSVC.exec(line))?.groups;
    const required = g ? undefined : REQUIRED.exec(line)?.groups;
    if (required) found.push({ file: required.file!, line: Number(required.line), ...(required.col ? { column: Number(required.col) } : {}), severity: 'info', message: required.msg! });
    if (!g) continue;
    // gcc and clang end a warning with its option, "[-Wunused-variable]": the code, as their JSON gives it.
    const option = /\s\[(-W[^\]\s]+)\]$/.exec(g.msg!.trim());
    const code = g.code ?? option?.[1];
    found.push({
      file: g.file!.trim(),
      line: Number(g.line),
      ...(g.col ? { column: Number(g.col) } : {}),
      severity: severityOf(g.sev!),
      message: (option ? g.msg!.trim().slice(0, option.index) : g.msg!).trim(),
      ...(code ? { code } : {}),
    });
  }
  return found;
}
