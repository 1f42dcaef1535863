/**
 * Path confinement: every path a client names is relative to a workspace root and must stay inside it, both
 * lexically (no `..` escape, no absolute path) and physically (no symlink that leads out).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../errors.js';

export function isWithin(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  // "..notes.txt" is a legitimate name inside; only ".." itself or a "../" prefix leaves the folder.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function refuse(rel: string, why: string): ApiError {
  return new ApiError('forbidden_path', `"${rel}" ${why}; only files inside the workspace can be opened or saved`);
}

/** The real path of `p`, or of its deepest existing ancestor when `p` does not exist yet. */
async function realpathOfExistingPart(p: string): Promise<string> {
  let current = p;
  for (;;) {
    try {
      return await fs.realpath(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const parent = path.dirname(current);
      if (parent === current) throw err;
      current = parent;
    }
  }
}

/**
 * Resolves `rel` against `root` and returns the absolute path, or throws `forbidden_path` when it would
 * leave the workspace. `root` must exist.
 */
export async function resolveInside(root: string, rel: string): Promise<string> {
  if (rel.includes('\0')) throw refuse(rel.replace(/\0/g, '\\0'), 'contains a NUL character');
  if (path.isAbsolute(rel) || path.win32.isAbsolute(rel)) throw refuse(rel, 'is an absolute path');
  const realRoot = await fs.realpath(root);
  const target = path.resolve(realRoot, rel);
  if (!isWithin(realRoot, target) || target === realRoot) throw refuse(rel, 'points outside the workspace');

  const stat = await fs.lstat(target).catch(() => null);
  if (stat?.isSymbolicLink()) {
    // A dangling link would let a later write create a file wherever it points.
    const real = await fs.realpath(target).catch(() => null);
    if (real === null || !isWithin(realRoot, real)) throw refuse(rel, 'is a symbolic link that leads outside');
  }
  const real = await realpathOfExistingPart(target);
  if (!isWithin(realRoot, real)) throw refuse(rel, 'goes through a symbolic link that leads outside');
  return target;
}
