import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_BACKUPS_PER_EXERCISE,
  listBackups,
  moveToBackup,
  resetWorkspace,
  restoreBackup,
  stageCopy,
} from '../../electron/core/progress/backups.js';
import { exerciseBackupsDir } from '../../electron/core/progress/paths.js';
import { exists, useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs('pyforge-backups-');

interface Layout {
  dataDir: string;
  workspaceDir: string;
  starterDir: string;
  backupsDir: string;
}

async function layout(): Promise<Layout> {
  const dataDir = await tempDir();
  const starterDir = path.join(dataDir, 'course', 'starter');
  await writeTree(starterDir, { 'main.py': 'def solve():\n    raise NotImplementedError\n', 'pkg/util.py': '# starter util\n' });
  const workspaceDir = path.join(dataDir, 'workspaces', 'c', 'l', 'e');
  return { dataDir, starterDir, workspaceDir, backupsDir: exerciseBackupsDir(dataDir, 'c', 'l', 'e') };
}

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), text);
  }
}

/** Every file under `root` as relative path -> content. */
async function readTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else out[path.relative(root, full).split(path.sep).join('/')] = await fs.readFile(full, 'utf8');
    }
  };
  await walk(root);
  return out;
}

const STUDENT = { 'main.py': 'def solve():\n    return 42\n', 'notes.txt': 'my notes\n', 'pkg/util.py': '# edited\n' };

describe('resetWorkspace', () => {
  it('keeps the old files in a backup and puts the starter back', async () => {
    const l = await layout();
    await writeTree(l.workspaceDir, STUDENT);
    const backup = await resetWorkspace({ ...l, label: 'student asked' });

    expect(await readTree(l.workspaceDir)).toEqual(await readTree(l.starterDir));
    expect(backup).not.toBeNull();
    const totalBytes = Object.values(STUDENT).reduce((n, t) => n + Buffer.byteLength(t), 0);
    expect(backup).toMatchObject({ originalPath: l.workspaceDir, fileCount: 3, totalBytes, label: 'student asked' });
    expect(Date.parse(backup!.createdAt)).not.toBeNaN();
    expect(await readTree(path.join(l.backupsDir, backup!.id, 'files'))).toEqual(STUDENT);
    const manifest = JSON.parse(await fs.readFile(path.join(l.backupsDir, backup!.id, 'backup.json'), 'utf8')) as object;
    expect(manifest).toMatchObject({ createdAt: backup!.createdAt, originalPath: l.workspaceDir, fileCount: 3, totalBytes });
    expect(await listBackups(l.backupsDir)).toEqual([backup]);
    // Nothing but the workspace is left beside it.
    expect(await fs.readdir(path.dirname(l.workspaceDir))).toEqual(['e']);
  });

  it('creates the workspace when there is none, and makes no backup', async () => {
    const l = await layout();
    expect(await resetWorkspace(l)).toBeNull();
    expect(await readTree(l.workspaceDir)).toEqual(await readTree(l.starterDir));
    expect(await listBackups(l.backupsDir)).toEqual([]);
  });

  it('changes nothing when the starter is missing', async () => {
    const l = await layout();
    await writeTree(l.workspaceDir, STUDENT);
    await expect(resetWorkspace({ ...l, starterDir: path.join(l.dataDir, 'nope') })).rejects.toMatchObject({ code: 'not_found' });
    expect(await readTree(l.workspaceDir)).toEqual(STUDENT);
    expect(await listBackups(l.backupsDir)).toEqual([]);
  });

  it('keeps symbolic links as links', async () => {
    const l = await layout();
    await writeTree(l.workspaceDir, STUDENT);
    await fs.symlink('main.py', path.join(l.workspaceDir, 'link.py'));
    const backup = await resetWorkspace(l);
    await restoreBackup({ ...l, backupId: backup!.id });
    expect(await fs.readlink(path.join(l.workspaceDir, 'link.py'))).toBe('main.py');
  });
});

