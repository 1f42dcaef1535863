/**
 * Finds the Python the terminal puts first on PATH. For now: `PYFORGE_PYTHON`, else `python3` (`python` on
 * Windows) on PATH. The interpreter reports its own `sys.executable`, so a pyenv shim (~120 ms a start) is
 * resolved once to the real binary. The bundled, pinned toolchain replaces this in a later issue.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface PythonInfo {
  executable: string;
  version: string;
  /** Set when this is the course environment (a virtual environment), not a base interpreter. */
  envDir?: string;
}

const PROBE = 'import sys, platform; print(sys.executable); print(platform.python_version())';

export async function probePython(candidate: string): Promise<PythonInfo | null> {
  try {
    const { stdout } = await execFileAsync(candidate, ['-c', PROBE], { timeout: 15_000, windowsHide: true });
    const [executable, version] = stdout.trim().split(/\r?\n/);
    return executable && version ? { executable, version } : null;
  } catch {
    return null;
  }
}

export async function findPython(env: NodeJS.ProcessEnv = process.env): Promise<PythonInfo | null> {
  const candidates = [env.PYFORGE_PYTHON, process.platform === 'win32' ? 'python' : 'python3'].filter(
    (c): c is string => Boolean(c),
  );
  for (const candidate of candidates) {
    const info = await probePython(candidate);
    if (info) return info;
  }
  return null;
}
