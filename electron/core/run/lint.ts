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
