/**
 * The zig fallback compiler, for machines where no system compiler works: installed from the pinned, hashed
 * ziglang wheel into the data folder, proven by building and importing a C and a C++ extension (which warms
 * zig's cache), and handed to every process as CC/CXX. The data folder persists between test runs (the wheel
 * is ~100 MB and zig's first C++ build compiles libc++ for minutes); a fresh CI machine pays that once.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveAppPaths } from '../../electron/core/paths.js';
import { ProvisionError } from '../../electron/core/toolchain/provisionError.js';
import { ToolchainService } from '../../electron/core/toolchain/service.js';
import { findZig, installZig } from '../../electron/core/toolchain/zig.js';
import { repoRoot } from '../support/webApp.js';

const realExecutable = (p: string): string => realpathSync(execFileSync(p, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim());

const temp = mkdtempSync(path.join(os.tmpdir(), 'pyforge-zig-test-'));
const dataDir = path.join(os.tmpdir(), 'pyforge-test-zig-data');
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A PATH with Python on it and no cc, gcc, clang or their C++ siblings: a laptop without build tools. */
function pathWithoutCompilers(python: string): string {
  const bin = path.join(temp, 'bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(python, path.join(bin, 'python3'));
  return bin;
}

describe('the zig fallback compiler', () => {
  it('is offered when no system compiler works, installs with progress, and builds C and C++ extensions', async () => {
    const python = realExecutable('python3');
    const bin = pathWithoutCompilers(python);
    const broken = path.join(bin, 'brokencc');
    writeFileSync(broken, '#!/bin/sh\n[ "$1" = "--version" ] && { echo "brokencc 1.0"; exit 0; }\nexit 1\n', { mode: 0o755 });
    const env: NodeJS.ProcessEnv = {
      PATH: bin,
      HOME: process.env.HOME,
      UV_CACHE_DIR: process.env.UV_CACHE_DIR ?? path.join(os.tmpdir(), 'pyforge-test-uv-cache'),
      PYFORGE_PYTHON: python,
      CC: broken,
      CXX: broken,
      ...(process.env.PYFORGE_UV ? { PYFORGE_UV: process.env.PYFORGE_UV } : {}),
    };
    const service = new ToolchainService(resolveAppPaths(repoRoot, { ...env, PYFORGE_DATA_DIR: dataDir }), env);
    await service.start({ provision: false });
    const phases: string[] = [];
    service.onChange((s) => s.state === 'provisioning' && phases.push(s.progress.phase));
    await service.installFallbackCompiler();
    expect(service.state.state, JSON.stringify(service.state)).not.toBe('failed');
    expect(phases).toContain('compiler');

    const processEnv = await service.processEnvironment();
    const zig = await findZig(dataDir, env);
    expect(zig).not.toBeNull();
    expect(processEnv.CC).toBe(zig!.cc);
    expect(processEnv.CXX).toBe(zig!.cxx);
    expect(processEnv.ZIG_GLOBAL_CACHE_DIR).toBe(path.join(dataDir, 'cache', 'zig'));

    // A student's build through the one process environment: the wrapper is a plain compiler command.
    const include = execFileSync(python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["include"])'], { encoding: 'utf8' }).trim();
    const suffix = execFileSync(python, ['-c', 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))'], { encoding: 'utf8' }).trim();
    const src = path.join(temp, 'twice.cpp');
    writeFileSync(
      src,
      '#include <Python.h>\n#include <vector>\nstatic PyObject *twice(PyObject *, PyObject *arg) { std::vector<long> v{PyLong_AsLong(arg)}; return PyLong_FromLong(v[0] * 2); }\n' +
        'static PyMethodDef m[] = {{"twice", twice, METH_O, nullptr}, {nullptr, nullptr, 0, nullptr}};\n' +
        'static PyModuleDef mod = {PyModuleDef_HEAD_INIT, "twice", nullptr, -1, m};\nPyMODINIT_FUNC PyInit_twice(void) { return PyModule_Create(&mod); }\n',
    );
    execFileSync(processEnv.CXX!, ['-shared', '-fPIC', `-I${include}`, src, '-o', path.join(temp, `twice${suffix}`)], { env: processEnv, cwd: temp });
    const out = execFileSync(python, ['-c', 'import twice; print(twice.twice(21))'], { cwd: temp, encoding: 'utf8' });
    expect(out.trim()).toBe('42');
  }, 900_000);

  it('says how to get the wheel when offline and the wheelhouse does not ship it', async () => {
    const fresh = path.join(temp, 'fresh-data');
    const runtime = path.join(temp, 'runtime');
    mkdirSync(path.join(runtime, 'locks', 'components'), { recursive: true });
    execFileSync('cp', [path.join(repoRoot, 'python-runtime', 'locks', 'components', 'ziglang.txt'), path.join(runtime, 'locks', 'components')]);
    const attempt = installZig({ dataDir: fresh, runtimeDir: runtime, target: 'linux-x86_64', python: realExecutable('python3'), uv: null, env: process.env, offline: true });
    await expect(attempt).rejects.toBeInstanceOf(ProvisionError);
    await expect(attempt).rejects.toThrow(/npm run runtime:wheels -- --with-zig/);
    expect(await findZig(fresh, process.env)).toBeNull();
  }, 120_000);
});
