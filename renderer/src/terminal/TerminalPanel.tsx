/**
 * The bottom panel's terminal tabs: create, switch, close (closing kills the shell and its whole tree). Text
 * sent with `sendToTerminal` (a lesson's Run button) goes to the active terminal.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../api/ApiContext';
import { notifyError } from '../workbench/notifications';
import { TerminalView, type TerminalHandle } from './TerminalView';
import { useTerminalRequests, type RequestTarget } from './useTerminalRequests';

interface TerminalTab {
  id: string;
  /** The workspace folder it started in. */
  title: string;
  /** What the running program calls itself (OSC title), shown beside the folder. */
  programTitle: string;
  exited: boolean;
  /** The shell's executable: a snippet is run in that shell's syntax. */
  shell: string;
}

interface Props {
  theme: 'light' | 'dark';
  /** Changes when the workspace changes; new terminals start in the current workspace. */
  workspaceRoot: string | null;
  /** Changes when the workspace's folder was replaced (reset, restore): its terminals ended, a new one opens. */
  generation?: number;
}

// A first guess at the size; the fit addon corrects it as soon as the terminal is laid out.
const INITIAL_SIZE = { cols: 100, rows: 24 };

export function TerminalPanel({ theme, workspaceRoot, generation = 0 }: Props) {
  const api = useApi();
  const [tabs, setTabs] = useState<TerminalTab[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const lastRoot = useRef<string | null>(null);
  const lastGeneration = useRef(generation);
  const handles = useRef(new Map<string, TerminalHandle>());

  const create = useCallback(async (): Promise<RequestTarget | null> => {
    try {
      const { id, cwd, shell } = await api.call('terminal.create', INITIAL_SIZE);
      const title = cwd.split(/[\\/]/).filter(Boolean).pop() ?? 'terminal';
      setTabs((t) => [...t, { id, title, programTitle: '', exited: false, shell }]);
      setActive(id);
      return { id, shell };
    } catch (err) {
      notifyError('Could not open a terminal', err);
      return null;
    }
  }, [api]);

  useTerminalRequests({
    activeTerminal: () => {
      const tab = tabs.find((t) => t.id === active);
      return tab && !tab.exited ? { id: tab.id, shell: tab.shell } : null;
    },
    createTerminal: create,
    handles,
  });

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
    if (workspaceRoot && (workspaceRoot !== lastRoot.current || generation !== lastGeneration.current)) {
      lastRoot.current = workspaceRoot;
      lastGeneration.current = generation;
      void create();
    }
  }, [workspaceRoot, generation, create]);

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
            ref={(handle) => {
              if (handle) handles.current.set(tab.id, handle);
              else handles.current.delete(tab.id);
            }}
            onExit={() => setTabs((t) => t.map((x) => (x.id === tab.id ? { ...x, exited: true } : x)))}
            onTitle={(programTitle) => setTabs((t) => t.map((x) => (x.id === tab.id ? { ...x, programTitle } : x)))}
          />
        ))}
        {tabs.length === 0 && <div className="panel-empty muted">No terminal open. Press + to start one.</div>}
      </div>
    </div>
  );
}
