/** The bottom panel's terminal tabs: create, switch, close (closing kills the shell and its whole tree). */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../api/ApiContext';
import { notifyError } from '../workbench/notifications';
import { TerminalView } from './TerminalView';

interface TerminalTab {
  id: string;
  /** The workspace folder it started in. */
  title: string;
  /** What the running program calls itself (OSC title), shown beside the folder. */
  programTitle: string;
  exited: boolean;
}

interface Props {
  theme: 'light' | 'dark';
  /** Changes when the workspace changes; new terminals start in the current workspace. */
  workspaceRoot: string | null;
}

// A first guess at the size; the fit addon corrects it as soon as the terminal is laid out.
const INITIAL_SIZE = { cols: 100, rows: 24 };

export function TerminalPanel({ theme, workspaceRoot }: Props) {
  const api = useApi();
  const [tabs, setTabs] = useState<TerminalTab[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const lastRoot = useRef<string | null>(null);

  const create = useCallback(async () => {
    try {
      const { id, cwd } = await api.call('terminal.create', INITIAL_SIZE);
      const title = cwd.split(/[\\/]/).filter(Boolean).pop() ?? 'terminal';
      setTabs((t) => [...t, { id, title, programTitle: '', exited: false }]);
      setActive(id);
    } catch (err) {
      notifyError('Could not open a terminal', err);
    }
  }, [api]);

  const close = useCallback(
    (id: string) => {
      setTabs((t) => {
        const rest = t.filter((tab) => tab.id !== id);
        setActive((current) => (current === id ? (rest[rest.length - 1]?.id ?? null) : current));
        return rest;
      });
      api.call('terminal.kill', { id }).catch(() => undefined); // already exited is fine
    },
    [api],
  );

  // A terminal in each workspace the student opens (earlier ones stay, so nothing running is killed).
  useEffect(() => {
    if (workspaceRoot && workspaceRoot !== lastRoot.current) {
      lastRoot.current = workspaceRoot;
      void create();
    }
  }, [workspaceRoot, create]);

  return (
    <div className="terminal-panel">
      <div className="tabs panel-tabs" role="tablist" aria-label="Terminals">
        {tabs.map((tab) => (
          <div
            key={tab.id}
            role="tab"
            aria-selected={tab.id === active}
            className={`tab${tab.id === active ? ' active' : ''}${tab.exited ? ' exited' : ''}`}
            onClick={() => setActive(tab.id)}
          >
            <span className="tab-name" title={tab.programTitle || tab.title}>
              {tab.title}
              {tab.programTitle && <span className="muted"> · {tab.programTitle}</span>}
            </span>
            <button
              className="tab-close"
              aria-label={`Close ${tab.title}`}
              onClick={(e) => {
                e.stopPropagation();
                close(tab.id);
              }}
            >
              ×
            </button>
          </div>
        ))}
        <button className="icon-button" onClick={() => void create()} title="New terminal" aria-label="New terminal">
          +
        </button>
      </div>
      <div className="terminal-stack">
        {tabs.map((tab) => (
          <TerminalView
            key={tab.id}
            api={api}
            terminalId={tab.id}
            visible={tab.id === active}
            theme={theme}
            onExit={() => setTabs((t) => t.map((x) => (x.id === tab.id ? { ...x, exited: true } : x)))}
            onTitle={(programTitle) => setTabs((t) => t.map((x) => (x.id === tab.id ? { ...x, programTitle } : x)))}
          />
        ))}
        {tabs.length === 0 && <div className="panel-empty muted">No terminal open. Press + to start one.</div>}
      </div>
    </div>
  );
}
