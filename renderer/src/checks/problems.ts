/**
 * A check result as diagnostics: one per failing test, and one for a problem that stopped the checks (a syntax
 * error), wherever the checker found a place in the student's files. A failure that lies only in the lesson's
 * own tests (tests/...) has no place the student can edit, so it stays in the Checks panel alone.
 */
import type { CheckResult } from '../../../electron/core/api';
import { firstLine, type Diagnostic } from '../editor/diagnostics';

export const CHECKS_SOURCE = 'checks';
/** The owner of the checks' markers in Monaco, so other sources (compilers) can set theirs independently. */
export const CHECKS_MARKER_OWNER = 'pyforge-checks';

export function checkDiagnostics(result: CheckResult | null): Diagnostic[] {
  if (!result) return [];
  const out: Diagnostic[] = [];
  const { problem } = result;
  if (problem?.workspaceFile && problem.workspaceLine) {
    out.push({ source: CHECKS_SOURCE, file: problem.workspaceFile, line: problem.workspaceLine, severity: 'error', message: firstLine(problem.message) });
  }
  for (const test of result.tests) {
    if (test.status !== 'failed' && test.status !== 'error') continue;
    if (!test.workspaceFile || !test.workspaceLine) continue;
    const what = firstLine(test.message ?? '') || (test.status === 'error' ? 'error' : 'failed');
    out.push({ source: CHECKS_SOURCE, file: test.workspaceFile, line: test.workspaceLine, severity: 'error', message: `${what} (check: ${test.title})` });
  }
  return out;
}
