/**
 * PyO3 exercises for real: the vendored crates (vendored from crates.io once if missing), real cargo and maturin,
 * the course environment's Python, and the app's own Build (`runBuild`: pyforge_build.py in the sandbox). Builds are offline: the private CARGO_HOME is empty but for the source
 * replacement, CARGO_NET_OFFLINE is set, and every proxy variable points at a closed port.
 * The file shares one prebuilt data folder; durations are printed because they are part of what this proves.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, promises as fs, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../electron/core/api.js';
import { runBuild } from '../../electron/core/build/service.js';
import type { Exercise } from '../../electron/core/lessons/course.js';
import type { AppPaths } from '../../electron/core/paths.js';
import { cargoEnvironment, prebuildCrates } from '../../electron/core/toolchain/cargo.js';
import { ensureVendoredCrates } from '../support/crates.js';
import { HELLO_PYO3 } from '../support/pyo3Fixtures.js';
import { ToolchainService } from '../../electron/core/toolchain/service.js';
import { repoRoot } from '../support/webApp.js';

const RUNTIME = path.join(repoRoot, 'python-runtime');
const TEMPLATE = path.join(RUNTIME, 'crates-template');
const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'pyforge-rust-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const timings: Record<string, number> = {};
afterAll(() => console.log('rust timings (ms):', JSON.stringify(timings, null, 1)));

const NO_NETWORK: NodeJS.ProcessEnv = Object.fromEntries(
  ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'].map((k) => [k, 'http://127.0.0.1:9']),
);
const env: NodeJS.ProcessEnv = { ...process.env, ...NO_NETWORK };

let python = '';
const pathsFor = (dataDir: string): AppPaths => ({ resourcesDir: repoRoot, lessonsDir: path.join(repoRoot, 'lessons'), runtimeDir: RUNTIME, dataDir });
const shared = pathsFor(path.join(root, 'data'));

let service: ToolchainService;

beforeAll(async () => {
  // The one step that needs crates.io; afterwards everything is offline.
  await ensureVendoredCrates();
  // The app's own start-up path: provisioning the course environment (from the shared test cache), which
  // then prebuilds the crates in the background.
  service = new ToolchainService(shared, { ...process.env, UV_CACHE_DIR: process.env.UV_CACHE_DIR ?? path.join(os.tmpdir(), 'pyforge-test-uv-cache') });
}, 300_000);

/** A student crate: the template's manifests (same dependencies, features, profile) under another name. */
async function writeCrate(name: string, lib: string): Promise<string> {
  const dir = path.join(root, 'crates', `${name}-${Math.random().toString(36).slice(2, 8)}`);
  await fs.mkdir(path.join(dir, 'src'), { recursive: true });
  for (const file of ['Cargo.toml', 'pyproject.toml']) {
    await fs.writeFile(path.join(dir, file), readFileSync(path.join(TEMPLATE, file), 'utf8').replaceAll('pyforge_crates_template', name));
  }
  await fs.writeFile(path.join(dir, 'src', 'lib.rs'), lib);
  return dir;
}

const HELLO = HELLO_PYO3;

/** The app's environment for builds (compilers, offline cargo), with cargo's folders under `paths`' data folder. */
async function buildEnvironment(paths: AppPaths = shared): Promise<NodeJS.ProcessEnv> {
  const base = { ...(await service.processEnvironment(null, { waitForCompilers: true })), ...NO_NETWORK };
  const cargo = await cargoEnvironment({ paths, env: base });
  if (!cargo.env) throw new Error(cargo.problem ?? 'no cargo environment');
  return cargo.env;
}

/** The Build command of a rust-extension exercise whose workspace is the crate: the module lands in its build/. */
async function build(crateDir: string, paths: AppPaths = shared, signal?: AbortSignal): Promise<BuildResult> {
  const exercise = { id: 'x', title: 'x', kind: 'rust-extension', dir: crateDir, instructions: '', files: [], hints: [], check: { timeoutSeconds: 60 }, build: { kind: 'maturin' } } as Exercise;
  return runBuild({ buildId: `b${Math.random()}`, exercise, workspace: crateDir, python, env: await buildEnvironment(paths), runtimeDir: RUNTIME, onOutput: () => undefined, signal });
}

function expectOk(result: BuildResult): void {
  if (!result.ok) throw new Error(`build failed: ${result.summary}\n${result.output.slice(-3000)}`);
}

