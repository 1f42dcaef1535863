/**
 * The toolchain as the app sees it: which interpreter is the base, whether the pinned course environment is
 * ready, and which Python every process PyForge starts should get. On start it discovers interpreters and,
 * when the environment is missing, provisions it in the background (a progress bar on first run); every change
 * is announced to listeners (each client session forwards it to its window).
 */
import type { ToolchainState } from '../api.js';
import type { AppPaths } from '../paths.js';
import { bundledPythonRoot } from './bundledPython.js';
import { chooseDefault, discoverInterpreters, type InterpreterReport } from './interpreters.js';
import { environmentStatus, provisionEnvironment, ProvisionError } from './provision.js';
import { cargoEnvironment, prebuildCrates, type PrebuildResult } from './cargo.js';
import { findCompiler } from './compilers.js';
import { currentTarget } from './locks.js';
import { installerEnv } from './provisionLayout.js';
import { findUv } from './uv.js';
import { componentWheelhouse, findZig, installZig, zigLockFile } from './zig.js';
import { promises as fs } from 'node:fs';
import { toolchainEnv } from './env.js';
import { findPython, type PythonInfo } from './python.js';
import path from 'node:path';

export class ToolchainService {
  private current: ToolchainState = { state: 'discovering' };
  private readonly listeners = new Set<(state: ToolchainState) => void>();
  private abort: AbortController | null = null;
  private fallback: PythonInfo | null = null;
  private running: Promise<void> | null = null;
  /** CC and CXX once proven (in the background after discovery; the verdicts are cached on disk). */
  private compilers: { CC?: string; CXX?: string; ZIG_GLOBAL_CACHE_DIR?: string } = {};
  private compilersProven: Promise<{ c: boolean; cxx: boolean }> = Promise.resolve({ c: false, cxx: false });
  private cargo: Promise<Awaited<ReturnType<typeof cargoEnvironment>> | null> | null = null;
  private reports: InterpreterReport[] = [];
  private defaultReport: InterpreterReport | null = null;
  /** Environments of interpreters a workspace picked instead of the default, by executable, once ready. */
  private readonly otherEnvironments = new Map<string, Promise<PythonInfo>>();
  private prebuild: Promise<PrebuildResult | null> = Promise.resolve(null);
  private markDiscovered: () => void = () => undefined;
  /** Settles once the base interpreter is known (a few hundred ms after start), provisioned or not. */
  private readonly discovered = new Promise<void>((resolve) => (this.markDiscovered = resolve));

