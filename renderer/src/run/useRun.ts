/** React glue for F5: one run store per workspace (a run in another workspace is stopped), and its snapshot. */
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { ApiClient } from '../../../electron/core/api';
import { RunStore, type RunSnapshot } from './runStore';

export function useRunStore(api: ApiClient, workspaceRoot: string | null): RunStore {
  // Keyed by the workspace: a file path means nothing in another one.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the workspace is the key, not an input
  const store = useMemo(() => new RunStore(api), [api, workspaceRoot]);
  useEffect(() => () => store.dispose(), [store]);
  return store;
}

export function useRunSnapshot(store: RunStore): RunSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
