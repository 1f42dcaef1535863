/**
 * Packaging with electron-builder, offline: a stand-in "unpacked Electron" (a copy of /bin/true plus the
 * version file) replaces the download, and the `dir` target lays out exactly what the installers would ship.
 * Needs the built app (`npm run build`).
 */
import { listPackage, extractFile } from '@electron/asar';
import { execFile } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exists, makeTempDir, removeDir } from '../helpers/temp.js';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BUILD_TIMEOUT_MS = 180_000;

let tempDir = '';
let resources = '';
let asarPath = '';
let asarFiles: string[] = [];

function electronVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

describe('electron-builder --linux dir (offline)', () => {
  beforeAll(async () => {
    for (const built of ['dist/electron/main.js', 'dist/renderer/index.html']) {
      if (!existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
    }
    tempDir = await makeTempDir('pyforge-pack-');
    const electronDist = path.join(tempDir, 'dist');
    const output = path.join(tempDir, 'out');
    await fs.mkdir(electronDist, { recursive: true });
    await fs.copyFile('/bin/true', path.join(electronDist, 'electron'));
    await fs.chmod(path.join(electronDist, 'electron'), 0o755);
    await fs.writeFile(path.join(electronDist, 'version'), electronVersion());

    const cli = path.join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
    const args = [cli, '--linux', 'dir', `-c.electronDist=${electronDist}`, '-c.npmRebuild=false', `-c.directories.output=${output}`];
    try {
      await execFileAsync(process.execPath, args, { cwd: ROOT, timeout: BUILD_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
    } catch (err) {
      const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
      throw new Error(`electron-builder failed: ${(err as Error).message}\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`);
    }
    resources = path.join(output, 'linux-unpacked', 'resources');
    asarPath = path.join(resources, 'app.asar');
    if (existsSync(asarPath)) asarFiles = listPackage(asarPath, { isPack: false }).map((f) => f.replace(/^[\\/]+/, '').split(path.sep).join('/'));
  }, BUILD_TIMEOUT_MS + 20_000);

  afterAll(async () => {
    if (tempDir) await removeDir(tempDir);
  });

  it('ships the course and the Python runtime data as extra resources', async () => {
    expect(await exists(path.join(resources, 'lessons', 'course.yaml'))).toBe(true);
    expect(await exists(path.join(resources, 'python-runtime', 'shell', 'pyforge.bashrc'))).toBe(true);
  });

  it('packs the built app into app.asar, without source maps', async () => {
    expect(await exists(asarPath)).toBe(true);
    expect(asarFiles).toEqual(
      expect.arrayContaining(['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'package.json']),
    );
    expect(asarFiles.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('keeps node-pty (a native module) outside the archive', async () => {
    const unpacked = path.join(resources, 'app.asar.unpacked', 'node_modules', 'node-pty');
    expect(await exists(unpacked)).toBe(true);
    expect(await exists(path.join(unpacked, 'package.json'))).toBe(true);
    if (process.platform === 'linux') expect(await exists(path.join(unpacked, 'build', 'Release', 'pty.node'))).toBe(true);
  });

  it("points the packed package.json's main at the built shell", () => {
    const pkg = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as { main?: string };
    expect(pkg.main).toBe('dist/electron/main.js');
    expect(asarFiles).toContain(pkg.main);
  });
});

describe('electron-builder.yml', () => {
  type Target = string | { target: string };
  const config = parse(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, { target?: Target[] } | undefined>;
  const targets = (platform: string): string[] => (config[platform]?.target ?? []).map((t) => (typeof t === 'string' ? t : t.target));

  it('targets AppImage and deb on Linux, NSIS on Windows and dmg on macOS', () => {
    expect(targets('linux').sort()).toEqual(['AppImage', 'deb']);
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('mac')).toEqual(['dmg']);
  });
});
