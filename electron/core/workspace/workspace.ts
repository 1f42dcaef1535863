/** A student's workspace folder: listing, reading and saving files, always confined to the folder. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Limits, type FileEntry, type WorkspaceInfo } from '../api.js';
import { ApiError, ioError } from '../errors.js';
import { isTempFileName, removeStrayTempFiles, writeFileAtomic } from './atomicWrite.js';
import { resolveInside } from './confine.js';

/** Folders that are build output or tool caches: never shown, never walked. */
const HIDDEN_DIRS = new Set(['.git', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', 'node_modules', 'target', '.venv', 'build']);

export class Workspace {
  private constructor(
    readonly root: string,
    readonly label: string,
  ) {}

  /** Opens (creating if needed) a workspace and removes temp files an earlier crash left behind. */
  static async open(root: string, label: string): Promise<Workspace> {
    await fs.mkdir(root, { recursive: true });
    await removeStrayTempFiles(root, (name) => HIDDEN_DIRS.has(name));
    return new Workspace(await fs.realpath(root), label);
  }

  get info(): WorkspaceInfo {
    return { root: this.root, label: this.label };
  }

  async list(): Promise<{ entries: FileEntry[]; truncated: boolean }> {
    const entries: FileEntry[] = [];
    let truncated = false;
    const walk = async (dir: string, prefix: string): Promise<void> => {
      const children = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      children.sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name));
      for (const child of children) {
        if (entries.length >= Limits.MAX_TREE_ENTRIES) {
          truncated = true;
          return;
        }
        const rel = prefix ? `${prefix}/${child.name}` : child.name;
        if (child.isDirectory()) {
          if (HIDDEN_DIRS.has(child.name)) continue;
          entries.push({ path: rel, kind: 'dir' });
          await walk(path.join(dir, child.name), rel);
        } else if (child.isFile() && !isTempFileName(child.name)) {
          const size = await fs.stat(path.join(dir, child.name)).then((s) => s.size, () => 0);
          entries.push({ path: rel, kind: 'file', size });
        }
      }
    };
    await walk(this.root, '');
    return { entries, truncated };
  }

  /** The absolute path of `rel`, confined to the workspace (lexically and through symbolic links). */
  resolve(rel: string): Promise<string> {
    return resolveInside(this.root, rel);
  }

  async read(rel: string): Promise<string> {
    const file = await resolveInside(this.root, rel);
    try {
      const stat = await fs.stat(file);
      if (stat.isDirectory()) throw new ApiError('io', `"${rel}" is a folder, not a file`);
      if (stat.size > Limits.MAX_FILE_BYTES) {
        throw new ApiError('io', `"${rel}" is ${Math.round(stat.size / 1048576)} MB; the editor opens files up to ${Limits.MAX_FILE_BYTES / 1048576} MB`);
      }
      const bytes = await fs.readFile(file);
      if (bytes.includes(0)) throw new ApiError('io', `"${rel}" is a binary file and cannot be edited as text`);
      return bytes.toString('utf8');
    } catch (err) {
      throw ioError(err, `cannot open "${rel}"`);
    }
  }

  /** Saves atomically; creates missing parent folders (inside the workspace only). Returns the bytes written. */
  async write(rel: string, content: string): Promise<number> {
    const file = await resolveInside(this.root, rel);
    const data = Buffer.from(content, 'utf8');
    if (data.length > Limits.MAX_FILE_BYTES) {
      throw new ApiError('io', `cannot save "${rel}": ${Math.round(data.length / 1048576)} MB is more than the editor's ${Limits.MAX_FILE_BYTES / 1048576} MB limit`);
    }
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Re-check after mkdir: a folder created on the way must not be a link out of the workspace.
      await resolveInside(this.root, rel);
      // Saving through a link (checked above to stay inside) updates the file it points at, not the link.
      const target = await fs.realpath(file).catch(() => file);
      await writeFileAtomic(target, data);
    } catch (err) {
      throw ioError(err, `cannot save "${rel}"`);
    }
    return data.length;
  }
}
