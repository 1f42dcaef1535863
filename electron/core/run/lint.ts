/**
 * Lint-as-you-type for Python: ruff on the editor's unsaved text (stdin), in the workspace so the student's own
 * ruff settings apply; its JSON becomes diagnostics for Monaco. ruff answers in a few milliseconds.
 */
import type { BuildDiagnostic } from '../api.js';
import { runSandboxed } from '../runner/index.js';

interface RuffMessage {
  code: string | null;
  message: string;
  location: { row: number; column: number };
}

export function ruffDiagnostics(json: string, file: string): BuildDiagnostic[] {
  let messages: RuffMessage[];
  try {
    messages = JSON.parse(json) as RuffMessage[];
  } catch {
    return [];
  }
  return messages.map((m) => ({
    file,
    line: m.location.row,
    column: m.location.column,
    // A syntax error is an error; a lint finding is advice (ruff calls every finding an "error").
    severity: m.code === 'invalid-syntax' || m.code === null ? 'error' : 'warning',
    message: m.message,
    ...(m.code && m.code !== 'invalid-syntax' ? { code: m.code } : {}),
  }));
}

export async function lintPython(options: { python: string; env: NodeJS.ProcessEnv; workspace: string; file: string; content: string; readablePaths: string[] }): Promise<BuildDiagnostic[]> {
  const result = await runSandboxed({
    command: options.python,
    args: ['-m', 'ruff', 'check', '--no-cache', '--output-format', 'json', '--exit-zero', '--stdin-filename', options.file, '-'],
    cwd: options.workspace,
    env: options.env,
    readablePaths: options.readablePaths,
    stdin: options.content,
    limits: { timeoutMs: 15_000, maxOutputBytes: 4 * 1024 * 1024 },
  });
  return result.outcome === 'exited' ? ruffDiagnostics(result.stdout, options.file) : [];
}

// mypy's text output with --show-column-numbers --show-error-codes: "file:line:col: error: message  [code]".
const MYPY = /^(?<file>[^:\n]+):(?<line>\d+):(?:(?<col>\d+):)? (?<sev>error|warning|note): (?<msg>.*?)(?:\s+\[(?<code>[\w-]+)\])?$/gm;

export function mypyDiagnostics(output: string): BuildDiagnostic[] {
  return [...output.matchAll(MYPY)].map((m) => {
    const g = m.groups!;
    return {
      file: g.file!.split('\\').join('/'),
      line: Number(g.line),
      ...(g.col ? { column: Number(g.col) } : {}),
      severity: g.sev === 'note' ? 'info' : g.sev === 'warning' ? 'warning' : 'error',
      message: g.msg!,
      ...(g.code ? { code: g.code } : {}),
    } satisfies BuildDiagnostic;
  });
}

/**
 * mypy --strict on the workspace's saved Python files (for exercises whose exercise.yaml asks for it): a
 * few seconds, so it runs on save, not as the student types. Its cache stays in the sandbox's own /tmp.
 */
export async function typeCheck(options: { python: string; env: NodeJS.ProcessEnv; workspace: string; readablePaths: string[] }): Promise<BuildDiagnostic[]> {
  const result = await runSandboxed({
    command: options.python,
    args: ['-m', 'mypy', '--strict', '--show-column-numbers', '--show-error-codes', '--no-error-summary', '--cache-dir', '/tmp/pyforge-mypy-cache', '.'],
    cwd: options.workspace,
    env: options.env,
    readablePaths: options.readablePaths,
    limits: { timeoutMs: 120_000, cpuSeconds: 120, maxOutputBytes: 4 * 1024 * 1024 },
  });
  return result.outcome === 'exited' ? mypyDiagnostics(result.stdout) : [];
}
