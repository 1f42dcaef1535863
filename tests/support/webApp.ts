/**
 * Starts PyForge's browser mode exactly as a user does (`npm run web -- --port 0`) with a private data folder,
 * and reads the URL it prints. `stop()` ends the whole process group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunningWebApp {
  url: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

export async function startWebApp(extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningWebApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pyforge-data-'));
  // A fresh HOME keeps the machine's own ~/.bashrc (pyenv init, conda) out of the terminals under test: a shell
  // killed while `pyenv init` holds its lock leaves the lock behind and stalls every later shell for a minute.
  const home = path.join(dataDir, 'home');
  mkdirSync(home);
  const child: ChildProcess = spawn('npm', ['run', '--silent', 'web', '--', '--port', '0'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      HOME: home,
      // rustup's cargo and rustc find their toolchains through HOME unless told: keep the machine's Rust visible.
      RUSTUP_HOME: process.env.RUSTUP_HOME ?? path.join(os.homedir(), '.rustup'),
      CARGO_HOME: process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo'),
      PYFORGE_DATA_DIR: dataDir,
      // The background Rust prebuild (~30 s of both cores) is tested in tests/integration/rust.test.ts.
      PYFORGE_RUST_PREBUILD: 'off',
      // Packages come from one cache shared by test runs, so each run's fresh data folder installs in seconds.
      UV_CACHE_DIR: process.env.UV_CACHE_DIR ?? path.join(os.tmpdir(), 'pyforge-test-uv-cache'),
      ...extraEnv,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run web printed no URL within 120 s:\n${output}`)), 120_000);
    const check = (): void => {
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm run web exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    output: () => output,
    async stop() {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
