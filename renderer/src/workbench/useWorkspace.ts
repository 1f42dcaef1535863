/** The client's current workspace and its file list; re-listed on demand (after a save, an open, a refresh). */
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient, Result } from '../../../electron/core/api';
import { useApi } from '../api/ApiContext';
import { notifyError } from './notifications';

export type WorkspaceListing = Result<'workspace.list'>;

function list(api: ApiClient): Promise<WorkspaceListing | null> {
  return api.call('workspace.list', {}).catch((err: unknown) => {
    notifyError('Could not list the workspace', err);
    return null;
  });
}

export function useWorkspace(): { listing: WorkspaceListing | null; refresh: () => Promise<void> } {
  const api = useApi();
  const [listing, setListing] = useState<WorkspaceListing | null>(null);
  const refresh = useCallback(async () => {
    const next = await list(api);
    if (next) setListing(next);
  }, [api]);
  useEffect(() => {
    let live = true;
    void list(api).then((next) => live && next && setListing(next));
    return () => {
      live = false;
    };
  }, [api]);
  return { listing, refresh };
}
