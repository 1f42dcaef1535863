/** The client's current workspace and its file list; re-listed on demand (after a save, an open, a refresh). */
import { useCallback, useEffect, useState } from 'react';
import type { Result } from '../../../electron/core/api';
import { useApi } from '../api/ApiContext';
import { notifyError } from './notifications';

export type WorkspaceListing = Result<'workspace.list'>;

export function useWorkspace(): { listing: WorkspaceListing | null; refresh: () => Promise<void> } {
  const api = useApi();
  const [listing, setListing] = useState<WorkspaceListing | null>(null);
  const refresh = useCallback(async () => {
    try {
      setListing(await api.call('workspace.list', {}));
    } catch (err) {
      notifyError('Could not list the workspace', err);
    }
  }, [api]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { listing, refresh };
}
