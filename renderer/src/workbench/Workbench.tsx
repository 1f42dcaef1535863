/**
 * The workbench: lesson pane | file tree | editor over the bottom panel (terminals, run, build, checks,
 * problems), all resizable, with a title bar and a status bar. Owns the editor store and the open exercise's
 * check and build stores, and wires lesson actions, saves, builds, runs and checks to each other.
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import type { Result } from '../../../electron/core/api';
import { useApi } from '../api/ApiContext';
import { CheckActions, ChecksPanel } from '../checks/ChecksPanel';
import { summaryView } from '../checks/checkView';
import { CHECKS_MARKER_OWNER, checkDiagnostics } from '../checks/problems';
import { ProblemsPanel } from '../checks/ProblemsPanel';
import { useCheckShortcut, useCheckSnapshot, useCheckStore } from '../checks/useChecks';
import { BuildAction, BuildPanel } from '../build/BuildPanel';
import { buildTabStatus } from '../build/buildView';
import { StatusIcon } from '../checks/CheckRow';
import { mergeDiagnostics } from '../editor/diagnostics';
import { EditorArea } from '../editor/EditorArea';
import { useLint } from '../lint/useLint';
import { useTypeCheck } from '../lint/useTypeCheck';
import { RunPanel } from '../run/RunPanel';
import { runTabStatus } from '../run/runView';
import { EditorStore } from '../editor/editorStore';
import { FileTree } from '../files/FileTree';
import { LessonPane, type CheckState, type ExerciseViewInfo, type OpenExercise as LessonExercise } from '../lessons/LessonPane';
import { onShowTerminal } from '../terminal/sendToTerminal';
import { TerminalPanel } from '../terminal/TerminalPanel';
import { BottomPanel, type BottomTab } from './BottomPanel';
import { useBuildAndRun } from './useBuildAndRun';
import type { SummaryStatus } from '../checks/checkView';
import { Notices } from './Notices';
import { notify, notifyError } from './notifications';
import { EnvironmentStatus } from './EnvironmentStatus';
import { InterpreterPicker } from './InterpreterPicker';
import { ToolchainIndicator } from './ToolchainPanel';
import { useTheme } from './theme';
import { useWorkspace } from './useWorkspace';

const LAST_EXERCISE_KEY = 'pyforge.lastExercise';

/** The open exercise: what `exercises.open` said about it, and which one it is (every field filled). */
type OpenExercise = Required<LessonExercise> & ExerciseViewInfo & { mypy: boolean };

/** How an exercise is opened: by the student, restored after a reload, or reopened after a reset/restore. */
type OpenMode = 'user' | 'restore' | 'replaced';

