/** The pure rules of provisioning: names and paths, the marker, the installers' environment, failure wording. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNetworkFailure, offlineMessage } from '../../electron/core/toolchain/envBuild.js';
import {
  MARKER_FILE,
  envDirFor,
  envName,
  envPython,
  installerEnv,
  markerMatches,
  parseMarker,
  partialDirFor,
  partialOwner,
  wheelhouseDir,
} from '../../electron/core/toolchain/provisionLayout.js';
import { parseUvVersion, uvBinaryCandidates, uvToolDir } from '../../electron/core/toolchain/uv.js';

describe('environment names and paths', () => {
  it('names an environment by Python X.Y, target and lock hash, under <dataDir>/envs', () => {
    expect(envName('3.12', 'linux-x86_64', '0123456789abcdef')).toBe('3.12-linux-x86_64-0123456789abcdef');
    expect(envDirFor('/data', '3.12', 'macos-arm64', 'ab')).toBe(path.join('/data', 'envs', '3.12-macos-arm64-ab'));
  });

  it("finds the environment's python in bin/ or, on Windows, Scripts\\python.exe", () => {
    expect(envPython('/d/envs/e', 'linux')).toBe('/d/envs/e/bin/python');
    expect(envPython('/d/envs/e', 'darwin')).toBe('/d/envs/e/bin/python');
    expect(envPython('C:\\d\\envs\\e', 'win32')).toBe('C:\\d\\envs\\e\\Scripts\\python.exe');
  });

  it('tags a build folder with its owner pid, and reads it back only from such names', () => {
    const partial = partialDirFor('/d/envs/3.12-linux-x86_64-ab', 4242, '9f8e');
    expect(partial).toBe('/d/envs/3.12-linux-x86_64-ab.partial-4242-9f8e');
    expect(partialOwner(path.basename(partial))).toBe('4242');
    expect(partialOwner('3.12-linux-x86_64-ab.partial-17-oldc0ffee')).toBe('17');
    expect(partialOwner('3.12-linux-x86_64-ab')).toBeUndefined();
    expect(partialOwner('x.partial-abc')).toBeUndefined();
    expect(partialOwner('x.partial-12-')).toBeUndefined();
  });

  it('looks for a wheelhouse at <runtime>/wheels/<target>/py<X.Y>', () => {
    expect(wheelhouseDir('/app/python-runtime', 'windows-x86_64', '3.11')).toBe(path.join('/app/python-runtime', 'wheels', 'windows-x86_64', 'py3.11'));
  });

  it('keeps a bootstrapped uv under <dataDir>/tools/uv', () => {
    expect(uvToolDir('/data')).toBe(path.join('/data', 'tools', 'uv'));
    expect(uvBinaryCandidates('/data/tools/uv')[0]).toMatch(/[/\\]bin[/\\]uv(\.exe)?$/);
  });
});

describe('the completion marker', () => {
  it('is a dot-file that reads back the lock hash and installer', () => {
    expect(MARKER_FILE.startsWith('.')).toBe(true);
    const marker = { lockHash: 'ab', installer: 'uv', base: '/py', pythonVersion: '3.12.1', target: 'linux-x86_64', createdAt: 'now' };
    expect(parseMarker(JSON.stringify(marker))).toEqual(marker);
  });

  it('matches only the same lock built from the same base interpreter', () => {
    const marker = parseMarker(JSON.stringify({ lockHash: 'ab', installer: 'pip', base: '/usr/bin/python3.11' }));
    expect(markerMatches(marker, 'ab', '/usr/bin/python3.11')).toBe(true);
    expect(markerMatches(marker, 'cd', '/usr/bin/python3.11')).toBe(false);
    expect(markerMatches(marker, 'ab', '/root/.pyenv/versions/3.11.7/bin/python3')).toBe(false);
    expect(markerMatches(null, 'ab', '/usr/bin/python3.11')).toBe(false);
  });

  it('counts a torn or foreign file as no marker', () => {
    expect(parseMarker('{"lockHash": "ab", "insta')).toBeNull();
    expect(parseMarker('{"lockHash": "ab", "installer": "conda"}')).toBeNull();
    expect(parseMarker('[]')).toBeNull();
  });
});

describe('installerEnv', () => {
  it("drops PyForge's secrets and other Pythons' variables, puts uv's cache under the data folder", () => {
    const env = installerEnv({ PATH: '/usr/bin', PYFORGE_TOKEN: 't', VIRTUAL_ENV: '/venv', PYTHONPATH: '/x', UV_PYTHON: '3.9', HOME: '/root' }, '/data');
    expect(env).toMatchObject({ PATH: '/usr/bin', HOME: '/root', UV_CACHE_DIR: path.join('/data', 'cache', 'uv'), UV_PYTHON_DOWNLOADS: 'never', PYTHONUTF8: '1' });
    for (const key of ['PYFORGE_TOKEN', 'VIRTUAL_ENV', 'PYTHONPATH', 'UV_PYTHON', 'PYFORGE_TOOLCHAIN_BIN']) expect(env).not.toHaveProperty(key);
  });

  it("keeps the user's own UV_CACHE_DIR", () => {
    expect(installerEnv({ UV_CACHE_DIR: '/mine' }, '/data').UV_CACHE_DIR).toBe('/mine');
  });
});

describe('failure wording', () => {
  it('recognises uv and pip failing for lack of network', () => {
    const uvProxy = 'error: Request failed after 3 retries in 3.5s\n  cause: Failed to fetch: https://pypi.org/simple/cffi/\n  cause: tcp connect error\n  cause: Connection refused (os error 111)';
    const uvOffline = 'hint: Packages were unavailable because the network was disabled. When the network is disabled, registry packages may only be read from the cache.';
    const pip = "WARNING: Retrying (Retry(total=0)) after connection broken by 'ProxyError('Cannot connect to proxy.', NewConnectionError(...))'\nERROR: No matching distribution found for ast-serialize==0.13.1";
    for (const text of [uvProxy, uvOffline, pip]) expect(isNetworkFailure(text)).toBe(true);
    expect(isNetworkFailure('error: Hash mismatch for `numpy==2.5.5`')).toBe(false);
  });

  it('tells the user exactly what to do without network', () => {
    expect(offlineMessage('/app/python-runtime/wheels/linux-x86_64/py3.12')).toBe(
      'no network and no wheelhouse at /app/python-runtime/wheels/linux-x86_64/py3.12: connect once, or build one with `npm run runtime:wheels` on a connected machine',
    );
  });

  it('accepts uv 0.5 and later only', () => {
    expect(parseUvVersion('uv 0.13.9 (x86_64-unknown-linux-gnu)\n')).toBe('0.13.9');
    expect(parseUvVersion('uv 1.0.0')).toBe('1.0.0');
    expect(parseUvVersion('uv 0.4.30')).toBeNull();
    expect(parseUvVersion('uvicorn 0.30.0')).toBeNull();
  });
});

describe('missingFromLock', () => {
  const lock = ['numpy==2.3.4 \\', '    --hash=sha256:abc', 'typing-extensions==4.15.0 \\', 'Pygments==2.19.2 ; sys_platform == "win32"', '# via pytest'].join('\n');

  it('accepts site-packages holding every pin, whatever the spelling of the names', async () => {
    const { missingFromLock } = await import('../../electron/core/toolchain/envBuild.js');
    expect(missingFromLock(lock, ['numpy-2.3.4.dist-info', 'typing_extensions-4.15.0.dist-info', 'pygments-2.19.2.dist-info', 'numpy'])).toEqual([]);
  });

  it('names a missing package and one at another version', async () => {
    const { missingFromLock } = await import('../../electron/core/toolchain/envBuild.js');
    expect(missingFromLock(lock, ['numpy-2.3.3.dist-info', 'pygments-2.19.2.dist-info'])).toEqual([
      'numpy==2.3.4 (found 2.3.3)',
      'typing-extensions==4.15.0 (found null)',
    ]);
  });
});
