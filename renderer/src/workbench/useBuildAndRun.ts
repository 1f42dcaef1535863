/**
 * The workbench's Build (the button, Ctrl/Cmd+B) and Run (F5): the open exercise's build store, the
 * workspace's run store, their shortcuts, the bottom tab each brings forward, and their diagnostics as the
 * editor's markers. Both act on what the editor shows, so unsaved edits are saved first; an exercise with
 * native code also builds before every check.
 */
import { useCallback, useEffect, useMemo, type Dispatch, type SetStateAction } from 'react';
import { useApi } from '../api/ApiContext';
import type { BuildSnapshot, BuildStore, ExerciseRef } from '../build/buildStore';
import { BUILD_MARKER_OWNER, buildDiagnostics } from '../build/buildView';
import { buildStepOf, useBuildSnapshot, useBuildStore } from '../build/useBuild';
import type { CheckStore } from '../checks/checkStore';
import type { Diagnostic } from '../editor/diagnostics';
import type { EditorStore } from '../editor/editorStore';
import type { RunSnapshot, RunStore } from '../run/runStore';
import { isRunnable, notRunnableMessage, RUN_MARKER_OWNER, runDiagnostics } from '../run/runView';
import { useRunSnapshot, useRunStore } from '../run/useRun';
import type { BottomTab } from './BottomPanel';
import { notify, notifyError } from './notifications';
import { useRunShortcuts } from './runShortcuts';

export interface BuildAndRun {
  /** null while the open exercise has nothing to build. */
  builds: BuildStore | null;
  build: BuildSnapshot | null;
  runs: RunStore;
  run: RunSnapshot;
  runBuild: () => void;
  /** Saves, then builds when the exercise has native code; rejects when the build failed or was cancelled. */
  prepareMeasurement: () => Promise<void>;
  runActiveFile: () => void;
  stopRun: () => void;
  /** The last build's diagnostics (kept while a new build runs, replaced when it ends). */
  buildProblems: Diagnostic[];
  /** The last run's traceback (cleared when the next run starts). */
  runProblems: Diagnostic[];
}

export function useBuildAndRun(
  store: EditorStore,
  exercise: (ExerciseRef & { buildable: boolean }) | null,
  workspaceRoot: string | null,
  checks: CheckStore | null,
  setBottomTab: Dispatch<SetStateAction<BottomTab>>,
): BuildAndRun {
  const api = useApi();
  const builds = useBuildStore(api, exercise);
  const build = useBuildSnapshot(builds);
  const runs = useRunStore(api, workspaceRoot);
  const run = useRunSnapshot(runs);

  // An exercise with native code: every check builds first, with the same store the Build button uses.
  useEffect(() => checks?.setBuildStep(builds ? buildStepOf(builds) : null), [checks, builds]);

  // A failed build, whoever started it, shows its output (or the Problems list, if that is what is showing).
  useEffect(
    () =>
      builds?.onFinished(({ status }) => {
        if (status === 'failed') setBottomTab((tab) => (tab === 'problems' ? tab : 'build'));
      }),
    [builds, setBottomTab],
  );

  const runBuild = useCallback(() => {
    if (!builds) return;
    setBottomTab('build');
    store.saveAll().then(
      () => void builds.run(),
      (err: unknown) => notifyError('Could not save before building', err),
    );
  }, [builds, store, setBottomTab]);

  // A measuring view (profile, benchmark, leak meter, timeline) measures the code on screen, built: it saves,
  // then builds when the exercise has native code (a no-op when up to date). A failed build stops it, since a
  // measurement of a missing or stale extension would mislead; the Build tab comes forward with the errors.
  const prepareMeasurement = useCallback(async () => {
    await store.saveAll();
    if (!builds) return;
    const { status, result } = await builds.run();
    if (status !== 'ok' && status !== 'skipped') throw new Error(status === 'cancelled' ? 'the build was cancelled' : `${result.summary} (see the Build tab)`);
  }, [builds, store]);

  const runActiveFile = useCallback(() => {
    const path = store.getSnapshot().active;
    if (!isRunnable(path)) {
      notify('info', notRunnableMessage(path));
      return;
    }
    setBottomTab('run');
    store.saveAll().then(
      () => void runs.run(path),
      (err: unknown) => notifyError('Could not save before running', err),
    );
  }, [runs, store, setBottomTab]);
  const stopRun = useCallback(() => runs.stop(), [runs]);
  useRunShortcuts({ run: runActiveFile, stop: stopRun, build: runBuild }, builds !== null);

  // Each source's markers under its own owner, so a new build never clears the checks' markers.
  const builtDiagnostics = build?.diagnostics;
  const buildProblems = useMemo(() => buildDiagnostics(builtDiagnostics ?? []), [builtDiagnostics]);
  useEffect(() => store.setDiagnostics(BUILD_MARKER_OWNER, buildProblems), [store, buildProblems]);
  const { running, result } = run;
  const runProblems = useMemo(() => runDiagnostics({ running, result }), [running, result]);
  useEffect(() => store.setDiagnostics(RUN_MARKER_OWNER, runProblems), [store, runProblems]);

  return { builds, build, runs, run, runBuild, prepareMeasurement, runActiveFile, stopRun, buildProblems, runProblems };
}
