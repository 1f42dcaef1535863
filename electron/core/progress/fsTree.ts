/**
 * Folder helpers for progress and backups: plain names, sizes, durable copies and moves. "Durable" means
 * fsynced: a copy is flushed before it is renamed into place, so a power cut cannot leave a workspace of
 * empty files that looks complete.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fsyncDirectory } from '../workspace/atomicWrite.js';

/** A single folder name: no separators, no `.` or `..`, nothing a path could be smuggled through. */
export function isPlainName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    name !== '.' &&
    name !== '..' &&
    !/[/\\:\0]/.test(name)
  );
}

export async function isDirectory(p: string): Promise<boolean> {
  // lstat: a symbolic link to a folder is not one of our folders (it could point anywhere).
  return fs.lstat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** Flushes a folder's entries (a rename into or out of it) to disk. */
export const fsyncDir = fsyncDirectory;

/** Regular files under `dir` (symbolic links not followed) and their total size in bytes. */
export async function treeStats(dir: string): Promise<{ fileCount: number; totalBytes: number }> {
  let fileCount = 0;
  let totalBytes = 0;
  const walk = async (current: string): Promise<void> => {
    for (const entry of await fs.readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        fileCount += 1;
        totalBytes += (await fs.lstat(full)).size;
      }
    }
  };
  await walk(dir);
  return { fileCount, totalBytes };
}

/** fsyncs every file and folder under `dir`, so what was copied there survives a power cut. */
export async function syncTree(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await syncTree(full);
    else if (entry.isFile()) {
      const handle = await fs.open(full, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  }
  await fsyncDir(dir);
}

/**
 * Copies a folder to a new path and flushes it. Symbolic links are copied as they are (`verbatimSymlinks`:
 * Node would otherwise rewrite a relative link into an absolute one pointing at the source).
 */
export async function copyTree(source: string, destination: string): Promise<void> {
  await fs.cp(source, destination, { recursive: true, errorOnExist: true, force: false, verbatimSymlinks: true });
  await syncTree(destination);
}

/**
 * Moves a folder: one rename when both paths are on the same filesystem (atomic), else copy to a temp name,
 * rename that into place, then remove the source, so a crash mid-way leaves the source whole.
 */
export async function moveTree(source: string, destination: string): Promise<void> {
  try {
    await fs.rename(source, destination);
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
  }
  const partial = `${destination}.partial`;
  await fs.rm(partial, { recursive: true, force: true });
  await copyTree(source, partial);
  await fs.rename(partial, destination);
  await fsyncDir(path.dirname(destination));
  await fs.rm(source, { recursive: true, force: true });
}