describe('PyO3 crates, offline', () => {
  let helloDir = '';

  it('prebuilds the pinned dependencies once at provisioning (cold, shown as a task), then knows they are there', async () => {
    const tasks: string[] = [];
    service.onChange((s) => s.state === 'ready' && s.task && tasks.push(s.task));
    await service.start();
    const state = service.state;
    if (state.state !== 'ready') throw new Error(`the course environment is not ready: ${JSON.stringify(state)}`);
    python = state.python.executable;
    const cold = await service.rustPrebuilt();
    expect(cold?.built).toBe(true);
    expect(tasks.join(' ')).toContain('Rust');
    expect(service.state).toMatchObject({ state: 'ready' });
    expect(service.state.state === 'ready' && service.state.task).toBeFalsy();
    if (!cold) return;
    timings.prebuildCold = cold.durationMs;
    const again = await prebuildCrates({ paths: shared, python, env });
    expect(again).toMatchObject({ built: false, key: cold.key });
    expect(again.durationMs).toBeLessThan(2_000);
    timings.prebuildAgain = again.durationMs;
  }, 600_000);

  it('builds a fresh crate offline against the prebuilt dependencies, and Python imports it', async () => {
    helloDir = await writeCrate('hello', HELLO);
    const started = performance.now();
    const result = await build(helloDir);
    expectOk(result);
    expect(result.skipped).toBe(false);
    timings.studentFirstAfterPrebuild = Math.round(performance.now() - started);
    const run = spawnSync(python, ['-c', 'import hello; print(hello.greet("forge"))'], { env: { ...env, PYTHONPATH: path.join(helloDir, 'build') }, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('hello, forge');
    // Nothing was fetched into the private CARGO_HOME (cargo keeps only its lock and cache-tracking files there).
    const home = readdirSync(path.join(shared.dataDir, 'cargo-home'));
    expect(home).toContain('config.toml');
    expect(home.filter((n) => n === 'registry' || n === 'git')).toEqual([]);
  }, 120_000);

  it('skips the build of an unchanged crate', async () => {
    const result = await build(helloDir);
    expectOk(result);
    expect(result.skipped).toBe(true);
    timings.studentRebuildUnchanged = result.durationMs;
  }, 120_000);

  it('reports a compile error with its file and line', async () => {
    const broken = await writeCrate('broken', HELLO.replace('format!("hello, {name}")', 'format!("hello, {name}");\n    undefined_name'));
    const result = await build(broken);
    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/^Build failed/);
    expect(result.diagnostics.find((d) => d.severity === 'error')).toMatchObject({ file: 'src/lib.rs', line: 6, code: 'E0425' });
    expect(result.diagnostics.find((d) => d.severity === 'error')?.message).toContain('cannot find value `undefined_name`');
  }, 120_000);

  it('stops a build when cancelled, leaving no compiler running', async () => {
    const paths = pathsFor(path.join(root, 'data-cancelled'));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1_500);
    const crate = await writeCrate('hello', HELLO);
    const result = await build(crate, paths, controller.signal);
    expect(result).toMatchObject({ ok: false, summary: 'Build cancelled' });
    const stillRunning = async (): Promise<string[]> => {
      const lines = await Promise.all(
        readdirSync('/proc')
          .filter((n) => /^\d+$/.test(n))
          .map((pid) => fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')),
      );
      return lines.filter((l) => l.includes(paths.dataDir) || l.includes(crate)).map((l) => l.replaceAll('\0', ' '));
    };
    for (let i = 0; i < 50 && (await stillRunning()).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await stillRunning()).toEqual([]);
  }, 60_000);

  it('makes a first student build at most a quarter of one with an empty target folder', async () => {
    const empty = pathsFor(path.join(root, 'data-empty'));
    const started = performance.now();
    expectOk(await build(await writeCrate('hello', HELLO), empty));
    const durationMs = Math.round(performance.now() - started);
    timings.studentFirstEmptyTarget = durationMs;
    const ratio = (timings.studentFirstAfterPrebuild ?? Infinity) / durationMs;
    console.log(`first student build: ${timings.studentFirstAfterPrebuild} ms after prebuild, ${durationMs} ms with an empty target (ratio ${ratio.toFixed(3)})`);
    expect(ratio).toBeLessThanOrEqual(0.25);
  }, 600_000);
});

describe('without vendored crates', () => {
  it('explains how to vendor them', async () => {
    const runtimeDir = path.join(root, 'no-runtime');
    await fs.mkdir(runtimeDir, { recursive: true });
    const result = await cargoEnvironment({ paths: { ...shared, runtimeDir }, env });
    expect(result.env).toBeNull();
    expect(result.vendorDir).toBeNull();
    expect(result.problem).toMatch(/npm run runtime:crates/);
  });
});
