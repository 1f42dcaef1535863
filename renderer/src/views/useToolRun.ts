/**
 * One measuring run (profile, benchmark, leak meter or timeline) of one file: starts it with an id of its own, streams
 * the script's output (`run.output` events under that id), and stops it with the same id. Leaving the view
 * stops its run: nobody would see the result, and a benchmark keeps both cores busy for seconds.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient, Result } from '../../../electron/core/api';
import { useApi } from '../api/ApiContext';
import { newRequestId } from '../api/requestIds';
import { LiveOutput } from '../output/liveOutput';
import { EMPTY_OUTPUT, type OutputSnapshot } from '../output/outputBuffer';
import type { ViewKind } from './viewRequests';

export type ToolOutcome =
  | { kind: 'profile'; result: Result<'profile.run'> }
  | { kind: 'bench'; result: Result<'bench.run'> }
  | { kind: 'meter'; result: Result<'meter.run'> }
  | { kind: 'timeline'; result: Result<'timeline.run'> };

/** The host method behind each view; each takes its own id field, so Stop (run.stop) can name the run. */
export function runTool(api: ApiClient, kind: ViewKind, path: string, id: string): Promise<ToolOutcome> {
  switch (kind) {
    case 'profile':
      return api.call('profile.run', { path, profileId: id }).then((result) => ({ kind, result }));
    case 'bench':
      return api.call('bench.run', { path, benchId: id }).then((result) => ({ kind, result }));
    case 'meter':
      return api.call('meter.run', { path, meterId: id }).then((result) => ({ kind, result }));
    case 'timeline':
      return api.call('timeline.run', { path, timelineId: id }).then((result) => ({ kind, result }));
  }
}

/** Whether the run got far enough to report (a profile, timings, a meter series). */
export function hasReport(outcome: ToolOutcome): boolean {
  switch (outcome.kind) {
    case 'profile':
      return outcome.result.profile !== null;
    case 'bench':
      return outcome.result.bench !== null;
    case 'meter':
      return outcome.result.meter !== null;
    case 'timeline':
      return outcome.result.timeline !== null;
  }
}

/**
 * The last result with a report, per view and file, for this page's life: opening a frame's source closes the
 * modal (it covers the editor), and coming back shows the last result at once while a fresh run goes on.
 */
const lastReports = new Map<string, ToolOutcome>();
const reportKey = (kind: ViewKind, path: string): string => `${kind}:${path}`;

export interface RunNotice {
  kind: 'stopped' | 'failed';
  text: string;
}

export interface ToolRunState {
  /** The run going on, if any. */
  running: { id: string; startedAt: number } | null;
  /** The last result that has a report (kept while a new run goes on, and when a run ends without one). */
  outcome: ToolOutcome | null;
  /** How the last run ended when it gave no report: stopped by the student, or failed (the host's words). */
  notice: RunNotice | null;
  /** What the current (or last) run's script printed. */
  output: OutputSnapshot;
}

export function useToolRun(kind: ViewKind, path: string): ToolRunState & { run: () => void; stop: () => void } {
  const api = useApi();
  const [running, setRunning] = useState<ToolRunState['running']>(null);
  const [outcome, setOutcome] = useState<ToolOutcome | null>(() => lastReports.get(reportKey(kind, path)) ?? null);
  const [notice, setNotice] = useState<RunNotice | null>(null);
  const [output, setOutput] = useState<OutputSnapshot>(EMPTY_OUTPUT);
  // The run this view waits for; a result under another id (a run stopped by leaving) is ignored.
  const current = useRef<string | null>(null);

  const run = useCallback(() => {
    if (current.current) return;
    const id = newRequestId(kind);
    current.current = id;
    const mine = (): boolean => current.current === id;
    const live = new LiveOutput((snapshot) => mine() && setOutput(snapshot));
    live.clear();
    const unsubscribe = api.on('run.output', (event) => {
      if (event.runId === id) live.append(event.chunk, event.stream);
    });
    setRunning({ id, startedAt: Date.now() });
    setNotice(null);
    runTool(api, kind, path, id)
      .then(
        (next) => {
          if (hasReport(next)) lastReports.set(reportKey(kind, path), next);
          if (!mine()) return;
          if (hasReport(next)) setOutcome(next);
          else setNotice({ kind: next.result.outcome === 'stopped' ? 'stopped' : 'failed', text: next.result.summary });
        },
        (err: unknown) => mine() && setNotice({ kind: 'failed', text: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => {
        unsubscribe();
        live.flush();
        if (!mine()) return;
        current.current = null;
        setRunning(null);
      });
  }, [api, kind, path]);

  const stop = useCallback(() => {
    const id = current.current;
    if (id) api.call('run.stop', { runId: id }).catch(() => undefined);
  }, [api]);

  useEffect(
    () => () => {
      const id = current.current;
      current.current = null;
      if (id) api.call('run.stop', { runId: id }).catch(() => undefined);
    },
    [api],
  );

  return { running, outcome, notice, output, run, stop };
}
