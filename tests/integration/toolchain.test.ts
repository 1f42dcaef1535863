/** Interpreter discovery and compiler proofs against the machine's real interpreters and compilers. */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCompiler } from '../../electron/core/toolchain/compilers.js';
import { chooseDefault, discoverInterpreters } from '../../electron/core/toolchain/interpreters.js';
import { repoRoot } from '../support/webApp.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'pyforge-toolchain-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Interpreters on this machine, listed independently of the code under test. */
function installedInterpreters(): string[] {
  const found: string[] = [];
  const pyenv = process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv');
  for (const v of existsSync(path.join(pyenv, 'versions')) ? readdirSync(path.join(pyenv, 'versions')) : []) {
    const p = path.join(pyenv, 'versions', v, 'bin', 'python3');
    if (existsSync(p)) found.push(p);
  }
  for (const name of existsSync('/usr/bin') ? readdirSync('/usr/bin') : []) if (/^python3\.\d+$/.test(name)) found.push(path.join('/usr/bin', name));
  return found;
}

const realExecutable = (p: string): string => realpathSync(execFileSync(p, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim());

describe('interpreter discovery', () => {
  it('finds every interpreter installed on this machine, each with a verdict', async () => {
    const reports = await discoverInterpreters(repoRoot);
    const found = new Set(reports.filter((r) => r.executable).map((r) => realpathSync(r.executable!)));
    const installed = installedInterpreters();
    expect(installed.length).toBeGreaterThan(0);
    for (const p of installed) expect(found, p).toContain(realExecutable(p));
    for (const r of reports) expect(r.reason.length).toBeGreaterThan(0);
    const chosen = chooseDefault(reports);
    expect(chosen?.status).toBe('ok');
  });

  it('reports a fake base without headers as limited, with the fix', async () => {
    const real = realExecutable('python3');
    // A "base" whose sysconfig points at an include folder without Python.h.
    const fake = path.join(temp, 'python3');
    writeFileSync(
      fake,
      `#!${real}\nimport sys, sysconfig\n_real = sysconfig.get_paths\nsysconfig.get_paths = lambda *a, **k: {**_real(*a, **k), "include": "/nonexistent/include"}\nsys.executable = ${JSON.stringify(fake)}\nexec(sys.argv[sys.argv.index("-c") + 1])\n`,
    );
    chmodSync(fake, 0o755);
    const reports = await discoverInterpreters(repoRoot, { ...process.env, PYFORGE_PYTHON: fake });
    const report = reports.find((r) => r.path === fake);
    expect(report).toMatchObject({ source: 'PYFORGE_PYTHON', status: 'limited', hasHeaders: false });
    expect(report!.reason).toMatch(/python3-dev|python\.org/);
    // Set explicitly, it is still honoured as the default (pure-Python work needs no headers).
    expect(chooseDefault(reports)?.path).toBe(fake);
  });
});

describe('a packaged app', () => {
  it('finds the CPython bundled in its resources first and takes it as the default', async () => {
    // A stand-in for the relocatable CPython a packaged build ships: resources/python/bin/python3.
    const resources = path.join(temp, 'resources');
    const bin = path.join(resources, 'python', 'bin');
    mkdirSync(bin, { recursive: true });
    const real = realExecutable('python3');
    symlinkSync(real, path.join(bin, 'python3'));
    const reports = await discoverInterpreters(resources, { ...process.env, PYFORGE_PYTHON: '' });
    expect(reports[0]).toMatchObject({ source: 'bundled', path: path.join(bin, 'python3') });
    expect(chooseDefault(reports)?.source).toBe('bundled');
  });
});

describe('compiler proof', () => {
  it('builds and imports a test extension with the system compiler, then caches the verdict', async () => {
    const python = realExecutable('python3');
    const cache = path.join(temp, 'compilers.json');
    const verdicts = await findCompiler('c', python, process.env, cache);
    expect(verdicts.at(-1)).toMatchObject({ works: true });
    expect(Object.values(JSON.parse(execFileSync('cat', [cache], { encoding: 'utf8' })) as boolean[])).toContain(true);
  });

  it('reports a compiler that cannot build as broken and moves on to the next', async () => {
    const python = realExecutable('python3');
    const bad = path.join(temp, 'badcc');
    writeFileSync(bad, '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "badcc 1.0"; exit 0; fi\necho "badcc: cannot compile anything" >&2\nexit 1\n');
    chmodSync(bad, 0o755);
    const verdicts = await findCompiler('c', python, { ...process.env, CC: bad }, path.join(temp, 'compilers2.json'));
    expect(verdicts[0]).toMatchObject({ command: bad, source: 'CC', works: false });
    expect(verdicts[0]!.error).toContain('cannot compile anything');
    expect(verdicts.at(-1)!.works).toBe(true);
  });
});

describe('npm run doctor', () => {
  it('prints the components as JSON, and exits 1 while the course environment is missing', () => {
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'electron', 'doctor.js'), '--json'], {
      encoding: 'utf8',
      env: { ...process.env, PYFORGE_DATA_DIR: temp },
    });
    const json = JSON.parse(run.stdout) as { component: string; status: string; fix?: string }[];
    const names = json.map((r) => r.component);
    expect(names).toEqual(expect.arrayContaining(['C compiler', 'C++ compiler', 'cargo', 'rustc', 'Sandbox', 'Course environment']));
    expect(json.find((r) => r.component.includes('default'))?.status).toBe('ok');
    expect(json.find((r) => r.component === 'C compiler')?.status).toBe('ok');
    const environment = json.find((r) => r.component === 'Course environment');
    expect(environment?.status).toBe('missing');
    expect(environment?.fix).toContain('runtime:wheels');
    expect(run.status).toBe(1);
  });
});
