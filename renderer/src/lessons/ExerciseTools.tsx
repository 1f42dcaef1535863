/**
 * The exercise card's measuring buttons (Profile, Benchmark, Leak meter, Timeline), by the exercise's view and
 * by the bench_*.py / meter_*.py / timeline_*.py files in the workspace. Each first saves the open files and
 * builds the exercise's native code if it has any (a measurement should be of the code on screen, as Check
 * is), then opens its view; with several candidate files it asks which.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../api/ApiContext';
import { openView, type ViewKind } from '../views/viewRequests';
import { notify, notifyError } from '../workbench/notifications';
import { profileTarget, singleOrChoice, toolButtons, toolFiles, type ToolFiles } from './exerciseTools';

const EMPTY: ToolFiles = { bench: [], meter: [], timeline: [], python: [] };
/** The host has no file-change event: the list is refreshed when the pointer enters the card, at most this often. */
const RELIST_MS = 2000;

const MISSING: Record<ViewKind, string> = {
  profile: 'There is no Python file to profile in this workspace yet.',
  bench: 'No bench_*.py in this workspace yet: write one with IMPLEMENTATIONS, SIZES and make_input(n).',
  meter: 'No meter_*.py in this workspace yet: write one with call(argument).',
  timeline: 'No timeline_*.py in this workspace yet: write one with TASKS, or record with span() and mark().',
};

interface Props {
  view?: string;
  profileEntry?: string;
  /** The file open in the editor, which Profile runs when the exercise names no script. */
  activePath?: string | null;
  /** Saves the open files and builds the exercise's native code, if any; rejects when that failed. */
  onPrepare: () => Promise<void>;
  /** Changes when the student comes back to the card: the workspace is listed again. */
  refreshKey: number;
}

export function ExerciseTools({ view, profileEntry, activePath, onPrepare, refreshKey }: Props) {
  const api = useApi();
  const [files, setFiles] = useState<ToolFiles>(EMPTY);
  const [choice, setChoice] = useState<{ kind: ViewKind; paths: string[] } | null>(null);
  const listedAt = useRef(0);
  const root = useRef<HTMLDivElement>(null);

  const relist = useCallback(async (): Promise<ToolFiles> => {
    listedAt.current = Date.now();
    try {
      const next = toolFiles((await api.call('workspace.list', {})).entries);
      setFiles(next);
      return next;
    } catch {
      return EMPTY;
    }
  }, [api]);

  // Listed when the card appears and again when the pointer comes back to it (at most every RELIST_MS): a
  // bench_*.py written meanwhile then has its button by the time the student reaches for it.
  useEffect(() => {
    if (Date.now() - listedAt.current >= RELIST_MS) void relist();
  }, [relist, refreshKey]);

  // The picker closes on a click elsewhere or Escape, as the backups menu does.
  useEffect(() => {
    if (!choice) return;
    const onDown = (e: MouseEvent): void => {
      if (root.current && !root.current.contains(e.target as Node)) setChoice(null);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setChoice(null);
    };
    document.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [choice]);

  const launch = async (kind: ViewKind, path: string): Promise<void> => {
    setChoice(null);
    try {
      await onPrepare();
    } catch (err) {
      notifyError('Not measured', err);
      return;
    }
    openView(kind, path);
  };

  const start = async (kind: ViewKind): Promise<void> => {
    const current = await relist();
    const target = kind === 'profile' ? profileTarget(profileEntry, activePath, current) : singleOrChoice(current[kind]);
    if (typeof target === 'string') return launch(kind, target);
    if (target.length === 0) notify('info', MISSING[kind]);
    else setChoice({ kind, paths: target });
  };

  const buttons = toolButtons(view, profileEntry, files);
  if (!buttons.profile && !buttons.bench && !buttons.meter && !buttons.timeline) return null;

  return (
    <div className="exercise-tools" ref={root}>
      {buttons.profile && (
        <button className="secondary-button" onClick={() => void start('profile')} data-testid="profile-button" title={`Profile ${profileEntry ?? 'a Python file'} with cProfile: a flame graph and a table of functions`}>
          Profile
        </button>
      )}
      {buttons.bench && (
        <button className="secondary-button" onClick={() => void start('bench')} data-testid="bench-button" title="Time the implementations of a bench_*.py at each size">
          Benchmark
        </button>
      )}
      {buttons.meter && (
        <button className="secondary-button" onClick={() => void start('meter')} data-testid="meter-button" title="Call a meter_*.py's call(argument) many times and chart its refcounts and memory">
          Leak meter
        </button>
      )}
      {buttons.timeline && (
        <button className="secondary-button" onClick={() => void start('timeline')} data-testid="timeline-button" title="Run a timeline_*.py and see which calls ran at the same time, thread by thread, beside a Python heartbeat">
          Timeline
        </button>
      )}
      {choice && (
        <div className="backups-popup tool-picker" role="menu" aria-label="Which file?" data-testid="tool-picker">
          <p className="muted">Which file?</p>
          {choice.paths.map((path) => (
            <button key={path} role="menuitem" className="tool-picker-item" onClick={() => void launch(choice.kind, path)}>
              {path}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
