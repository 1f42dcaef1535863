/**
 * Draws the measuring view that `openProfile` / `openBenchmark` / `openMeter` / `openTimeline` asked for, in a large modal:
 * the run starts as it opens, with progress, the script's output and Stop while it runs, and Run again after.
 * Mount it once, where it can reach the editor (`onOpenSource`); any code may then open a view.
 */
import { memo, useEffect, useMemo, useState } from 'react';
import { useApi } from '../api/ApiContext';
import { Modal } from '../lessons/Modal';
import type { OutputSnapshot } from '../output/outputBuffer';
import { BenchmarkView } from './BenchmarkView';
import { MeterView } from './MeterView';
import { ProfileView } from './ProfileView';
import { TimelineView } from './TimelineView';
import { useToolRun, type ToolOutcome } from './useToolRun';
import { closeView, useViewRequest, type ViewKind, type ViewRequest } from './viewRequests';

export const VIEW_TITLES: Record<ViewKind, string> = { profile: 'Profile', bench: 'Benchmark', meter: 'Leak meter', timeline: 'Timeline' };

/** What the progress line says while each tool runs. */
const RUNNING_TEXT: Record<ViewKind, string> = {
  profile: 'Running the script under the profiler',
  bench: 'Timing each implementation at each size (5 repeats each)',
  meter: 'Calling call(argument) again and again',
  timeline: 'Running each task in its threads beside a Python heartbeat',
};

export type OpenSource = (file: string, line: number) => void;

export function ViewHost({ onOpenSource }: { onOpenSource?: OpenSource }) {
  const request = useViewRequest();
  // Keyed by request: every request is a fresh view with a fresh run.
  return request ? <ToolModal key={request.seq} request={request} onOpenSource={onOpenSource} /> : null;
}

function ToolModal({ request, onOpenSource }: { request: ViewRequest; onOpenSource?: OpenSource }) {
  const api = useApi();
  const { kind, path } = request;
  const tool = useToolRun(kind, path);
  const [root, setRoot] = useState<string | null>(null);
  const { run } = tool;

  useEffect(() => {
    let live = true;
    api.call('workspace.current', {}).then(
      (w) => live && setRoot(w.root),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);

  // The view exists to show a fresh measurement: it starts at once (closing it stops the run).
  useEffect(() => run(), [run]);

  // The modal covers the editor: opening a line closes it (the result comes back at once if reopened).
  const openSource = useMemo<OpenSource | undefined>(
    () =>
      onOpenSource &&
      ((file, line) => {
        closeView();
        onOpenSource(file, line);
      }),
    [onOpenSource],
  );

  const title = VIEW_TITLES[kind];
  return (
    <Modal label={`${title}: ${path}`} onClose={closeView} className="view-modal" testId="view-modal">
      <div className="modal-header">
        <h2>
          {title} <span className="muted view-path">{path}</span>
        </h2>
        {tool.running ? (
          <button className="secondary-button" onClick={tool.stop} data-testid="view-stop">
            Stop
          </button>
        ) : (
          <button className="primary-button" onClick={run} data-testid="view-run-again">
            Run again
          </button>
        )}
        <button className="icon-button" aria-label="Close" onClick={closeView}>
          ×
        </button>
      </div>
      {tool.running && <RunProgress kind={kind} startedAt={tool.running.startedAt} output={tool.output} />}
      <div className="view-body">
        {tool.notice?.kind === 'stopped' && (
          <p className="view-summary muted" data-testid="view-stopped">
            Stopped before it finished{tool.outcome ? '; below is the result of the run before' : ''}.
          </p>
        )}
        {tool.notice?.kind === 'failed' && (
          <div className="view-alert" role="alert" data-testid="view-error">
            {tool.outcome ? 'The last run gave no result' : `The ${title.toLowerCase()} could not run`}: {tool.notice.text}
            {tool.outcome ? '. Below is the result of the run before.' : ''}
          </div>
        )}
        {tool.outcome && <OutcomeView outcome={tool.outcome} root={root} onOpenSource={openSource} />}
        {!tool.running && (tool.output.segments.length > 0 || tool.output.droppedChars > 0) && <OutputDetails output={tool.output} open={tool.notice?.kind === 'failed'} />}
      </div>
    </Modal>
  );
}

// Memoised: the output streaming into the progress panel of a re-run must not re-render the last result's view.
const OutcomeView = memo(function OutcomeView({ outcome, root, onOpenSource }: { outcome: ToolOutcome; root: string | null; onOpenSource?: OpenSource }) {
  const ended = outcome.result.outcome !== 'exited' ? <p className="view-summary muted">{outcome.result.summary}</p> : null;
  switch (outcome.kind) {
    case 'profile':
      return (
        outcome.result.profile && (
          <>
            {ended}
            <ProfileView profile={outcome.result.profile} workspaceRoot={root} onOpenSource={onOpenSource} />
          </>
        )
      );
    case 'bench':
      return (
        outcome.result.bench && (
          <>
            {ended}
            <BenchmarkView bench={outcome.result.bench} history={outcome.result.history} />
          </>
        )
      );
    case 'meter':
      return (
        outcome.result.meter && (
          <>
            {ended}
            <MeterView meter={outcome.result.meter} />
          </>
        )
      );
    case 'timeline':
      return (
        outcome.result.timeline && (
          <>
            {ended}
            <TimelineView timeline={outcome.result.timeline} />
          </>
        )
      );
  }
});

function useElapsed(startedAt: number): number {
  const [now, setNow] = useState(startedAt);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, now - startedAt);
}

function RunProgress({ kind, startedAt, output }: { kind: ViewKind; startedAt: number; output: OutputSnapshot }) {
  const elapsed = useElapsed(startedAt);
  const tail = output.segments
    .map((s) => s.text)
    .join('')
    .split('\n')
    .slice(-6)
    .join('\n')
    .trimEnd();
  return (
    <div className="view-progress" data-testid="view-progress" role="status">
      <div className="checks-progress">
        <div className="indeterminate" />
      </div>
      <div className="view-progress-text">
        {RUNNING_TEXT[kind]}… <span className="muted">{(elapsed / 1000).toFixed(1)} s</span>
      </div>
      {tail && <pre className="view-output-tail">{tail}</pre>}
    </div>
  );
}

function OutputDetails({ output, open }: { output: OutputSnapshot; open: boolean }) {
  return (
    <details className="view-output" open={open}>
      <summary>What the script printed</summary>
      <pre className="check-pre">
        {output.droppedChars > 0 && <span className="muted">… earlier output dropped …{'\n'}</span>}
        {output.segments.map((s, i) => (
          <span key={i} className={s.stream === 'stderr' ? 'stderr' : undefined}>
            {s.text}
          </span>
        ))}
      </pre>
    </details>
  );
}
