/** Rust for the PyO3 exercises: cargo and rustc from PATH, else rustup's ~/.cargo/bin. */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface ToolFound {
  command: string;
  version: string;
}

async function versionOf(command: string): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync(command, ['--version'], { timeout: 15_000 });
    return stdout.trim().split('\n')[0] ?? '';
  } catch {
    return null;
  }
}

export async function findRustTool(name: 'cargo' | 'rustc', env: NodeJS.ProcessEnv = process.env): Promise<ToolFound | null> {
  const exe = process.platform === 'win32' ? `${name}.exe` : name;
  const cargoHome = env.CARGO_HOME ?? path.join(os.homedir(), '.cargo');
  for (const command of [name, path.join(cargoHome, 'bin', exe)]) {
    const version = await versionOf(command);
    if (version !== null) return { command, version };
  }
  return null;
}
