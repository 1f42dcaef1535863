/**
 * The checks on screen. CheckActions (Check, also Ctrl/Cmd+Enter; Cancel while running; Watch, re-check on
 * save) sits in the bottom panel's title bar, so it is at hand from the terminal too. ChecksPanel is the
 * Checks tab: the summary, a problem that stopped the checks, then one row per test as it arrives.
 */
import { useState } from 'react';
import type { CheckProblem } from '../../../electron/core/api';
import { CheckRow, Location, StatusIcon } from './CheckRow';
import type { CheckSnapshot, CheckStore } from './checkStore';
import { CHECK_SHORTCUT_LABEL, formatDuration, formatTime, summaryView } from './checkView';
import { useCheckSnapshot } from './useChecks';

interface ActionProps {
  /** The open exercise's checks; null while no exercise is open. */
  store: CheckStore | null;
  /** Runs a check the way the shortcut does (the workbench also brings the Checks tab forward). */
  onCheck: () => void;
}

interface Props {
  store: CheckStore | null;
  onReveal: (path: string, line: number) => void;
}

function ProblemBlock({ problem, onReveal }: { problem: CheckProblem; onReveal: (path: string, line: number) => void }) {
  return (
    <div className="check-problem" data-testid="check-problem" data-kind={problem.kind} role="alert">
      <div className="check-problem-head">
        <StatusIcon status="error" />
        <span className="check-problem-message">{problem.message}</span>
        <Location workspaceFile={problem.workspaceFile} workspaceLine={problem.workspaceLine} onReveal={onReveal} />
      </div>
      {problem.details && (
        <details className="check-problem-details">
          <summary>Show the full report</summary>
          <pre className="check-pre">{problem.details}</pre>
        </details>
      )}
    </div>
  );
}

function History({ history }: { history: CheckSnapshot['history'] }) {
  if (history.length < 2) return null;
  return (
    <span className="checks-history" data-testid="checks-history" aria-label="Recent checks, newest first">
      {history.map((h) => (
        <span key={h.runId} title={`${formatTime(h.at)}: ${h.summary}${h.trigger === 'watch' ? ' (on save)' : ''}`}>
          <StatusIcon status={h.status} />
        </span>
      ))}
    </span>
  );
}

export function CheckActions({ store, onCheck }: ActionProps) {
  const snapshot = useCheckSnapshot(store);
  return (
    <div className="check-actions">
      {snapshot?.live ? (
        <button className="secondary-button" data-testid="check-cancel" onClick={() => store?.cancel()} title="Stop the running check">
          ■ Cancel
        </button>
      ) : null}
      <button className="primary-button" data-testid="check-button" onClick={onCheck} disabled={!store} title={`Run the checks (${CHECK_SHORTCUT_LABEL})`}>
        ▶ Check
      </button>
      <label className="watch-toggle" title="Check again each time you save">
        <input type="checkbox" data-testid="watch-toggle" checked={snapshot?.watch ?? false} disabled={!store} onChange={(e) => store?.setWatch(e.target.checked)} />
        Watch
      </label>
    </div>
  );
}

export function ChecksPanel({ store, onReveal }: Props) {
  const snapshot = useCheckSnapshot(store);
  // Expanded rows by test id, kept across checks: in watch mode the report being read stays open on each save.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (nodeid: string): void =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(nodeid)) next.add(nodeid);
      return next;
    });

  const summary = summaryView(snapshot);
  const live = snapshot?.live ?? null;
  const result = snapshot?.last?.result ?? null;
  const tests = live ? live.tests : (result?.tests ?? []);
  const fraction = live?.total ? Math.min(1, live.tests.length / live.total) : null;

  return (
    <div className="checks-panel" data-testid="checks-panel">
      <div className="checks-header">
        <span className="checks-summary" data-testid="checks-summary" data-status={summary.status} data-run-id={live ? undefined : result?.runId} aria-live="polite">
          <StatusIcon status={summary.status} />
          <span className="checks-summary-text" title={summary.text}>
            {summary.text}
          </span>
          {result && !live && result.status !== 'cancelled' && <span className="checks-summary-duration muted">· {formatDuration(result.durationMs)}</span>}
        </span>
        <History history={snapshot?.history ?? []} />
      </div>
      {live && (
        <div className="checks-progress" role="progressbar" aria-label="Checks done" aria-valuemin={0} aria-valuemax={live.total ?? undefined} aria-valuenow={live.tests.length}>
          <div className={fraction === null ? 'indeterminate' : ''} style={fraction === null ? undefined : { width: `${fraction * 100}%` }} />
        </div>
      )}
      <div className="checks-body">
        {!live && result?.problem && <ProblemBlock problem={result.problem} onReveal={onReveal} />}
        {tests.length > 0 && (
          <ul className="check-rows" aria-label="Checks">
            {tests.map((test) => (
              <CheckRow key={test.nodeid} test={test} expanded={expanded.has(test.nodeid)} onToggle={() => toggle(test.nodeid)} onReveal={onReveal} />
            ))}
          </ul>
        )}
        {!live && result?.strayOutput && (
          <details className="check-stray">
            <summary>Output printed outside the checks (at import, at exit)</summary>
            <pre className="check-pre">{result.strayOutput}</pre>
          </details>
        )}
      </div>
    </div>
  );
}
