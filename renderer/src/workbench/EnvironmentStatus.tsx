/**
 * The course environment in the status bar: which Python processes get, and on first run a progress bar for
 * its installation with a Cancel button (and Retry after a failure or a cancel).
 */
import { useEffect, useState } from 'react';
import type { ToolchainState } from '../../../electron/core/api';
import { useApi } from '../api/ApiContext';
import { notifyError } from './notifications';

function describe(state: ToolchainState): string {
  switch (state.state) {
    case 'discovering':
      return 'Looking for Python…';
    case 'missing':
      return `Python ${state.base}: course environment not installed`;
    case 'provisioning':
      return state.progress.phase === 'compiler' ? `Zig compiler: ${state.progress.message}` : `Installing the course environment: ${state.progress.message}`;
    case 'ready':
      return state.task ? `Python ${state.python.version} · ${state.task}` : `Python ${state.python.version}`;
    case 'failed':
      return 'Course environment unavailable';
  }
}

export function EnvironmentStatus() {
  const api = useApi();
  const [state, setState] = useState<ToolchainState | null>(null);

  useEffect(() => {
    let live = true;
    const off = api.on('toolchain.state', (s) => live && setState(s));
    api.call('toolchain.status', {}).then(
      (s) => live && setState((current) => current ?? s),
      () => undefined,
    );
    return () => {
      live = false;
      off();
    };
  }, [api]);

  if (!state) return <span data-testid="python-status" />;
  const title = state.state === 'failed' || state.state === 'missing' ? state.message : state.state === 'ready' ? state.python.envDir ?? state.python.executable : undefined;
  const act = (method: 'toolchain.provision' | 'toolchain.cancel'): void => {
    api.call(method, {}).catch((err: unknown) => notifyError('Course environment', err));
  };
  return (
    <span className={`environment-status state-${state.state}`} title={title} data-state={state.state}>
      <span data-testid="python-status">{describe(state)}</span>
      {state.state === 'provisioning' && (
        <>
          <progress
            max={1}
            value={state.progress.fraction ?? undefined}
            aria-label="Installing the course environment"
            data-testid="provision-progress"
          />
          <button className="status-button" onClick={() => act('toolchain.cancel')}>
            Cancel
          </button>
        </>
      )}
      {(state.state === 'failed' || state.state === 'missing') && (
        <button className="status-button" onClick={() => act('toolchain.provision')}>
          {state.state === 'failed' ? 'Retry' : 'Install'}
        </button>
      )}
    </span>
  );
}
