import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isTempFileName,
  removeStrayTempFiles,
  TEMP_MARKER,
  writeFileAtomic,
  type AtomicWriteFs,
} from '../../electron/core/workspace/atomicWrite.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs('pyforge-atomic-');

const OLD = 'old content\n'.repeat(100);
const NEW = 'NEW CONTENT!\n'.repeat(1000);

/** Names in `dir` other than the ones given: any temp file the write left behind shows up here. */
async function otherNames(dir: string, ...expected: string[]): Promise<string[]> {
  return (await fs.readdir(dir)).filter((n) => !expected.includes(n));
}

/** Real fs/promises, but every open() hands out a handle whose writeFile writes half the bytes then "crashes". */
function crashingFs(opened: string[]): AtomicWriteFs {
  return {
    stat: fs.stat,
    rename: fs.rename,
    unlink: fs.unlink,
    open: (async (file: Parameters<typeof fs.open>[0], flags?: Parameters<typeof fs.open>[1], mode?: Parameters<typeof fs.open>[2]) => {
      const real = await fs.open(file, flags, mode);
      opened.push(String(file));
      const wrapper = {
        async writeFile(data: string | Uint8Array) {
          const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
          await real.write(bytes, 0, Math.floor(bytes.length / 2));
          throw Object.assign(new Error('simulated crash mid-write'), { code: 'EIO' });
        },
        chmod: (mode: number) => real.chmod(mode),
        sync: () => real.sync(),
        close: () => real.close(),
      };
      return wrapper as unknown as FileHandle;
    }) as typeof fs.open,
  };
}

describe('writeFileAtomic', () => {
  it('writes string content to a new file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'new.py');
    await writeFileAtomic(file, 'print("č ž 🐍")\n');
    expect(await fs.readFile(file, 'utf8')).toBe('print("č ž 🐍")\n');
    expect(await otherNames(dir, 'new.py')).toEqual([]);
  });

  it('replaces existing content with bytes', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'data.bin');
    await fs.writeFile(file, OLD);
    const bytes = new Uint8Array([0, 1, 2, 255, 254]);
    await writeFileAtomic(file, bytes);
    expect(new Uint8Array(await fs.readFile(file))).toEqual(bytes);
    expect(await otherNames(dir, 'data.bin')).toEqual([]);
  });

  it('keeps an executable file executable (mode 0o755)', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'run.sh');
    await fs.writeFile(file, '#!/bin/sh\necho old\n');
    await fs.chmod(file, 0o755);
    await writeFileAtomic(file, '#!/bin/sh\necho new\n');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o755);
    expect(await fs.readFile(file, 'utf8')).toBe('#!/bin/sh\necho new\n');
  });

  it('keeps a private file private (mode 0o600)', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'secret.env');
    await fs.writeFile(file, 'A=1\n');
    await fs.chmod(file, 0o600);
    await writeFileAtomic(file, 'A=2\n');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  // KNOWN BUG (see the test report): the temp file is created with open(temp, 'wx', mode), so the umask strips
  // bits: a group-writable 0o775 file comes back 0o755 after a save. Remove `.fails` once fixed.
  it('keeps the exact mode of a group-writable file under umask 022', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'shared.sh');
    await fs.writeFile(file, 'old');
    await fs.chmod(file, 0o775);
    const previous = process.umask(0o022);
    try {
      await writeFileAtomic(file, 'new');
    } finally {
      process.umask(previous);
    }
    expect((await fs.stat(file)).mode & 0o777).toBe(0o775);
  });

  it('leaves the old file intact and no temp file when the write crashes half way', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'main.py');
    await fs.writeFile(file, OLD);
    const opened: string[] = [];
    await expect(writeFileAtomic(file, NEW, crashingFs(opened))).rejects.toThrow('simulated crash mid-write');
    // The crash really happened in a temp file beside the target...
    expect(opened).toHaveLength(1);
    expect(path.dirname(opened[0]!)).toBe(dir);
    expect(path.basename(opened[0]!)).toContain(TEMP_MARKER);
    // ...the target is untouched and the half-written temp is gone.
    expect(await fs.readFile(file, 'utf8')).toBe(OLD);
    expect(await otherNames(dir, 'main.py')).toEqual([]);
  });

  it('leaves no file at all when a first save of a new file crashes', async () => {
    const dir = await tempDir();
    await expect(writeFileAtomic(path.join(dir, 'fresh.py'), NEW, crashingFs([]))).rejects.toThrow();
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('leaves the old file intact and no temp file when the rename fails', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'main.py');
    await fs.writeFile(file, OLD);
    const renames: string[] = [];
    const io: AtomicWriteFs = {
      open: fs.open,
      stat: fs.stat,
      unlink: fs.unlink,
      rename: (async (from: string) => {
        renames.push(from);
        // The temp file is complete at this point: the failure is the rename alone.
        expect(await fs.readFile(from, 'utf8')).toBe(NEW);
        throw Object.assign(new Error('EXDEV: simulated rename failure'), { code: 'EXDEV' });
      }) as typeof fs.rename,
    };
    await expect(writeFileAtomic(file, NEW, io)).rejects.toThrow('simulated rename failure');
    expect(renames).toHaveLength(1);
    expect(await fs.readFile(file, 'utf8')).toBe(OLD);
    expect(await otherNames(dir, 'main.py')).toEqual([]);
  });
});

describe('isTempFileName', () => {
  it('recognises only dot-prefixed names carrying the marker', () => {
    expect(isTempFileName(`.main.py${TEMP_MARKER}0a1b2c3d4e5f`)).toBe(true);
    expect(isTempFileName(`main.py${TEMP_MARKER}0a1b2c3d4e5f`)).toBe(false);
    expect(isTempFileName('.gitignore')).toBe(false);
    expect(isTempFileName('main.py')).toBe(false);
  });
});

describe('removeStrayTempFiles', () => {
  it('removes temp files (nested too), keeps normal files, and counts what it removed', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, 'pkg', 'deep'), { recursive: true });
    const strays = [`.main.py${TEMP_MARKER}aaaaaaaaaaaa`, `pkg/.mod.py${TEMP_MARKER}bbbbbbbbbbbb`, `pkg/deep/.x${TEMP_MARKER}cccccccccccc`];
    const keep = ['main.py', '.gitignore', 'pkg/mod.py', `pkg/not-a-temp${TEMP_MARKER}x`, 'pkg/deep/notes.md'];
    for (const f of [...strays, ...keep]) await fs.writeFile(path.join(dir, f), f);

    expect(await removeStrayTempFiles(dir)).toBe(strays.length);

    const remaining = (await fs.readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort();
    expect(remaining).toEqual([...keep].sort());
  });

  it('does not walk into folders the skip predicate names', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, 'node_modules'));
    const skipped = path.join(dir, 'node_modules', `.x${TEMP_MARKER}123456789abc`);
    const removed = path.join(dir, `.y${TEMP_MARKER}123456789abc`);
    await fs.writeFile(skipped, '');
    await fs.writeFile(removed, '');
    expect(await removeStrayTempFiles(dir, (name) => name === 'node_modules')).toBe(1);
    await expect(fs.access(skipped)).resolves.toBeUndefined();
    await expect(fs.access(removed)).rejects.toThrow();
  });

  it('returns 0 for a folder that does not exist', async () => {
    const dir = await tempDir();
    expect(await removeStrayTempFiles(path.join(dir, 'nope'))).toBe(0);
  });
});
