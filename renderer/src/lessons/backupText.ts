/** How a backup of an exercise's files is described in the Backups menu. Pure, so unit-tested. */
import type { BackupInfo } from '../../../electron/core/api';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "2 files · 1.4 KB" */
export function backupSize(backup: Pick<BackupInfo, 'fileCount' | 'totalBytes'>): string {
  return `${backup.fileCount} file${backup.fileCount === 1 ? '' : 's'} · ${formatBytes(backup.totalBytes)}`;
}

/** The backup's date in the student's locale; the id when the stored date cannot be read. */
export function backupDate(backup: Pick<BackupInfo, 'createdAt' | 'id'>, locale?: string): string {
  const date = new Date(backup.createdAt);
  if (Number.isNaN(date.getTime())) return backup.id;
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** The service's backup ids start with their UTC time: 20260302T101500123Z-a1b2c3. */
const ID_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/;

/**
 * Why a backup was made, for people: the service labels a restore's backup "before restoring <id>"; the id
 * becomes the date of the backup it names (from the list, else read from the id itself).
 */
export function backupLabel(backup: Pick<BackupInfo, 'label'>, all: readonly Pick<BackupInfo, 'id' | 'createdAt'>[], locale?: string): string {
  const label = backup.label ?? '';
  const restoring = /^before restoring (\S+)$/.exec(label);
  if (!restoring) return label;
  const id = restoring[1]!;
  const named = all.find((b) => b.id === id);
  if (named) return `before restoring the backup of ${backupDate(named, locale)}`;
  const t = ID_TIME.exec(id);
  if (!t) return label;
  const createdAt = `${t[1]}-${t[2]}-${t[3]}T${t[4]}:${t[5]}:${t[6]}.${t[7]}Z`;
  return `before restoring the backup of ${backupDate({ id, createdAt }, locale)}`;
}
