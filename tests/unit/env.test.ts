import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolchainEnv } from '../../electron/core/toolchain/env.js';

const python = { executable: '/opt/toolchain/bin/python3', version: '3.12.4' };
const BIN = '/opt/toolchain/bin';
const D = path.delimiter;

describe('toolchainEnv', () => {
  it("puts the python's folder first on PATH and removes its later duplicate", () => {
    const env = toolchainEnv(python, { PATH: ['/usr/local/bin', BIN, '/usr/bin', BIN, '/bin'].join(D) });
    expect(env.PATH).toBe([BIN, '/usr/local/bin', '/usr/bin', '/bin'].join(D));
  });

  it('drops empty PATH entries (which would mean the current folder)', () => {
    const env = toolchainEnv(python, { PATH: ['', '/usr/bin', '', '/bin', ''].join(D) });
    expect(env.PATH).toBe([BIN, '/usr/bin', '/bin'].join(D));
  });

  it('creates PATH when the base has none', () => {
    expect(toolchainEnv(python, {}).PATH).toBe(BIN);
  });

  it('sets PYTHONUTF8=1 and PYFORGE_TOOLCHAIN_BIN', () => {
    const env = toolchainEnv(python, { PATH: '/usr/bin', PYTHONUTF8: '0' });
    expect(env.PYTHONUTF8).toBe('1');
    expect(env.PYFORGE_TOOLCHAIN_BIN).toBe(BIN);
  });

  it("strips PyForge's and its host's private variables and keeps the rest", () => {
    const base = {
      PATH: '/usr/bin',
      HOME: '/home/ada',
      LANG: 'sl_SI.UTF-8',
      PYFORGE_TOKEN: 'secret-token',
      PYFORGE_SECRET_KEY: 'k',
      ELECTRON_RUN_AS_NODE: '1',
      npm_config_x: 'y',
      npm_package_version: '0.1.0',
      VITE_DEV_SERVER_URL: 'http://localhost:5173',
      PYFORGE_PYTHON: '/usr/bin/python3',
      MY_ELECTRON_THING: 'kept: only the prefix is private',
      UNDEFINED_ONE: undefined,
    };
    const env = toolchainEnv(python, base);
    for (const key of ['PYFORGE_TOKEN', 'PYFORGE_SECRET_KEY', 'ELECTRON_RUN_AS_NODE', 'npm_config_x', 'npm_package_version', 'VITE_DEV_SERVER_URL']) {
      expect(env, key).not.toHaveProperty(key);
    }
    expect(env).not.toHaveProperty('UNDEFINED_ONE');
    expect(env).toMatchObject({ HOME: '/home/ada', LANG: 'sl_SI.UTF-8', PYFORGE_PYTHON: '/usr/bin/python3', MY_ELECTRON_THING: base.MY_ELECTRON_THING });
    expect(Object.values(env)).not.toContain('secret-token');
  });

  it('does not modify the base environment', () => {
    const base = { PATH: '/usr/bin', PYFORGE_TOKEN: 't' };
    toolchainEnv(python, base);
    expect(base).toEqual({ PATH: '/usr/bin', PYFORGE_TOKEN: 't' });
  });

  it('leaves PATH alone and sets no toolchain bin when there is no python', () => {
    const env = toolchainEnv(null, { PATH: ['/usr/bin', '/bin'].join(D), PYFORGE_TOKEN: 't' });
    expect(env.PATH).toBe(['/usr/bin', '/bin'].join(D));
    expect(env).not.toHaveProperty('PYFORGE_TOOLCHAIN_BIN');
    expect(env).not.toHaveProperty('PYFORGE_TOKEN');
    expect(env.PYTHONUTF8).toBe('1');
  });

  it('keeps the spelling of a Windows-style "Path" key', () => {
    const env = toolchainEnv(python, { Path: '/usr/bin' });
    expect(env.Path).toBe([BIN, '/usr/bin'].join(D));
    expect(env).not.toHaveProperty('PATH');
  });

  it('defaults to process.env', () => {
    const env = toolchainEnv(python);
    expect(env.HOME).toBe(process.env.HOME);
    expect(env.PATH!.split(D)[0]).toBe(BIN);
  });
});
