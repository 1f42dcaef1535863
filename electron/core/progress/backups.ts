/**
 * Reset an exercise's workspace to its starter, and restore earlier states, without ever losing the student's
 * work. Each replaced workspace becomes a backup, `<backupsDir>/<id>/files` plus `<id>/backup.json`, where
 * `backupsDir` is the exercise's `<dataDir>/backups/<courseId>/<lessonId>/<exerciseId>` (`paths.ts`).
 *
 * A replacement runs in three steps, each safe to crash after:
 * 1. `stageCopy`: copy the new content (starter or backup) to a temp folder beside the workspace, flushed.
 *    A crash leaves the workspace untouched and a stray stage folder, removed by the next reset or restore.
 * 2. `moveToBackup`: write the manifest, then rename the workspace into the backup (one atomic rename).
 *    A crash leaves the backup complete and no workspace; opening the exercise recreates it from the starter,
 *    and the backup is listed for restoring.
 * 3. `installStaged`: rename the staged folder into the workspace's place.
 * So the workspace is missing only between two renames, and the old files are always somewhere listed.
 * The three steps are exported for tests (a crash simulated between them); they are not serialised, so the
 * app calls only `resetWorkspace`, `restoreBackup` and `listBackups`.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ApiError, ioError } from '../errors.js';
import { writeFileAtomic } from '../workspace/atomicWrite.js';
import { copyTree, fsyncDir, isDirectory, isPlainName, moveTree, treeStats } from './fsTree.js';
import { runSerially } from './serialQueue.js';

/** Backups kept per exercise; the oldest go first. Twenty resets cover any real session, and stay small. */
export const MAX_BACKUPS_PER_EXERCISE = 20;

const MANIFEST = 'backup.json';
const FILES = 'files';
/** Stage folders sit beside the workspace as `<workspace><STAGE_MARKER><random>`. */
const STAGE_MARKER = '.pyforge-stage-';
/** A pruned backup is renamed to this prefix first, so a crash mid-delete never leaves a half backup listed. */
const TRASH_PREFIX = '.trash-';
/** Our ids (`20260302T101500123Z-a1b2c3`) and anything else a plain folder name of ours could be. */
const BACKUP_ID = /^[0-9A-Za-z][0-9A-Za-z._-]{0,127}$/;

export interface BackupInfo {
  /** The backup's folder name, the handle for `restoreBackup`. */
  id: string;
  createdAt: string;
  /** The workspace folder the files came from ('' when the manifest was lost). */
  originalPath: string;
  fileCount: number;
  totalBytes: number;
  /** Why it was made: "before reset", "before restoring <id>", or the caller's label. */
  label?: string;
}

const manifestSchema = z.object({
  createdAt: z.string(),
  originalPath: z.string(),
  fileCount: z.number().int().min(0),
  totalBytes: z.number().int().min(0),
  label: z.string().optional(),
});

export function isValidBackupId(id: string): boolean {
  return typeof id === 'string' && BACKUP_ID.test(id) && !id.includes('..') && isPlainName(id);
}

let lastStampMs = 0;

/** Ids sort by time, and strictly increase within a process, so "newest first" holds even within one ms. */
function newBackupId(): { id: string; createdAt: string } {
  lastStampMs = Math.max(Date.now(), lastStampMs + 1);
  const createdAt = new Date(lastStampMs).toISOString();
  return { id: `${createdAt.replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`, createdAt };
}

