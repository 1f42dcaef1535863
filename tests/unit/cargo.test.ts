import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnv, cratesLayout, homeConfig, maturinArgs, prebuildKey } from '../../electron/core/toolchain/cargo.js';

const SHIPPED = `# comment
[source.crates-io]
replace-with = "vendored-sources"

[source.vendored-sources]
directory = "crates/vendor"
`;

describe('homeConfig', () => {
  it('makes the vendored directory absolute the way cargo resolves it: against the config folder\u2019s parent', () => {
    const config = homeConfig(SHIPPED, path.resolve('/app/resources/python-runtime/crates/config.toml'));
    expect(config).toContain(`directory = ${JSON.stringify(path.resolve('/app/resources/python-runtime/crates/vendor'))}`);
    expect(config).toContain('replace-with = "vendored-sources"');
  });

  it('keeps an absolute directory and escapes quotes and backslashes for TOML', () => {
    expect(homeConfig('directory = "/x/vendor"\n', '/a/b/config.toml')).toBe(`directory = ${JSON.stringify(path.resolve('/x/vendor'))}\n`);
    // A folder name with a quote or a backslash (legal on Linux and macOS) must not break the TOML string.
    const folder = path.resolve('/a/we"ird\\x');
    expect(homeConfig('directory = "vendor"\n', path.join(folder, 'crates', 'config.toml'))).toBe(
      `directory = ${JSON.stringify(path.join(folder, 'vendor'))}\n`,
    );
  });
});

describe('cratesLayout', () => {
  it('puts everything under python-runtime', () => {
    const layout = cratesLayout('/r/python-runtime');
    expect(layout.vendorDir).toBe(path.join('/r/python-runtime', 'crates', 'vendor'));
    expect(layout.template).toBe(path.join('/r/python-runtime', 'crates-template', 'Cargo.toml'));
  });
});

describe('buildEnv', () => {
  const dirs = { cargoHome: '/data/cargo-home', targetDir: '/data/cargo-target', toolDir: '/home/u/.cargo/bin' };

  it('sets the private home, the shared target, offline, and cargo first on PATH', () => {
    const env = buildEnv({ PATH: ['/usr/bin', '/home/u/.cargo/bin'].join(path.delimiter), CARGO_HOME: '/home/u/.cargo', HOME: '/home/u' }, dirs);
    expect(env).toMatchObject({ CARGO_HOME: '/data/cargo-home', CARGO_TARGET_DIR: '/data/cargo-target', CARGO_NET_OFFLINE: 'true', HOME: '/home/u' });
    expect(env.PATH).toBe(['/home/u/.cargo/bin', '/usr/bin'].join(path.delimiter));
  });

  it('drops what would change the fingerprints of the prebuilt dependencies', () => {
    const env = buildEnv({ RUSTFLAGS: '-C target-cpu=native', CARGO_PROFILE_RELEASE_LTO: 'true', PYO3_PYTHON: '/x', CARGO_BUILD_TARGET: 'y', RUSTUP_TOOLCHAIN: 'stable' }, dirs);
    expect(Object.keys(env).filter((k) => /RUSTFLAGS|PROFILE|PYO3|BUILD_TARGET/.test(k))).toEqual([]);
    expect(env.RUSTUP_TOOLCHAIN).toBe('stable');
  });
});

describe('prebuildKey', () => {
  const parts = { lock: 'lock', manifest: 'manifest', rustcVersion: 'rustc 1.95.0', python: '/envs/3.13/bin/python' };

  it('is stable and changes with each of its inputs', () => {
    const key = prebuildKey(parts);
    expect(prebuildKey({ ...parts })).toBe(key);
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    for (const field of Object.keys(parts) as (keyof typeof parts)[]) expect(prebuildKey({ ...parts, [field]: 'other' })).not.toBe(key);
  });

  it('does not confuse where one part ends and the next begins', () => {
    expect(prebuildKey({ ...parts, lock: 'ab', manifest: 'c' })).not.toBe(prebuildKey({ ...parts, lock: 'a', manifest: 'bc' }));
  });
});

describe('maturinArgs', () => {
  it('is one release build with a fixed interpreter', () => {
    expect(maturinArgs('/c/Cargo.toml', '/out', '/py')).toEqual(['build', '--release', '--offline', '--auditwheel', 'skip', '-i', '/py', '-m', '/c/Cargo.toml', '-o', '/out']);
  });
});
