/**
 * Folders a killed run left behind (a half-built environment, a half-installed uv). Each carries its owner's pid
 * in its name, so two PyForge processes never remove each other's work in progress: a folder is removed when its
 * owner is gone, or when it is this process's own and not in use any more.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, but someone else's
  }
}

/** Folders of this process that are being built now, which a sweep must not touch. */
const inUse = new Set<string>();

export function claim(dir: string): void {
  inUse.add(dir);
}

export function release(dir: string): void {
  inUse.delete(dir);
}

/**
 * Removes the entries of `dir` whose name `ownerOf` maps to a pid that no longer runs (or is this process, not
 * in use). Returns the removed paths.
 */
export async function removeLeftovers(dir: string, ownerOf: (name: string) => string | undefined): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const owner = ownerOf(name);
    if (owner === undefined) continue;
    const full = path.join(dir, name);
    const pid = Number(owner);
    const dead = pid === process.pid ? !inUse.has(full) : !isProcessAlive(pid);
    if (!dead) continue;
    await fs.rm(full, { recursive: true, force: true, maxRetries: 3 });
    removed.push(full);
  }
  return removed;
}
