/**
 * Tabs and one Monaco editor whose model follows the active tab. Ctrl/Cmd+S saves; Ctrl/Cmd+Enter runs the
 * checks; F5 runs the file, Shift+F5 stops it; Ctrl/Cmd+B builds (only when the exercise has a build step).
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { notifyError } from '../workbench/notifications';
import type { EditorStore } from './editorStore';
import { monaco } from './monaco';

interface Props {
  store: EditorStore;
  theme: 'light' | 'dark';
  /** Ctrl/Cmd+Enter inside the editor (Monaco stops the key there, so the window's shortcut never sees it). */
  onRunChecks?: () => void;
  /** F5 and Shift+F5 inside the editor (the window's listener leaves keys pressed here to these actions). */
  onRun?: () => void;
  onStopRun?: () => void;
  /** Ctrl/Cmd+B inside the editor, when `buildable`. */
  onBuild?: () => void;
  buildable?: boolean;
}

/** Monaco context key: the Build action's keybinding applies only while it is true, else Ctrl+B is left alone. */
const BUILDABLE_KEY = 'pyforge.buildable';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function EditorArea({ store, theme, onRunChecks, onRun, onStopRun, onBuild, buildable = false }: Props) {
  const { tabs, active, revealSeq } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const shown = useRef<string | null>(null);
  // The latest callbacks, read by the Monaco actions, which are registered once per editor.
  const callbacks = useRef({ onRunChecks, onRun, onStopRun, onBuild });
  useEffect(() => {
    callbacks.current = { onRunChecks, onRun, onStopRun, onBuild };
  });
  const buildableKey = useRef<monaco.editor.IContextKey<boolean> | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const instance = monaco.editor.create(host.current, {
      model: null,
      automaticLayout: true,
      fontSize: 14,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      tabSize: 4,
      insertSpaces: true,
      renderWhitespace: 'selection',
      'semanticHighlighting.enabled': false,
    });
    instance.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => {
      store.save().catch((err: unknown) => notifyError('Could not save', err));
    });
    // An action rather than a bare command: it also appears in Monaco's command palette (F1). It replaces
    // Monaco's own Ctrl+Enter ("insert line below") inside the editor, as the shortcut hint promises.
    buildableKey.current = instance.createContextKey(BUILDABLE_KEY, false);
    const actions = [
      instance.addAction({
        id: 'pyforge.runChecks',
        label: 'Run the checks',
        keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
        run: () => callbacks.current.onRunChecks?.(),
      }),
      instance.addAction({
        id: 'pyforge.runFile',
        label: 'Run this Python file',
        keybindings: [monaco.KeyCode.F5],
        run: () => callbacks.current.onRun?.(),
      }),
      instance.addAction({
        id: 'pyforge.stopRun',
        label: 'Stop the running program',
        keybindings: [monaco.KeyMod.Shift | monaco.KeyCode.F5],
        run: () => callbacks.current.onStopRun?.(),
      }),
      instance.addAction({
        id: 'pyforge.build',
        label: "Build the exercise's native code",
        keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyB],
        precondition: BUILDABLE_KEY,
        run: () => callbacks.current.onBuild?.(),
      }),
    ];
    editor.current = instance;
    return () => {
      for (const action of actions) action.dispose();
      instance.dispose();
      editor.current = null;
      buildableKey.current = null;
    };
  }, [store]);

  useEffect(() => {
    buildableKey.current?.set(buildable);
  }, [buildable, store]);

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme]);

  // Swap the model when the active tab changes, keeping each file's scroll and cursor; then carry out a
  // pending "go to line" (a click on a failing check) for the file now shown.
  useEffect(() => {
    const instance = editor.current;
    if (!instance) return;
    if (shown.current !== active || instance.getModel() !== store.activeModel) {
      if (shown.current && shown.current !== active) store.rememberViewState(shown.current, instance.saveViewState());
      instance.setModel(store.activeModel);
      shown.current = active;
      if (active) {
        const state = store.viewState(active);
        if (state) instance.restoreViewState(state);
        instance.focus();
      }
    }
    const reveal = active ? store.takeReveal(active) : null;
    if (reveal) {
      // A line without a column: the cursor goes to its code, not to its indentation.
      const column = reveal.column ?? (instance.getModel()?.getLineFirstNonWhitespaceColumn(reveal.line) || 1);
      instance.setPosition({ lineNumber: reveal.line, column });
      instance.revealLineInCenterIfOutsideViewport(reveal.line);
      instance.focus();
    }
  }, [active, tabs, revealSeq, store]);

  const close = (path: string): void => {
    if (store.isDirty(path) && !window.confirm(`${baseName(path)} has unsaved changes. Close it and lose them?`)) return;
    store.close(path);
  };

  return (
    <div className="editor-area">
      <div className="tabs" role="tablist" aria-label="Open files">
        {tabs.map((tab) => (
          <div
            key={tab.path}
            role="tab"
            aria-selected={tab.path === active}
            className={`tab${tab.path === active ? ' active' : ''}${tab.dirty ? ' dirty' : ''}`}
            title={tab.path}
            data-path={tab.path}
            onClick={() => store.activate(tab.path)}
            onAuxClick={(e) => e.button === 1 && close(tab.path)}
          >
            <span className="tab-name">{baseName(tab.path)}</span>
            <span className="tab-dirty" aria-label={tab.dirty ? 'unsaved changes' : undefined}>
              {tab.dirty ? '●' : ''}
            </span>
            <button
              className="tab-close"
              aria-label={`Close ${baseName(tab.path)}`}
              onClick={(e) => {
                e.stopPropagation();
                close(tab.path);
              }}
            >
              ×
            </button>
          </div>
        ))}
      </div>
      <div className="editor-host" ref={host} data-testid="editor" />
      {tabs.length === 0 && (
        <div className="editor-empty">
          <p>Open an exercise from the lesson pane, or a file from the workspace.</p>
          <p className="muted">Ctrl/Cmd+S saves · Ctrl/Cmd+Enter runs the checks · F5 runs a Python file</p>
        </div>
      )}
    </div>
  );
}
