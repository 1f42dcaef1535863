/**
 * The status bar's interpreter button: which Python this workspace uses, and a menu to pick another one found
 * on the machine (or go back to the default). The choice applies to terminals and checks started afterwards.
 */
import { useCallback, useEffect, useState } from 'react';
import type { InterpreterChoice } from '../../../electron/core/api';
import { useApi } from '../api/ApiContext';
import { notify, notifyError } from './notifications';

export function InterpreterPicker({ workspaceRoot }: { workspaceRoot: string | null }) {
  const api = useApi();
  const [choice, setChoice] = useState<InterpreterChoice | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    let live = true;
    api.call('workspace.interpreter', {}).then(
      (c) => live && setChoice(c),
      () => live && setChoice(null),
    );
    return () => {
      live = false;
    };
  }, [api, workspaceRoot]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  const pick = useCallback(
    (executable: string | null) => {
      setOpen(false);
      api.call('workspace.setInterpreter', { executable }).then(
        (c) => {
          setChoice(c);
          const chosen = c.interpreters.find((i) => (executable === null ? i.isDefault : i.executable === executable));
          notify('info', `This workspace now uses Python ${chosen?.version ?? ''}: open a new terminal or check again to use it`);
        },
        (err: unknown) => notifyError('Could not change the interpreter', err),
      );
    },
    [api],
  );

  if (!choice || choice.interpreters.length === 0) return null;
  const current = choice.interpreters.find((i) => (choice.selected === null ? i.isDefault : i.executable === choice.selected));
  return (
    <span className="interpreter-picker">
      <button className="status-button" onClick={() => setOpen((o) => !o)} data-testid="interpreter-button" title={current?.executable}>
        {/* The environment status beside it names the Python; this says whose choice it is. */}
        {choice.selected === null ? 'Interpreter: default' : `Interpreter: ${current?.version ?? '?'} for this workspace`} ▾
      </button>
      {open && (
        <ul className="status-menu" role="menu" aria-label="Interpreter for this workspace">
          {choice.interpreters.map((i) => (
            <li key={i.executable}>
              <button
                role="menuitemradio"
                aria-checked={current?.executable === i.executable}
                onClick={() => pick(i.isDefault ? null : i.executable)}
                title={i.reason}
              >
                <span className="check">{current?.executable === i.executable ? '●' : ''}</span>
                Python {i.version} <span className="muted">({i.source}{i.isDefault ? ', default' : ''}{i.status === 'limited' ? ', no C headers' : ''})</span>
                <code>{i.executable}</code>
              </button>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
