/**
 * The workbench: lesson pane | file tree | editor over terminals, all resizable, with a title bar and a
 * status bar. Owns the editor store and wires lesson actions to the workspace.
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import type { Result } from '../../../electron/core/api';
import { useApi } from '../api/ApiContext';
import { EditorArea } from '../editor/EditorArea';
import { EditorStore } from '../editor/editorStore';
import { FileTree } from '../files/FileTree';
import { LessonPane, type OpenExercise } from '../lessons/LessonPane';
import { TerminalPanel } from '../terminal/TerminalPanel';
import { Notices } from './Notices';
import { notify, notifyError } from './notifications';
import { EnvironmentStatus } from './EnvironmentStatus';
import { InterpreterPicker } from './InterpreterPicker';
import { ToolchainIndicator } from './ToolchainPanel';
import { useTheme } from './theme';
import { useWorkspace } from './useWorkspace';

const LAST_EXERCISE_KEY = 'pyforge.lastExercise';

export function Workbench() {
  const api = useApi();
  const [theme, toggleTheme] = useTheme();
  const store = useMemo(() => new EditorStore(api), [api]);
  const editor = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { listing, refresh } = useWorkspace();
  const [info, setInfo] = useState<Result<'app.info'> | null>(null);
  const [exercise, setExercise] = useState<OpenExercise | null>(null);
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
    async (lessonId: string, exerciseId: string, quiet = false) => {
      const dirty = store.getSnapshot().tabs.some((t) => t.dirty);
      if (dirty && !window.confirm('Some files have unsaved changes. Save them before switching exercise?')) return;
      try {
        if (dirty) await store.saveAll();
        const opened = await api.call('exercises.open', { lessonId, exerciseId });
        store.closeAll();
        setExercise({ title: opened.title, instructions: opened.instructions });
        await refresh();
        for (const file of opened.openFiles) await store.open(file);
        localStorage.setItem(LAST_EXERCISE_KEY, JSON.stringify({ lessonId, exerciseId }));
        if (!quiet) {
          notify('info', opened.created ? `${opened.title}: starter files copied to your workspace` : `${opened.title}: your work is as you left it`);
        }
      } catch (err) {
        if (quiet) localStorage.removeItem(LAST_EXERCISE_KEY);
        else notifyError('Could not open the exercise', err);
      }
    },
    [api, store, refresh],
  );

  // Come back to the exercise the student had open (after a reload, a restart, a crash).
  useEffect(() => {
    const saved = localStorage.getItem(LAST_EXERCISE_KEY);
    if (!saved) return;
    try {
      const { lessonId, exerciseId } = JSON.parse(saved) as { lessonId: string; exerciseId: string };
      // openExercise sets state only after awaiting the API, never synchronously in this effect.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      void openExercise(lessonId, exerciseId, true);
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
          <LessonPane exercise={exercise} onOpenExercise={(l, e) => void openExercise(l, e)} />
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
              <EditorArea store={store} theme={theme} />
            </Panel>
            <Separator className="separator horizontal" />
            <Panel id="terminals-panel" defaultSize="38%" minSize="60px">
              <TerminalPanel theme={theme} workspaceRoot={listing?.workspace.root ?? null} />
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
