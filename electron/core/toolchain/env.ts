/**
 * The one environment for every process PyForge starts: the toolchain's Python first on PATH, UTF-8 I/O, and
 * none of PyForge's own secrets.
 */
import path from 'node:path';
import type { PythonInfo } from './python.js';

/** Variables that belong to PyForge or its host process and must never reach student code. */
const PRIVATE_VARIABLES = [/^PYFORGE_TOKEN$/, /^PYFORGE_SECRET/, /^ELECTRON_/, /^npm_/, /^VITE_/];

function pathKey(env: NodeJS.ProcessEnv): string {
  // Windows spells it "Path" and keys are case-insensitive there.
  return Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
}

export function toolchainEnv(python: PythonInfo | null, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !PRIVATE_VARIABLES.some((re) => re.test(key))) env[key] = value;
  }
  const key = pathKey(env);
  if (python) {
    const bin = path.dirname(python.executable);
    const rest = (env[key] ?? '').split(path.delimiter).filter((p) => p && p !== bin);
    env[key] = [bin, ...rest].join(path.delimiter);
    env.PYFORGE_TOOLCHAIN_BIN = bin;
    if (python.envDir) env.VIRTUAL_ENV = python.envDir;
    else delete env.VIRTUAL_ENV; // an activated venv of the user's must not leak into the course's processes
  }
  env.PYTHONUTF8 = '1';
  return env;
}
