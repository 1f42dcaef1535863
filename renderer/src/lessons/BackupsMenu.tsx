/**
 * The exercise's backups (made by every reset and restore), newest first, each with Restore behind a
 * confirmation. Restoring keeps the files it replaces as another backup, so nothing is ever lost.
 */
import { useEffect, useRef, useState } from 'react';
import type { BackupInfo } from '../../../electron/core/api';
import { useApi } from '../api/ApiContext';
import { notify, notifyError } from '../workbench/notifications';
import { backupDate, backupLabel, backupSize } from './backupText';
import { ConfirmDialog } from './Modal';

interface Props {
  lessonId: string;
  exerciseId: string;
  /** Changes after a reset, so an open menu lists the backup it just made. */
  revision: number;
  /** Saves the open files first, so the backup the restore makes holds what the student sees. */
  onBeforeRestore: () => Promise<void>;
  onRestored: () => void;
}

export function BackupsMenu({ lessonId, exerciseId, revision, onBeforeRestore, onRestored }: Props) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [confirming, setConfirming] = useState<BackupInfo | null>(null);
  const root = useRef<HTMLDivElement>(null);

  // Listed afresh each time the menu opens: a reset in another window adds backups too.
  useEffect(() => {
    if (!open) return;
    let live = true;
    api.call('exercises.backups', { lessonId, exerciseId }).then(
      (r) => live && setBackups(r.backups),
      (err: unknown) => {
        if (live) setBackups([]);
        notifyError('Could not list the backups', err);
      },
    );
    return () => {
      live = false;
    };
  }, [api, open, lessonId, exerciseId, revision]);

  // A menu closes on a click elsewhere or Escape (but not while its confirmation is up).
  useEffect(() => {
    if (!open || confirming) return;
    const onDown = (e: MouseEvent): void => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open, confirming]);

  const restore = async (backup: BackupInfo): Promise<void> => {
    setConfirming(null);
    setOpen(false);
    try {
      await onBeforeRestore();
      const { replaced } = await api.call('exercises.restore', { lessonId, exerciseId, backupId: backup.id });
      notify('info', `Restored your files from ${backupDate(backup)}${replaced ? '; the files they replaced are a new backup' : ''}`);
      onRestored();
    } catch (err) {
      notifyError('Could not restore the backup', err);
    }
  };

  return (
    <div className="backups-menu" ref={root}>
      <button
        className="secondary-button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => {
          setBackups(null);
          setOpen((o) => !o);
        }}
        data-testid="backups-button"
      >
        Backups ▾
      </button>
      {open && (
        <div className="backups-popup" role="menu" aria-label="Backups" data-testid="backups-menu">
          {backups === null && <p className="muted">Loading…</p>}
          {backups?.length === 0 && <p className="muted">No backups yet. Resetting to the starter keeps your files here.</p>}
          {backups?.map((backup) => (
            <div key={backup.id} className="backup-item" role="menuitem" data-testid="backup-item">
              <div className="backup-text">
                <div className="backup-date">{backupDate(backup)}</div>
                <div className="muted">{[backupSize(backup), backupLabel(backup, backups)].filter(Boolean).join(' · ')}</div>
              </div>
              <button className="secondary-button" onClick={() => setConfirming(backup)} data-testid="restore-button">
                Restore
              </button>
            </div>
          ))}
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title="Restore this backup?"
          confirmLabel="Restore"
          confirmTestId="restore-confirm"
          danger
          onConfirm={() => void restore(confirming)}
          onCancel={() => setConfirming(null)}
        >
          <p>
            Your exercise files will be replaced by the backup from <strong>{backupDate(confirming)}</strong> ({backupSize(confirming)}).
          </p>
          <p>Your current files are kept as a new backup, so you can switch back. Unsaved changes in the editor are not part of it and are lost: save first.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
