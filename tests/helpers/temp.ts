/** Temp folders for tests: each test gets fresh ones, and they are removed after it. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

export async function makeTempDir(prefix = 'pyforge-test-'): Promise<string> {
  // realpath: on macOS os.tmpdir() is itself a symlink, and confinement compares real paths.
  return fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Call at describe/file level; returns a function that makes a temp dir removed after the current test. */
export function useTempDirs(prefix?: string): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map(removeDir));
  });
  return async () => {
    const dir = await makeTempDir(prefix);
    dirs.push(dir);
    return dir;
  };
}

export async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}