export function Workbench() {
  const api = useApi();
  const [theme, toggleTheme] = useTheme();
  const store = useMemo(() => new EditorStore(api), [api]);
  const editor = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { listing, refresh } = useWorkspace();
  const [info, setInfo] = useState<Result<'app.info'> | null>(null);
  const [exercise, setExercise] = useState<OpenExercise | null>(null);
  const [bottomTab, setBottomTab] = useState<BottomTab>('terminal');
  const [terminalGeneration, setTerminalGeneration] = useState(0);
  // A lesson's Run button brings the terminal forward, whichever tab was showing.
  useEffect(() => onShowTerminal(() => setBottomTab('terminal')), []);
  const checks = useCheckStore(api, exercise);
  const check = useCheckSnapshot(checks);
  const lintDiagnostics = useLint(api, store);
  const { builds, build, runs, run, runBuild, prepareMeasurement, runActiveFile, stopRun, buildProblems, runProblems } = useBuildAndRun(store, exercise, listing?.workspace.root ?? null, checks, setBottomTab);
  const columns = useDefaultLayout({ id: 'pyforge-columns', storage: localStorage });
  const rows = useDefaultLayout({ id: 'pyforge-rows', storage: localStorage });

  useEffect(() => {
    api.call('app.info', {}).then(setInfo, () => undefined);
  }, [api]);

  const openFile = useCallback(
    (path: string) => store.open(path).catch((err: unknown) => notifyError(`Could not open ${path}`, err)),
    [store],
  );

  const openExercise = useCallback(
    async (lessonId: string, exerciseId: string, mode: OpenMode = 'user') => {
      const dirty = store.getSnapshot().tabs.some((t) => t.dirty);
      if (dirty && !window.confirm('Some files have unsaved changes. Save them before switching exercise?')) return;
      try {
        if (dirty) await store.saveAll();
        const opened = await api.call('exercises.open', { lessonId, exerciseId });
        store.closeAll();
        const { title, instructions, kind, buildable, hintCount, hints, progress, view, profileEntry, mypy } = opened;
        setExercise({ lessonId, exerciseId, title, instructions, kind, buildable, hintCount, hints, progress, view, profileEntry, mypy });
        await refresh();
        for (const file of opened.openFiles) await store.open(file);
        // The tabs keep the exercise's order and its first file is the one in front: the one the student edits
        // (the others, such as a timeline or meter script, are there to read and run).
        const [first] = opened.openFiles;
        if (first) store.activate(first);
        localStorage.setItem(LAST_EXERCISE_KEY, JSON.stringify({ lessonId, exerciseId }));
        if (mode === 'user') {
          notify('info', opened.created ? `${opened.title}: starter files copied to your workspace` : `${opened.title}: your work is as you left it`);
        }
      } catch (err) {
        if (mode === 'restore') localStorage.removeItem(LAST_EXERCISE_KEY);
        else notifyError('Could not open the exercise', err);
      }
    },
    [api, store, refresh],
  );

  // After a reset or restore the files on disk were replaced: the open tabs hold the old text, so they are
  // dropped unsaved (saving them would undo the reset) and the exercise's files are opened again.
  const saveBeforeReplace = useCallback(() => store.saveAll(), [store]);
  const onWorkspaceReplaced = useCallback(() => {
    if (!exercise) return;
    store.closeAll();
    checks?.reset();
    builds?.reset();
    runs.reset();
    // The host ended the terminals that were inside the replaced folder: open a fresh one there.
    setTerminalGeneration((g) => g + 1);
    void openExercise(exercise.lessonId, exercise.exerciseId, 'replaced');
  }, [exercise, store, checks, builds, runs, openExercise]);

  const reveal = useCallback(
    (path: string, line: number, column?: number) => {
      store.revealLine(path, line, column).catch((err: unknown) => notifyError(`Could not open ${path}`, err));
    },
    [store],
  );

  // A check by the button or the shortcut brings the Checks tab forward and checks what the editor shows:
  // unsaved edits are saved first, as a student expects "Check" to check the code in front of them.
  const runCheck = useCallback(() => {
    if (!checks) return;
    setBottomTab('checks');
    store.saveAll().then(
      () => checks.run('manual'),
      (err: unknown) => notifyError('Could not save before checking', err),
    );
  }, [checks, store]);
  useCheckShortcut(runCheck);

  // Watch mode: every save re-checks (the store debounces a "save all" into one check).
  useEffect(() => store.onDidSave(() => checks?.notifySaved()), [store, checks]);

  // A re-check on save stays out of the way unless it fails; then the student sees why. A check stopped by
  // its build leaves that to the build's own handler below.
  useEffect(
    () =>
      checks?.onFinished(({ trigger, result, buildFailed }) => {
        if (buildFailed) return;
        if (trigger === 'watch' && (result.status === 'failed' || result.status === 'error')) setBottomTab((tab) => (tab === 'problems' ? tab : 'checks'));
      }),
    [checks],
  );

  // The last finished check's failures as markers and Problems rows; a new check clears them until it ends.
  const checked = check?.live ? null : (check?.last?.result ?? null);
  const diagnostics = useMemo(() => checkDiagnostics(checked), [checked]);
  useEffect(() => store.setDiagnostics(CHECKS_MARKER_OWNER, diagnostics), [store, diagnostics]);

  const typeDiagnostics = useTypeCheck(api, store, exercise?.mypy ? `${exercise.lessonId}/${exercise.exerciseId}` : null);
  const problems = useMemo(
    () => mergeDiagnostics(diagnostics, buildProblems, runProblems, lintDiagnostics, typeDiagnostics),
    [diagnostics, buildProblems, runProblems, lintDiagnostics, typeDiagnostics],
  );

  // Come back to the exercise the student had open (after a reload, a restart, a crash).
  useEffect(() => {
    const saved = localStorage.getItem(LAST_EXERCISE_KEY);
    if (!saved) return;
    try {
      const { lessonId, exerciseId } = JSON.parse(saved) as { lessonId: string; exerciseId: string };
      // openExercise sets state only after awaiting the API, never synchronously in this effect.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      void openExercise(lessonId, exerciseId, 'restore');
    } catch {
      localStorage.removeItem(LAST_EXERCISE_KEY);
    }
  }, [openExercise]);

  // Ctrl/Cmd+S anywhere (not only inside Monaco) saves, instead of the browser's "Save page" dialog.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        store.save().catch((err: unknown) => notifyError('Could not save', err));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  // Warn before the tab or window closes with unsaved work.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent): void => {
      if (store.getSnapshot().tabs.some((t) => t.dirty)) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [store]);

  const dirtyCount = editor.tabs.filter((t) => t.dirty).length;
  const checkSummary = summaryView(check);
  const lastResult = check?.last?.result;
  const cardCheck: CheckState | null = check
    ? { running: check.live !== null, ...(check.live ? { summary: checkSummary.text } : lastResult ? { status: lastResult.status, summary: lastResult.summary } : {}) }
    : null;

  return (
    <div className="workbench" data-testid="workbench">
      <header className="title-bar">
        <span className="brand">PyForge</span>
        <span className="workspace-label" data-testid="workspace-label">
          {listing?.workspace.label ?? ''}
        </span>
        <button className="icon-button" onClick={toggleTheme} title="Toggle light/dark theme" aria-label="Toggle theme">
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </header>
      <Group className="main-columns" orientation="horizontal" defaultLayout={columns.defaultLayout} onLayoutChanged={columns.onLayoutChanged}>
        <Panel id="lessons-panel" defaultSize="28%" minSize="160px" className="pane lesson-pane">
          <LessonPane
            exercise={exercise}
            activePath={editor.active}
            onOpenSource={reveal}
            onOpenExercise={(l, e) => void openExercise(l, e)}
            onCheck={runCheck}
            check={cardCheck}
            onBeforeReplace={saveBeforeReplace}
            onBeforeMeasure={prepareMeasurement}
            onWorkspaceReplaced={onWorkspaceReplaced}
          />
        </Panel>
        <Separator className="separator vertical" />
        <Panel id="files-panel" defaultSize="16%" minSize="120px" className="pane">
          <FileTree
            label={listing?.workspace.label ?? 'Workspace'}
            entries={listing?.entries ?? []}
            truncated={listing?.truncated ?? false}
            activePath={editor.active}
            onOpen={(p) => void openFile(p)}
            onRefresh={() => void refresh()}
          />
        </Panel>
        <Separator className="separator vertical" />
        <Panel id="center-panel" minSize="240px">
          <Group orientation="vertical" defaultLayout={rows.defaultLayout} onLayoutChanged={rows.onLayoutChanged}>
            <Panel id="editor-panel" defaultSize="62%" minSize="80px">
              <EditorArea store={store} theme={theme} onRunChecks={runCheck} onRun={runActiveFile} onStopRun={stopRun} onBuild={runBuild} buildable={builds !== null} />
            </Panel>
            <Separator className="separator horizontal" />
            <Panel id="terminals-panel" defaultSize="38%" minSize="60px">
              <BottomPanel
                tab={bottomTab}
                onTab={setBottomTab}
                views={[
                  { id: 'terminal', label: 'Terminal', content: <TerminalPanel theme={theme} workspaceRoot={listing?.workspace.root ?? null} generation={terminalGeneration} /> },
                  { id: 'run', label: <TabLabel text="Run" status={runTabStatus(run)} />, content: <RunPanel store={runs} activePath={editor.active} onRun={runActiveFile} /> },
                  { id: 'build', label: <TabLabel text="Build" status={buildTabStatus(build?.status ?? null)} />, content: <BuildPanel store={builds} />, absent: builds === null },
                  { id: 'checks', label: <TabLabel text="Checks" status={checkSummary.status} />, content: <ChecksPanel store={checks} onReveal={reveal} /> },
                  { id: 'problems', label: `Problems (${problems.length})`, content: <ProblemsPanel diagnostics={problems} onReveal={reveal} /> },
                ]}
                actions={
                  <>
                    <BuildAction store={builds} onBuild={runBuild} />
                    <CheckActions store={checks} onCheck={runCheck} />
                  </>
                }
              />
            </Panel>
          </Group>
        </Panel>
      </Group>
      <footer className="status-bar">
        <EnvironmentStatus />
        <InterpreterPicker workspaceRoot={listing?.workspace.root ?? null} />
        <ToolchainIndicator />
        <span>{dirtyCount > 0 ? `${dirtyCount} unsaved` : 'All saved'}</span>
        <span className="spacer" />
        <span className="muted">{api.transport === 'ipc' ? 'Desktop' : 'Browser mode'}</span>
        <span className="muted">{info ? `v${info.version}` : ''}</span>
      </footer>
      <Notices />
    </div>
  );
}

/** A bottom tab's name with its last result's symbol (none before the first run). */
function TabLabel({ text, status }: { text: string; status: SummaryStatus }) {
  return (
    <>
      {text}
      {status !== 'none' && <> <StatusIcon status={status} /></>}
    </>
  );
}
