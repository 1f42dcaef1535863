/**
 * The Run tab (F5): which file runs, Stop while it runs, its stdout and stderr as they stream (stderr in the
 * warning colour), and at the end how it ended: "Exited with code 0", "Crashed with SIGSEGV (segmentation
 * fault)" (faulthandler's traceback is in the output above), "Timed out after …".
 */
import { StatusIcon } from '../checks/CheckRow';
import { OutputView } from '../output/OutputView';
import type { RunStore } from './runStore';
import { baseName, isRunnable, runOutcome, runSummaryText, runTabStatus } from './runView';
import { useRunSnapshot } from './useRun';

interface Props {
  store: RunStore;
  /** The file F5 would run now (the active editor tab). */
  activePath: string | null;
  onRun: () => void;
}

export function RunPanel({ store, activePath, onRun }: Props) {
  const snapshot = useRunSnapshot(store);
  const outcome = runOutcome(snapshot);
  const { result, running, stopping, path } = snapshot;
  const footer =
    outcome === null ? null : (
      <div className={`run-summary outcome-${outcome}`} data-testid="run-summary" data-outcome={outcome} aria-live="polite">
        <StatusIcon status={runTabStatus(snapshot)} />
        <span>{running || !result ? `${stopping ? 'Stopping' : 'Running'} ${path ? baseName(path) : ''}…` : runSummaryText(result)}</span>
      </div>
    );
  return (
    <div className="job-panel run-panel" data-testid="run-panel">
      <div className="job-header">
        <span className="job-summary">
          <span className="job-summary-text muted">{path ? path : 'F5 runs the Python file open in the editor.'}</span>
        </span>
        {running ? (
          <button className="secondary-button" data-testid="run-stop" onClick={() => store.stop()} disabled={stopping} title="Stop the program (Shift+F5)">
            {stopping ? 'Stopping…' : '■ Stop'}
          </button>
        ) : (
          <button
            className="secondary-button"
            data-testid="run-button"
            onClick={onRun}
            disabled={!isRunnable(activePath)}
            title={isRunnable(activePath) ? `Run ${baseName(activePath)} (F5)` : 'Open a Python file to run it'}
          >
            ▶ Run{isRunnable(activePath) ? ` ${baseName(activePath)}` : ''}
          </button>
        )}
      </div>
      <OutputView source={store.output} testId="run-output" footer={footer} empty={running ? 'No output yet.' : result ? 'The program printed nothing.' : ''} />
    </div>
  );
}
