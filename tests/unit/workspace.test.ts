import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../electron/core/errors.js';
import { TEMP_MARKER } from '../../electron/core/workspace/atomicWrite.js';
import { Workspace } from '../../electron/core/workspace/workspace.js';
import { exists, useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs('pyforge-ws-');

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'expected an ApiError').toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('Workspace.open', () => {
  it('creates the folder (with parents) and reports its real path and label', async () => {
    const base = await tempDir();
    const root = path.join(base, 'a', 'b', 'ws');
    const ws = await Workspace.open(root, 'Lesson · Exercise');
    expect((await fs.stat(root)).isDirectory()).toBe(true);
    expect(ws.root).toBe(await fs.realpath(root));
    expect(ws.info).toEqual({ root: ws.root, label: 'Lesson · Exercise' });
  });

  it('removes temp files a crash left behind, nested too, but not inside hidden folders', async () => {
    const root = await tempDir();
    await fs.mkdir(path.join(root, 'pkg'));
    await fs.mkdir(path.join(root, '.git'));
    const stray = path.join(root, `.main.py${TEMP_MARKER}0123456789ab`);
    const nestedStray = path.join(root, 'pkg', `.mod.py${TEMP_MARKER}0123456789ab`);
    const inGit = path.join(root, '.git', `.index${TEMP_MARKER}0123456789ab`);
    for (const f of [stray, nestedStray, inGit]) await fs.writeFile(f, 'half');
    await fs.writeFile(path.join(root, 'main.py'), 'print(1)\n');

    await Workspace.open(root, 'ws');

    expect(await exists(stray)).toBe(false);
    expect(await exists(nestedStray)).toBe(false);
    expect(await exists(inGit)).toBe(true);
    expect(await fs.readFile(path.join(root, 'main.py'), 'utf8')).toBe('print(1)\n');
  });
});

describe('Workspace.list', () => {
  it('lists folders first, then files, sorted, hiding caches, .git and temp files', async () => {
    const root = await tempDir();
    const files: Record<string, string> = {
      'zeta.py': 'z',
      'alpha.py': 'aa',
      'README.md': 'readme',
      'pkg/b.py': 'b',
      'pkg/a.py': 'a',
      'pkg/inner/x.py': 'xxx',
      'tests/test_a.py': 't',
      '__pycache__/alpha.cpython-312.pyc': '\0',
      'pkg/__pycache__/a.cpython-312.pyc': '\0',
      '.git/HEAD': 'ref',
      '.venv/bin/python': '',
      [`.alpha.py${TEMP_MARKER}0123456789ab`]: 'half',
      [`pkg/.a.py${TEMP_MARKER}0123456789ab`]: 'half',
    };
    for (const [rel, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await fs.writeFile(path.join(root, rel), content);
    }
    // Created after open() so it is not cleaned away: list() itself must hide it.
    const ws = await Workspace.open(root, 'ws');
    await fs.writeFile(path.join(root, `.zeta.py${TEMP_MARKER}ffffffffffff`), 'half');

    const { entries, truncated } = await ws.list();
    expect(truncated).toBe(false);
    expect(entries).toEqual([
      { path: 'pkg', kind: 'dir' },
      { path: 'pkg/inner', kind: 'dir' },
      { path: 'pkg/inner/x.py', kind: 'file', size: 3 },
      { path: 'pkg/a.py', kind: 'file', size: 1 },
      { path: 'pkg/b.py', kind: 'file', size: 1 },
      { path: 'tests', kind: 'dir' },
      { path: 'tests/test_a.py', kind: 'file', size: 1 },
      { path: 'alpha.py', kind: 'file', size: 2 },
      { path: 'README.md', kind: 'file', size: 6 },
      { path: 'zeta.py', kind: 'file', size: 1 },
    ]);
  });

  it('lists an empty workspace as empty', async () => {
    const ws = await Workspace.open(path.join(await tempDir(), 'empty'), 'ws');
    expect(await ws.list()).toEqual({ entries: [], truncated: false });
  });
});

describe('Workspace.read', () => {
  it('reads a text file', async () => {
    const root = await tempDir();
    await fs.writeFile(path.join(root, 'a.py'), 'print("hi")\n');
    const ws = await Workspace.open(root, 'ws');
    expect(await ws.read('a.py')).toBe('print("hi")\n');
  });

  it('refuses a binary file with an io error that says so', async () => {
    const root = await tempDir();
    await fs.writeFile(path.join(root, 'blob.pyc'), Buffer.from([0x42, 0x0d, 0x0d, 0x0a, 0x00, 0x00, 0x01]));
    const ws = await Workspace.open(root, 'ws');
    const err = await caught(ws.read('blob.pyc'));
    expect(err.code).toBe('io');
    expect(err.message).toContain('binary');
    expect(err.message).toContain('blob.pyc');
  });

  it('reports a missing file as not_found naming the path', async () => {
    const ws = await Workspace.open(await tempDir(), 'ws');
    const err = await caught(ws.read('nope/missing.py'));
    expect(err.code).toBe('not_found');
    expect(err.message).toContain('nope/missing.py');
  });

  it('refuses to read a folder', async () => {
    const root = await tempDir();
    await fs.mkdir(path.join(root, 'pkg'));
    const ws = await Workspace.open(root, 'ws');
    const err = await caught(ws.read('pkg'));
    expect(err.code).toBe('io');
    expect(err.message).toContain('folder');
  });

  it('refuses a path outside the workspace', async () => {
    const ws = await Workspace.open(path.join(await tempDir(), 'ws'), 'ws');
    expect((await caught(ws.read('../secret'))).code).toBe('forbidden_path');
  });
});

describe('Workspace.write', () => {
  it('creates missing parent folders and returns the byte count', async () => {
    const root = await tempDir();
    const ws = await Workspace.open(root, 'ws');
    expect(await ws.write('pkg/sub/new.py', 'x = 1\n')).toBe(6);
    expect(await fs.readFile(path.join(root, 'pkg', 'sub', 'new.py'), 'utf8')).toBe('x = 1\n');
  });

  it('round-trips UTF-8 and counts bytes, not characters', async () => {
    const root = await tempDir();
    const ws = await Workspace.open(root, 'ws');
    const text = 'č ž 🐍\n';
    expect(await ws.write('unicode.txt', text)).toBe(Buffer.byteLength(text, 'utf8'));
    expect(Buffer.byteLength(text, 'utf8')).not.toBe(text.length);
    expect(await ws.read('unicode.txt')).toBe(text);
    expect(await fs.readFile(path.join(root, 'unicode.txt'), 'utf8')).toBe(text);
  });

  it('overwrites an existing file and leaves no temp file', async () => {
    const root = await tempDir();
    const ws = await Workspace.open(root, 'ws');
    await ws.write('a.py', 'one');
    await ws.write('a.py', 'two');
    expect(await ws.read('a.py')).toBe('two');
    expect(await fs.readdir(root)).toEqual(['a.py']);
  });

  it('refuses to write outside and creates nothing there', async () => {
    const base = await tempDir();
    const ws = await Workspace.open(path.join(base, 'ws'), 'ws');
    expect((await caught(ws.write('../escape.txt', 'x'))).code).toBe('forbidden_path');
    expect((await caught(ws.write('newdir/../../escape2.txt', 'x'))).code).toBe('forbidden_path');
    expect((await fs.readdir(base)).sort()).toEqual(['ws']);
  });
});
