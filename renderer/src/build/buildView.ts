/**
 * How the build reads on screen: its marker owner, its diagnostics as the editor's, the tab's status symbol
 * and the Build button's shortcut. Pure, so it is unit-tested.
 */
import type { BuildDiagnostic } from '../../../electron/core/api';
import type { SummaryStatus } from '../checks/checkView';
import { isMac } from '../checks/checkView';
import { fromHostDiagnostics, type Diagnostic } from '../editor/diagnostics';
import type { BuildStatus } from './buildStore';

export const BUILD_SOURCE = 'build';
/** The owner of the build's markers in Monaco, beside the checks', F5's and the linter's. */
export const BUILD_MARKER_OWNER = 'pyforge-build';

export const BUILD_SHORTCUT_LABEL = isMac() ? '⌘+B' : 'Ctrl+B';

export function buildDiagnostics(list: readonly BuildDiagnostic[]): Diagnostic[] {
  return fromHostDiagnostics(BUILD_SOURCE, list);
}

/** The tab's symbol: up to date reads as built (nothing needed doing). */
export function buildTabStatus(status: BuildStatus | null): SummaryStatus {
  switch (status) {
    case null:
      return 'none';
    case 'ok':
    case 'skipped':
      return 'passed';
    default:
      return status;
  }
}