  constructor(
    private readonly paths: AppPaths,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  get state(): ToolchainState {
    return this.current;
  }

  onChange(listener: (state: ToolchainState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(state: ToolchainState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }

  /**
   * The Python for terminals, checks and runs: the course environment when ready, else the base interpreter.
   * Waits for discovery, so a terminal opened in the first moments still gets Python first on PATH.
   */
  async pythonForProcesses(): Promise<PythonInfo | null> {
    await this.discovered;
    return this.current.state === 'ready' ? this.current.python : this.fallback;
  }

  /** Settles when no discovery or installation is under way (checks wait for the course environment). */
  async settled(): Promise<void> {
    await this.discovered;
    while (this.running) await this.running.catch(() => undefined);
  }

  /**
   * Discovers the base and makes sure the environment exists. Safe to call again (a retry after a failure or
   * a cancel); a call while one is running joins it. With `provision: false` it only reports the status.
   */
  start(options: { provision: boolean } = { provision: true }): Promise<void> {
    this.running ??= this.run(options.provision).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * The one environment for every process PyForge starts (terminals, checks, builds, runs): the course
   * environment's `bin` first on PATH and `VIRTUAL_ENV`, the proven `CC`/`CXX`, the offline cargo set-up when
   * the crates are vendored, `PYTHONUTF8=1`, and none of PyForge's secrets.
   *
   * `waitForCompilers`: builds and checks need CC/CXX, so they wait for the compiler proofs (about a second on
   * a first start, cached after). A terminal does not: it is on the start-up path, and a shell finds cc on PATH.
   */
  async processEnvironment(interpreter: string | null = null, options: { waitForCompilers?: boolean } = {}): Promise<NodeJS.ProcessEnv> {
    const python = interpreter ? await this.environmentFor(interpreter) : await this.pythonForProcesses();
    // Looked up once per run of the app (it asks cargo and rustc for their versions).
    this.cargo ??= cargoEnvironment({ paths: this.paths, env: toolchainEnv(null, this.env) }).catch(() => null);
    const cargo = await this.cargo;
    if (options.waitForCompilers) await this.compilersProven;
    // cargo's variables come first (its folder on PATH for maturin, the private home, the shared target); then
    // the Python's bin goes in front of everything, since cargo's folder may be /usr/bin with another python3.
    return { ...toolchainEnv(python, cargo?.env ?? this.env), ...this.compilers };
  }

  /**
   * Proves the system compilers, then PyForge's zig fallback when it is installed (its proof builds zig's C
   * runtime and libc++ into the data folder, which is what warms its cache). Returns whether C and C++ work.
   */
  private async proveCompilers(python: string): Promise<{ c: boolean; cxx: boolean }> {
    const cache = path.join(this.paths.dataDir, 'cache', 'compilers.json');
    const zig = await findZig(this.paths.dataDir, this.env);
    const fallback = (language: 'c' | 'c++') => (zig ? [{ command: language === 'c' ? zig.cc : zig.cxx, source: 'zig' }] : []);
    try {
      const c = (await findCompiler('c', python, this.env, cache, fallback('c'))).find((v) => v.works);
      const cxx = (await findCompiler('c++', python, this.env, cache, fallback('c++'))).find((v) => v.works);
      const usesZig = zig && (c?.command === zig.cc || cxx?.command === zig.cxx);
      this.compilers = { ...(c ? { CC: c.command } : {}), ...(cxx ? { CXX: cxx.command } : {}), ...(usesZig ? { ZIG_GLOBAL_CACHE_DIR: zig.cacheDir } : {}) };
      return { c: Boolean(c), cxx: Boolean(cxx) };
    } catch {
      return { c: false, cxx: false }; // the doctor says what is wrong and how to fix it
    }
  }

  /**
   * Installs the zig fallback compiler (a ~100 MB download unless the wheelhouse ships it) and warms its cache,
   * with progress in the toolchain state; cancellable. For machines where no system compiler works.
   */
  installFallbackCompiler(): Promise<void> {
    this.running ??= this.runZig().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runZig(): Promise<void> {
    await this.discovered;
    const before = this.current;
    const base = ('base' in before && before.base) || this.fallback?.version || 'unknown';
    const python = before.state === 'ready' ? before.python.executable : this.fallback?.executable;
    if (!python) {
      this.set({ state: 'failed', base, message: 'Installing the zig compiler needs a Python 3.11+ first: `npm run doctor` says what was found.' });
      return;
    }
    const progress = (fraction: number | null, message: string): void =>
      this.set({ state: 'provisioning', base, progress: { phase: 'compiler', fraction, message } });
    this.abort = new AbortController();
    try {
      const target = currentTarget();
      const wheelhouse = componentWheelhouse(this.paths.runtimeDir, target);
      const offline = (await fs.readdir(wheelhouse).catch(() => [] as string[])).some((n) => n.startsWith('ziglang-'));
      progress(null, offline ? 'Installing the zig compiler from the wheelhouse' : 'Downloading the zig compiler (about 100 MB)');
      const env = installerEnv(this.env, this.paths.dataDir);
      const uv = await findUv(this.paths.dataDir, env);
      await installZig({ dataDir: this.paths.dataDir, runtimeDir: this.paths.runtimeDir, target, python, uv, env, offline, signal: this.abort.signal });
      progress(0.3, 'Warming the zig cache: building the C and C++ runtimes once (a few minutes, only this time)');
      const works = await this.proveCompilers(python);
      if (!works.c || !works.cxx) throw new Error(`zig was installed but could not build a test extension (${works.c ? 'C++' : 'C'}): \`npm run doctor\` shows its error`);
      this.set(before.state === 'provisioning' ? { state: 'missing', base, message: 'The course environment is not installed yet.' } : before);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.set({ state: 'failed', base, message });
    } finally {
      this.abort = null;
    }
  }

  /**
   * The Rust crates' prebuild for the course environment, once it is ready: resolves null when Rust or the
   * vendored crates are missing, or when it failed (the doctor and the first build say why).
   */
  rustPrebuilt(): Promise<PrebuildResult | null> {
    return this.prebuild;
  }

  /**
   * Compiles the vendored pyo3/numpy crates once into the shared target folder in the background (~30 s
   * cold), so a student's first PyO3 build compiles only their crate. `PYFORGE_RUST_PREBUILD=off` skips it
   * (tests that do not build Rust, on a 2-core machine).
   */
  private startPrebuild(python: string): void {
    if (this.env.PYFORGE_RUST_PREBUILD === 'off') return;
    this.prebuild = (async () => {
      const cargo = await cargoEnvironment({ paths: this.paths, env: toolchainEnv(null, this.env) }).catch(() => null);
      if (!cargo?.env) return null;
      const showTask = (task: string | undefined): void => {
        const state = this.current;
        if (state.state === 'ready' && state.python.executable === python) this.set({ state: 'ready', base: state.base, python: state.python, ...(task ? { task } : {}) });
      };
      const timer = setTimeout(() => showTask('preparing Rust crates for the PyO3 exercises'), 1000); // a marker hit shows nothing
      try {
        return await prebuildCrates({ paths: this.paths, python, env: toolchainEnv(null, this.env) });
      } catch {
        return null;
      } finally {
        clearTimeout(timer);
        showTask(undefined);
      }
    })();
  }

  /**
   * A lab machine without a working compiler whose installer ships the zig wheel gets it at provisioning, with
   * no question asked (it costs no download); elsewhere the doctor offers it.
   */
  private async zigWhereShippedAndNeeded(provision: boolean): Promise<void> {
    if (!provision) return;
    const works = await this.compilersProven;
    if ((!works.c || !works.cxx) && (await this.zigShipped())) await this.runZig();
  }

  /** Whether the zig wheel could be installed without a network (a wheelhouse ships it) and a lock pins it. */
  private async zigShipped(): Promise<boolean> {
    const wheelhouse = componentWheelhouse(this.paths.runtimeDir, currentTarget());
    const [names, lock] = await Promise.all([fs.readdir(wheelhouse).catch(() => [] as string[]), fs.stat(zigLockFile(this.paths.runtimeDir)).catch(() => null)]);
    return Boolean(lock) && names.some((n) => n.startsWith('ziglang-'));
  }

  /** Every interpreter discovery found (usable or not, with why), and the default one. */
  async interpreters(): Promise<{ reports: InterpreterReport[]; defaultExecutable: string | null }> {
    await this.discovered;
    return { reports: this.reports, defaultExecutable: this.defaultReport?.executable ?? null };
  }

  /** The discovered interpreter with this executable when a workspace may use it, else an error message. */
  async usableInterpreter(executable: string): Promise<InterpreterReport | string> {
    const { reports } = await this.interpreters();
    const report = reports.find((r) => r.executable === executable);
    if (!report) return `${executable} is not among the interpreters found; \`npm run doctor\` lists them`;
    if (report.status === 'refused' || !report.version) return `Python at ${executable} cannot be used: ${report.reason}`;
    return report;
  }

  /**
   * The course environment of a workspace's chosen interpreter: the default's when it is the default, else
   * that interpreter's own pinned environment, provisioned on first use (progress in the toolchain state,
   * cancellable) and kept. Falls back to the default when the choice is gone (an uninstalled Python).
   */
  async environmentFor(executable: string): Promise<PythonInfo | null> {
    const report = await this.usableInterpreter(executable);
    if (typeof report === 'string' || executable === this.defaultReport?.executable) return this.pythonForProcesses();
    let pending = this.otherEnvironments.get(executable);
    if (!pending) {
      pending = this.provisionOther({ executable, version: report.version! });
      this.otherEnvironments.set(executable, pending);
      pending.catch(() => this.otherEnvironments.delete(executable));
    }
    return pending;
  }

  private async provisionOther(base: { executable: string; version: string }): Promise<PythonInfo> {
    const status = await environmentStatus({ base, paths: this.paths });
    if (status.state === 'ready') return { executable: status.python, version: base.version, envDir: status.envDir };
    const before = this.current;
    const abort = new AbortController();
    this.abort ??= abort;
    try {
      const result = await provisionEnvironment({
        base,
        paths: this.paths,
        env: this.env,
        signal: abort.signal,
        onProgress: (progress) => this.set({ state: 'provisioning', base: base.version, progress: { ...progress, message: `Python ${base.version} for this workspace: ${progress.message}` } }),
      });
      return { executable: result.python, version: base.version, envDir: result.envDir };
    } finally {
      if (this.abort === abort) this.abort = null;
      this.set(before);
    }
  }

  cancel(): void {
    this.abort?.abort();
  }

  private async run(provision: boolean): Promise<void> {
    this.set({ state: 'discovering' });
    const bundledRoot = await bundledPythonRoot(this.paths.resourcesDir, this.paths.dataDir, this.env);
    const reports = await discoverInterpreters(bundledRoot, this.env).catch(() => []);
    const chosen = chooseDefault(reports);
    this.reports = reports;
    this.defaultReport = chosen;
    // Until the environment is ready, processes get PYFORGE_PYTHON or python3 on PATH, as before provisioning.
    this.fallback = (await findPython(this.env)) ?? (chosen?.executable && chosen.version ? { executable: chosen.executable, version: chosen.version } : null);
    this.markDiscovered();
    if (chosen?.status === 'ok' && chosen.executable) this.compilersProven = this.proveCompilers(chosen.executable);
    if (!chosen?.executable || !chosen.version) {
      this.set({ state: 'failed', message: 'No supported Python (3.11–3.13) was found: install one, or set PYFORGE_PYTHON. `npm run doctor` lists what was found and why each was refused.' });
      return;
    }
    const base = { executable: chosen.executable, version: chosen.version };
    const status = await environmentStatus({ base, paths: this.paths }).catch((err: unknown) => ({ state: 'unknown' as const, err }));
    if (status.state === 'ready') {
      this.set({ state: 'ready', base: base.version, python: { executable: status.python, version: base.version, envDir: status.envDir } });
      if (provision) this.startPrebuild(status.python);
      await this.zigWhereShippedAndNeeded(provision);
      return;
    }
    if (!provision) {
      this.set({ state: 'missing', base: base.version, message: 'The course environment is not installed yet.' });
      return;
    }
    this.abort = new AbortController();
    try {
      this.set({ state: 'provisioning', base: base.version, progress: { phase: 'interpreter', fraction: 0, message: 'Preparing the course environment' } });
      const result = await provisionEnvironment({
        base,
        paths: this.paths,
        env: this.env,
        signal: this.abort.signal,
        onProgress: (progress) => this.set({ state: 'provisioning', base: base.version, progress }),
      });
      this.set({ state: 'ready', base: base.version, python: { executable: result.python, version: base.version, envDir: result.envDir } });
      this.abort = null;
      this.startPrebuild(result.python);
      await this.zigWhereShippedAndNeeded(provision);
    } catch (err) {
      const message = err instanceof ProvisionError || err instanceof Error ? err.message : String(err);
      this.set({ state: 'failed', base: base.version, message });
    } finally {
      this.abort = null;
    }
  }
}
