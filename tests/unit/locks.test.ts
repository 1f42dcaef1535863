/** The lock matrix: target names, lock lookup and its errors, the lock hash; against the committed locks. */
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGETS, countPinned, currentTarget, lockFileFor, lockFileName, lockHash, minorVersion } from '../../electron/core/toolchain/locks.js';
import { ProvisionError } from '../../electron/core/toolchain/provisionError.js';
import { useTempDirs } from '../helpers/temp.js';
import { repoRoot } from '../support/webApp.js';

const runtimeDir = path.join(repoRoot, 'python-runtime');
const matrix = JSON.parse(readFileSync(path.join(runtimeDir, 'locks', 'matrix.json'), 'utf8')) as { pythons: string[]; targets: Record<string, unknown> };
const tempDir = useTempDirs('pyforge-locks-');

describe('currentTarget', () => {
  it.each([
    ['linux', 'x64', 'linux-x86_64'],
    ['linux', 'arm64', 'linux-aarch64'],
    ['darwin', 'arm64', 'macos-arm64'],
    ['darwin', 'x64', 'macos-x86_64'],
    ['win32', 'x64', 'windows-x86_64'],
  ])('maps %s/%s to %s', (platform, arch, target) => {
    expect(currentTarget(platform, arch)).toBe(target);
  });

  it('refuses a platform without locks, naming the supported ones', () => {
    expect(() => currentTarget('linux', 'ia32')).toThrowError(/no pinned Python environment for linux-ia32; supported: linux-x86_64, .*windows-x86_64/);
    expect(() => currentTarget('freebsd', 'x64')).toThrowError(ProvisionError);
  });

  it('knows the same targets as the lock matrix the scripts read', () => {
    expect([...TARGETS].sort()).toEqual(Object.keys(matrix.targets).sort());
  });
});

describe('lockFileFor', () => {
  it('finds the committed lock for every Python and target of the matrix', async () => {
    for (const python of matrix.pythons) {
      for (const target of TARGETS) {
        const file = await lockFileFor(runtimeDir, python, target);
        expect(path.basename(file)).toBe(`py${python}-${target}.txt`);
        const text = await fs.readFile(file, 'utf8');
        // Every pin carries hashes (pip's --require-hashes refuses the file otherwise).
        expect(countPinned(text)).toBeGreaterThanOrEqual(25);
        expect(text.split('\n').filter((l) => /^[a-z0-9]/i.test(l)).every((l) => l.endsWith('\\'))).toBe(true);
      }
    }
  });

  it('takes a full version and uses its X.Y', async () => {
    expect(path.basename(await lockFileFor(runtimeDir, '3.12.1', 'linux-x86_64'))).toBe('py3.12-linux-x86_64.txt');
    expect(lockFileName('3.13.0rc1', 'macos-arm64')).toBe('py3.13-macos-arm64.txt');
  });

  it('says which combinations exist when there is no lock', async () => {
    const err = await lockFileFor(runtimeDir, '3.10', 'linux-x86_64').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvisionError);
    expect((err as ProvisionError).reason).toBe('no_lock');
    expect((err as ProvisionError).message).toMatch(/no pinned environment for Python 3\.10 on linux-x86_64 \(expected .*py3\.10-linux-x86_64\.txt\)/);
    expect((err as ProvisionError).message).toContain('Python 3.12 on linux-x86_64');
  });

  it('says how to make locks when there are none at all', async () => {
    const dir = await tempDir();
    await expect(lockFileFor(dir, '3.12', 'linux-x86_64')).rejects.toThrowError(/no locks were found: run `npm run runtime:lock`/);
  });

  it('rejects a version that is not one', () => {
    expect(minorVersion('3.12.1')).toBe('3.12');
    expect(() => minorVersion('python')).toThrowError(/not a Python version/);
  });
});

describe('lockHash', () => {
  it('is the first 16 hex digits of the sha256 of the content, and follows it', async () => {
    const file = path.join(await tempDir(), 'lock.txt');
    await fs.writeFile(file, 'numpy==2.0.0 \\\n    --hash=sha256:00\n');
    const expected = createHash('sha256').update('numpy==2.0.0 \\\n    --hash=sha256:00\n').digest('hex').slice(0, 16);
    expect(await lockHash(file)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{16}$/);
    await fs.appendFile(file, 'scipy==1.0.0\n');
    expect(await lockHash(file)).not.toBe(expected);
  });

  it('differs between the committed locks of different versions', async () => {
    const a = await lockHash(await lockFileFor(runtimeDir, '3.11', 'linux-x86_64'));
    const b = await lockHash(await lockFileFor(runtimeDir, '3.12', 'linux-x86_64'));
    expect(a).not.toBe(b);
  });
});