/** The time a manifest-less backup was made, read back from its id (`20260302T101500123Z-...`). */
function timeFromId(id: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z` : null;
}

/** One backup, or null when `id` is no complete backup (no `files` folder: a crash before its move). */
async function readBackup(backupsDir: string, id: string): Promise<BackupInfo | null> {
  const dir = path.join(backupsDir, id);
  if (!(await isDirectory(path.join(dir, FILES)))) return null;
  const manifest = await fs
    .readFile(path.join(dir, MANIFEST), 'utf8')
    .then((text) => manifestSchema.safeParse(JSON.parse(text)))
    .catch(() => null);
  if (manifest?.success) return { id, ...manifest.data };
  // The files are what matters: list them even without their manifest.
  const stats = await treeStats(path.join(dir, FILES));
  const createdAt = timeFromId(id) ?? (await fs.stat(dir)).mtime.toISOString();
  return { id, createdAt, originalPath: '', ...stats, label: 'recovered (backup.json missing or damaged)' };
}

function newestFirst(a: BackupInfo, b: BackupInfo): number {
  return b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
}

/** The exercise's backups, newest first. */
export async function listBackups(backupsDir: string): Promise<BackupInfo[]> {
  const entries = await fs.readdir(backupsDir, { withFileTypes: true }).catch(() => []);
  const found = await Promise.all(
    entries.filter((e) => e.isDirectory() && isValidBackupId(e.name)).map((e) => readBackup(backupsDir, e.name)),
  );
  return found.filter((b): b is BackupInfo => b !== null).sort(newestFirst);
}

/** Step 1: copies `sourceDir` into a new stage folder beside `workspaceDir`; returns its path. */
export async function stageCopy(sourceDir: string, workspaceDir: string): Promise<string> {
  await fs.mkdir(path.dirname(workspaceDir), { recursive: true });
  const staged = `${workspaceDir}${STAGE_MARKER}${randomBytes(6).toString('hex')}`;
  try {
    await copyTree(sourceDir, staged);
  } catch (err) {
    await fs.rm(staged, { recursive: true, force: true });
    throw err;
  }
  return staged;
}

/** Step 2: turns the workspace into a new backup (manifest first, then one rename); null if there is none. */
export async function moveToBackup(workspaceDir: string, backupsDir: string, label?: string): Promise<BackupInfo | null> {
  if (!(await isDirectory(workspaceDir))) return null;
  const { id, createdAt } = newBackupId();
  const dir = path.join(backupsDir, id);
  await fs.mkdir(dir, { recursive: true });
  const info: BackupInfo = {
    id,
    createdAt,
    originalPath: workspaceDir,
    ...(await treeStats(workspaceDir)),
    ...(label ? { label } : {}),
  };
  const { id: _id, ...manifest } = info;
  // The manifest goes first: until the rename below, this backup has no files/ and is not listed.
  await writeFileAtomic(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  await moveTree(workspaceDir, path.join(dir, FILES));
  await fsyncDir(dir);
  await fsyncDir(path.dirname(workspaceDir));
  return info;
}

/** Step 3: renames the stage folder into the workspace's place. */
export async function installStaged(staged: string, workspaceDir: string): Promise<void> {
  await fs.rename(staged, workspaceDir);
  await fsyncDir(path.dirname(workspaceDir));
}

/** Removes stage folders a crash left beside the workspace (they hold only copies). */
async function removeStaleStages(workspaceDir: string): Promise<void> {
  const parent = path.dirname(workspaceDir);
  const prefix = `${path.basename(workspaceDir)}${STAGE_MARKER}`;
  const names = await fs.readdir(parent).catch(() => []);
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => fs.rm(path.join(parent, n), { recursive: true, force: true })));
}

/**
 * Keeps the newest `max` backups (plus the `protect`ed ones), and removes backup folders a crash left without
 * files and deletions a crash interrupted.
 */
async function pruneBackups(backupsDir: string, max: number, protect: ReadonlySet<string>): Promise<void> {
  const entries = await fs.readdir(backupsDir, { withFileTypes: true }).catch(() => []);
  const doomed: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    if (e.name.startsWith(TRASH_PREFIX)) doomed.push(e.name);
    else if (isValidBackupId(e.name) && !(await isDirectory(path.join(backupsDir, e.name, FILES)))) doomed.push(e.name);
  }
  const backups = await listBackups(backupsDir);
  let budget = max - backups.filter((b) => protect.has(b.id)).length;
  for (const backup of backups) {
    if (protect.has(backup.id)) continue;
    if (budget > 0) budget -= 1;
    else doomed.push(backup.id);
  }
  for (const name of doomed) {
    const trash = name.startsWith(TRASH_PREFIX) ? name : `${TRASH_PREFIX}${name}`;
    if (trash !== name) await fs.rename(path.join(backupsDir, name), path.join(backupsDir, trash));
    await fs.rm(path.join(backupsDir, trash), { recursive: true, force: true });
  }
}

/** Replaces the workspace with `sourceDir`'s content, backing up what was there (the three steps above). */
async function replaceWorkspace(
  sourceDir: string,
  workspaceDir: string,
  backupsDir: string,
  label: string,
  protect: ReadonlySet<string>,
): Promise<BackupInfo | null> {
  await removeStaleStages(workspaceDir);
  const staged = await stageCopy(sourceDir, workspaceDir);
  let backup: BackupInfo | null;
  try {
    backup = await moveToBackup(workspaceDir, backupsDir, label);
  } catch (err) {
    await fs.rm(staged, { recursive: true, force: true });
    throw err;
  }
  try {
    await installStaged(staged, workspaceDir);
  } catch (err) {
    // Something took the workspace's place in between (a save recreating the folder): put the old files back
    // if the place is free, else leave them in the backup, which is listed.
    await fs.rm(staged, { recursive: true, force: true });
    if (backup && !(await isDirectory(workspaceDir))) {
      await fs.rename(path.join(backupsDir, backup.id, FILES), workspaceDir).then(
        () => fs.rm(path.join(backupsDir, backup.id), { recursive: true, force: true }),
        () => undefined,
      );
    }
    throw err;
  }
  await pruneBackups(backupsDir, MAX_BACKUPS_PER_EXERCISE, protect);
  return backup;
}

export interface ResetOptions {
  workspaceDir: string;
  starterDir: string;
  backupsDir: string;
  /** Stored in the backup's manifest; "before reset" by default. */
  label?: string;
}

/**
 * Puts the starter back in the workspace. The replaced workspace becomes a backup, returned; null when there
 * was no workspace (then this only creates it).
 */
export async function resetWorkspace({ workspaceDir, starterDir, backupsDir, label }: ResetOptions): Promise<BackupInfo | null> {
  if (!(await isDirectory(starterDir))) {
    throw new ApiError('not_found', `the exercise has no starter/ folder (${starterDir}); nothing was changed`);
  }
  return runSerially(path.resolve(backupsDir), () =>
    replaceWorkspace(starterDir, workspaceDir, backupsDir, label ?? 'before reset', new Set()).catch((err: unknown) => {
      throw ioError(err, 'resetting the workspace');
    }),
  );
}

export interface RestoreOptions {
  workspaceDir: string;
  backupsDir: string;
  backupId: string;
}

/**
 * Copies a backup's files back into the workspace. The backup stays, and the replaced workspace becomes a
 * new backup first, so a restore can be undone.
 */
export async function restoreBackup({ workspaceDir, backupsDir, backupId }: RestoreOptions): Promise<{ restored: BackupInfo; replaced: BackupInfo | null }> {
  if (!isValidBackupId(backupId)) throw new ApiError('bad_request', `"${backupId}" is not a backup id`);
  return runSerially(path.resolve(backupsDir), async () => {
    const restored = await readBackup(backupsDir, backupId);
    if (!restored) throw new ApiError('not_found', `no backup "${backupId}" for this exercise`);
    const source = path.join(backupsDir, backupId, FILES);
    // The restored backup is protected from pruning: the student may want it again.
    const replaced = await replaceWorkspace(source, workspaceDir, backupsDir, `before restoring ${backupId}`, new Set([backupId])).catch(
      (err: unknown) => {
        throw ioError(err, 'restoring the backup');
      },
    );
    return { restored, replaced };
  });
}
