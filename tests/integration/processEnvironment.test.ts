/** The one environment every process PyForge starts gets: real discovery, real compilers, real vendored crates. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAppPaths } from '../../electron/core/paths.js';
import { ToolchainService } from '../../electron/core/toolchain/service.js';
import { ensureVendoredCrates } from '../support/crates.js';
import { repoRoot } from '../support/webApp.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pyforge-procenv-'));
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  // The cargo set-up needs the vendored crates (crates.io once, as in CI).
  await ensureVendoredCrates();
  const service = new ToolchainService(resolveAppPaths(repoRoot, { ...process.env, PYFORGE_DATA_DIR: dataDir }), {
    ...process.env,
    PYFORGE_TOKEN: 'secret-token-value',
    RUSTFLAGS: '-C target-cpu=native',
  });
  await service.start({ provision: false });
  // The compilers are proven in the background after discovery: wait for CC to appear.
  const deadline = Date.now() + 60_000;
  do {
    env = await service.processEnvironment();
    if (env.CC) break;
    await new Promise((r) => setTimeout(r, 200));
  } while (Date.now() < deadline);
}, 180_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('processEnvironment', () => {
  it("puts the toolchain's Python first on PATH, even ahead of cargo's folder", () => {
    const resolved = spawnSync('sh', ['-c', 'command -v python3'], { env, encoding: 'utf8' }).stdout.trim();
    expect(path.dirname(resolved)).toBe(env.PYFORGE_TOOLCHAIN_BIN);
    expect(env.PATH!.split(path.delimiter)[0]).toBe(env.PYFORGE_TOOLCHAIN_BIN);
    expect(env.PYTHONUTF8).toBe('1');
  });

  it('names the proven C and C++ compilers', () => {
    expect(env.CC).toBeTruthy();
    expect(env.CXX).toBeTruthy();
    expect(spawnSync(env.CC!, ['--version'], { env }).status).toBe(0);
  });

  it('sets up cargo offline with the private home and the shared target folder', () => {
    expect(env.CARGO_HOME).toBe(path.join(dataDir, 'cargo-home'));
    expect(env.CARGO_TARGET_DIR).toBe(path.join(dataDir, 'cargo-target'));
    expect(env.CARGO_NET_OFFLINE).toBe('true');
    expect(spawnSync('cargo', ['--version'], { env }).status).toBe(0);
    // A user's RUSTFLAGS would rebuild the prebuilt dependencies for every exercise.
    expect(env.RUSTFLAGS).toBeUndefined();
  });

  it("carries none of PyForge's secrets", () => {
    expect(env.PYFORGE_TOKEN).toBeUndefined();
    expect(Object.values(env)).not.toContain('secret-token-value');
  });
});
