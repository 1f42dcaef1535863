/**
 * The bundled relocatable CPython for packaged builds: `npm run runtime:python` (checksum pinning, download
 * from a mirror or a local archive, refusing a wrong checksum, unpacking atomically) and the stable copy an
 * AppImage needs. The real python-build-standalone archive lives on GitHub, which these machines cannot
 * reach: the archive here is a stand-in with the same layout (python/bin/python3) around this machine's Python.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledPythonRoot } from '../../electron/core/toolchain/bundledPython.js';
import { chooseDefault, discoverInterpreters } from '../../electron/core/toolchain/interpreters.js';
import { currentTarget } from '../../electron/core/toolchain/locks.js';
import { repoRoot } from '../support/webApp.js';

const run = promisify(execFile);
const temp = mkdtempSync(path.join(os.tmpdir(), 'pyforge-bundled-'));
const target = currentTarget();
const triple = 'test-triple';
const archiveName = `cpython-3.12.99+20990101-${triple}-install_only_stripped.tar.gz`;
let archive = '';
let archiveHash = '';
let server: Server;
let mirror = '';

function buildsFile(name: string, sha256: string | null): string {
  const file = path.join(temp, `${name}.json`);
  writeFileSync(file, JSON.stringify({ release: '20990101', python: '3.12.99', urlBase: 'http://127.0.0.1:9/unreachable', targets: { [target]: { triple, sha256 } } }));
  return file;
}

async function script(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, 'scripts', 'runtime-python.mjs'), ...args], { encoding: 'utf8' });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

beforeAll(async () => {
  // python/bin/python3 -> this machine's real interpreter, packed like python-build-standalone's archives.
  const stage = path.join(temp, 'stage');
  mkdirSync(path.join(stage, 'python', 'bin'), { recursive: true });
  const real = realpathSync(execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim());
  symlinkSync(real, path.join(stage, 'python', 'bin', 'python3'));
  archive = path.join(temp, archiveName);
  execFileSync('tar', ['-czf', archive, '-C', stage, 'python']);
  archiveHash = createHash('sha256').update(readFileSync(archive)).digest('hex');
  // A mirror of the release folder: the archive and its SHA256SUMS.
  server = createServer((req, res) => {
    if (req.url === `/20990101/${encodeURIComponent(archiveName)}`) res.end(readFileSync(archive));
    else if (req.url === '/20990101/SHA256SUMS') res.end(`${'0'.repeat(64)}  something-else.tar.gz\n${archiveHash}  ${archiveName}\n`);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('npm run runtime:python', () => {
  it('unpacks an archive whose sha256 matches the pin, and the result is discovered as the default', async () => {
    const out = path.join(temp, 'out-local');
    const result = await script(['--builds', buildsFile('pinned', archiveHash), '--archive', archive, '--out', out]);
    expect(result.code, result.output).toBe(0);
    expect(existsSync(path.join(out, 'python', 'bin', 'python3'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(out, 'python', 'PYFORGE-BUILD.json'), 'utf8'))).toMatchObject({ sha256: archiveHash, target });
    const reports = await discoverInterpreters(out, { ...process.env, PYFORGE_PYTHON: '' });
    expect(chooseDefault(reports)).toMatchObject({ source: 'bundled', path: path.join(out, 'python', 'bin', 'python3') });
  });

  it('refuses an archive whose sha256 differs, and unpacks nothing', async () => {
    const out = path.join(temp, 'out-bad');
    const result = await script(['--builds', buildsFile('wrong', 'f'.repeat(64)), '--archive', archive, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.output).toContain('refusing to unpack it');
    expect(existsSync(path.join(out, 'python'))).toBe(false);
  });

  it('without a pinned checksum: fails with the fix, or skips with a note under --if-pinned (npm run dist)', async () => {
    const unpinned = buildsFile('unpinned', null);
    const strict = await script(['--builds', unpinned, '--archive', archive, '--out', path.join(temp, 'out-unpinned')]);
    expect(strict.code).toBe(1);
    expect(strict.output).toContain('npm run runtime:python -- --pin');
    const lenient = await script(['--builds', unpinned, '--if-pinned', '--out', path.join(temp, 'out-unpinned')]);
    expect(lenient.code, lenient.output).toBe(0);
    expect(lenient.output).toContain('skipped');
  });

  it('pins the checksums from a mirror, then downloads from it', async () => {
    const file = buildsFile('to-pin', null);
    const pinned = await script(['--builds', file, '--url-base', mirror, '--pin']);
    expect(pinned.code, pinned.output).toBe(0);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { targets: Record<string, { sha256: string }> }).targets[target]!.sha256).toBe(archiveHash);
    const out = path.join(temp, 'out-mirror');
    const fetched = await script(['--builds', file, '--url-base', mirror, '--out', out]);
    expect(fetched.code, fetched.output).toBe(0);
    expect(existsSync(path.join(out, 'python', 'bin', 'python3'))).toBe(true);
  });

  it('says what to do when the download fails', async () => {
    const result = await script(['--builds', buildsFile('offline', archiveHash), '--out', path.join(temp, 'out-offline')]);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/could not download .*--archive FILE/);
  });
});

describe('the bundled CPython inside an AppImage', () => {
  it('is copied once into the data folder, so environments built from it survive the next mount path', async () => {
    const resources = path.join(temp, 'out-local'); // unpacked by the first test
    const dataDir = path.join(temp, 'data');
    const env = { ...process.env, APPIMAGE: '/home/student/PyForge.AppImage' };
    const stable = await bundledPythonRoot(resources, dataDir, env);
    expect(stable.startsWith(path.join(dataDir, 'bundled-python'))).toBe(true);
    expect(existsSync(path.join(stable, 'python', 'bin', 'python3'))).toBe(true);
    expect(await bundledPythonRoot(resources, dataDir, env)).toBe(stable);
    // Outside an AppImage the resources are stable and used in place.
    expect(await bundledPythonRoot(resources, dataDir, { ...process.env, APPIMAGE: '' })).toBe(resources);
  });
});
