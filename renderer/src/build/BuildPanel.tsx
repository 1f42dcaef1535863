/**
 * The Build tab: the summary on top ("Built vector.so", "Build failed: 2 errors: …", "Up to date …") with
 * Cancel while it runs, then the compiler's output as it streams. BuildAction is the Build button beside
 * Check in the bottom panel's title bar.
 */
import { StatusIcon } from '../checks/CheckRow';
import { formatDuration } from '../checks/checkView';
import { OutputView } from '../output/OutputView';
import type { BuildSnapshot, BuildStore } from './buildStore';
import { BUILD_SHORTCUT_LABEL, buildTabStatus } from './buildView';
import { useBuildSnapshot } from './useBuild';

interface Props {
  store: BuildStore | null;
}

function summaryText(snapshot: BuildSnapshot | null): string {
  if (!snapshot) return 'This exercise has nothing to build.';
  if (snapshot.status === null) return `Not built yet: press Build or ${BUILD_SHORTCUT_LABEL}.`;
  return snapshot.summary;
}

export function BuildPanel({ store }: Props) {
  const snapshot = useBuildSnapshot(store);
  const status = snapshot?.status ?? null;
  const result = snapshot?.result;
  return (
    <div className="job-panel build-panel" data-testid="build-panel">
      <div className="job-header">
        <span className="job-summary" data-testid="build-summary" data-status={status ?? 'none'} aria-live="polite">
          <StatusIcon status={buildTabStatus(status)} />
          <span className="job-summary-text" title={summaryText(snapshot)}>
            {summaryText(snapshot)}
          </span>
          {result && status !== 'running' && <span className="job-duration muted">· {formatDuration(result.durationMs)}</span>}
        </span>
        {status === 'running' && (
          <button className="secondary-button" data-testid="build-cancel" onClick={() => store?.cancel()} title="Stop the build">
            ■ Cancel
          </button>
        )}
      </div>
      {status === 'running' && <div className="job-progress indeterminate" role="progressbar" aria-label="Building" />}
      <OutputView
        source={store?.output ?? null}
        testId="build-output"
        empty={status === 'running' ? 'Waiting for the compiler…' : status === null ? '' : 'The build printed nothing.'}
      />
    </div>
  );
}

export function BuildAction({ store, onBuild }: Props & { onBuild: () => void }) {
  const snapshot = useBuildSnapshot(store);
  if (!store) return null;
  const running = snapshot?.status === 'running';
  return (
    <div className="check-actions">
      <button className="secondary-button" data-testid="build-button" onClick={onBuild} disabled={running} title={`Build the exercise's native code (${BUILD_SHORTCUT_LABEL})`}>
        {running ? 'Building…' : '⚙ Build'}
      </button>
    </div>
  );
}