describe('restoreBackup', () => {
  it('brings the files back, keeps the backup and backs up what it replaced', async () => {
    const l = await layout();
    await writeTree(l.workspaceDir, STUDENT);
    const backup = (await resetWorkspace(l))!;
    await writeTree(l.workspaceDir, { 'main.py': 'def solve():\n    return -1  # second try\n' });
    const afterReset = await readTree(l.workspaceDir);

    const { restored, replaced } = await restoreBackup({ ...l, backupId: backup.id });
    expect(restored).toEqual(backup);
    expect(await readTree(l.workspaceDir)).toEqual(STUDENT);
    expect(replaced).toMatchObject({ label: `before restoring ${backup.id}`, fileCount: 2 });
    expect(await readTree(path.join(l.backupsDir, replaced!.id, 'files'))).toEqual(afterReset);
    // The restored backup stays, and the restore can itself be undone.
    expect((await listBackups(l.backupsDir)).map((b) => b.id)).toEqual([replaced!.id, backup.id]);
    await restoreBackup({ ...l, backupId: replaced!.id });
    expect(await readTree(l.workspaceDir)).toEqual(afterReset);
  });

  it('refuses a backup id that is not a plain folder name', async () => {
    const l = await layout();
    await writeTree(l.workspaceDir, STUDENT);
    await writeTree(path.join(l.dataDir, 'elsewhere', 'files'), { 'evil.py': 'x' });
    for (const backupId of ['..', '../elsewhere', 'a/b', 'a\\b', '/etc', '.', '', '.hidden', 'a/../b']) {
      await expect(restoreBackup({ ...l, backupId }), backupId).rejects.toMatchObject({ code: 'bad_request' });
    }
    await expect(restoreBackup({ ...l, backupId: 'no-such-backup' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await readTree(l.workspaceDir)).toEqual(STUDENT);
  });
});

describe('listBackups and the cap', () => {
  it('lists newest first', async () => {
    const l = await layout();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      await writeTree(l.workspaceDir, { 'main.py': `version ${i}\n` });
      ids.push((await resetWorkspace(l))!.id);
    }
    const listed = await listBackups(l.backupsDir);
    expect(listed.map((b) => b.id)).toEqual([...ids].reverse());
    const firstFiles = await readTree(path.join(l.backupsDir, ids[0]!, 'files'));
    expect(firstFiles['main.py']).toBe('version 0\n');
    expect(await listBackups(path.join(l.dataDir, 'no-backups-yet'))).toEqual([]);
  });

  it(`keeps at most ${MAX_BACKUPS_PER_EXERCISE} backups, removing the oldest`, async () => {
    const l = await layout();
    const ids: string[] = [];
    for (let i = 0; i < MAX_BACKUPS_PER_EXERCISE + 3; i++) {
      await writeTree(l.workspaceDir, { 'main.py': `version ${i}\n` });
      ids.push((await resetWorkspace(l))!.id);
    }
    const listed = (await listBackups(l.backupsDir)).map((b) => b.id);
    expect(listed).toEqual(ids.slice(3).reverse());
    expect((await fs.readdir(l.backupsDir)).sort()).toEqual([...listed].sort());
  });

  it('never prunes the backup being restored, even the oldest', async () => {
    const l = await layout();
    const ids: string[] = [];
    for (let i = 0; i < MAX_BACKUPS_PER_EXERCISE; i++) {
      await writeTree(l.workspaceDir, { 'main.py': `version ${i}\n` });
      ids.push((await resetWorkspace(l))!.id);
    }
    const oldest = ids[0]!;
    const { replaced } = await restoreBackup({ ...l, backupId: oldest });
    const listed = (await listBackups(l.backupsDir)).map((b) => b.id);
    expect(listed).toHaveLength(MAX_BACKUPS_PER_EXERCISE);
    expect(listed[0]).toBe(replaced!.id);
    expect(listed).toContain(oldest);
    expect(listed).not.toContain(ids[1]);
    expect((await readTree(l.workspaceDir))['main.py']).toBe('version 0\n');
  });
});

describe('a crash between the steps', () => {
  it('a failing starter copy leaves the old workspace in place and no half copy', async () => {
    if (process.platform === 'win32') return; // needs a FIFO, which fs.cp refuses to copy
    const l = await layout();
    await writeTree(l.workspaceDir, STUDENT);
    execFileSync('mkfifo', [path.join(l.starterDir, 'zz-pipe')]);
    await expect(resetWorkspace(l)).rejects.toThrow();
    expect(await readTree(l.workspaceDir)).toEqual(STUDENT);
    expect(await fs.readdir(path.dirname(l.workspaceDir))).toEqual(['e']);
    expect(await listBackups(l.backupsDir)).toEqual([]);
  });

  it('a crash after the move leaves the old files in a listed backup that restores into the empty place', async () => {
    const l = await layout();
    await writeTree(l.workspaceDir, STUDENT);
    // Steps 1 and 2 ran, then the process died before step 3 (the stage folder is left behind).
    await stageCopy(l.starterDir, l.workspaceDir);
    const backup = await moveToBackup(l.workspaceDir, l.backupsDir, 'before reset');
    expect(await exists(l.workspaceDir)).toBe(false);

    const listed = await listBackups(l.backupsDir);
    expect(listed).toEqual([backup]);
    const { restored, replaced } = await restoreBackup({ ...l, backupId: backup!.id });
    expect(restored.id).toBe(backup!.id);
    expect(replaced).toBeNull();
    expect(await readTree(l.workspaceDir)).toEqual(STUDENT);
    // The restore cleared the stale stage folder.
    expect(await fs.readdir(path.dirname(l.workspaceDir))).toEqual(['e']);
  });

  it('a crash after the manifest but before the move leaves the workspace, and no phantom backup', async () => {
    const l = await layout();
    await writeTree(l.workspaceDir, STUDENT);
    const phantom = path.join(l.backupsDir, '20260101T000000000Z-abcdef');
    await writeTree(phantom, { 'backup.json': JSON.stringify({ createdAt: '2026-01-01T00:00:00.000Z', originalPath: l.workspaceDir, fileCount: 3, totalBytes: 1 }) });
    expect(await listBackups(l.backupsDir)).toEqual([]);
    const backup = await resetWorkspace(l);
    // The next reset prunes the phantom.
    expect(await fs.readdir(l.backupsDir)).toEqual([backup!.id]);
  });

  it('lists a backup whose manifest was lost, from its files', async () => {
    const l = await layout();
    await writeTree(path.join(l.backupsDir, '20260101T000000000Z-abcdef', 'files'), { 'main.py': 'abc' });
    expect(await listBackups(l.backupsDir)).toEqual([
      { id: '20260101T000000000Z-abcdef', createdAt: '2026-01-01T00:00:00.000Z', originalPath: '', fileCount: 1, totalBytes: 3, label: 'recovered (backup.json missing or damaged)' },
    ]);
  });
});
