/** Which shell a new terminal runs: the user's login shell where it exists, else a sensible default. */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface ShellCommand {
  file: string;
  args: string[];
}

/**
 * @param runtimeDir the app's python-runtime folder; bash gets its start-up file from there so the
 *   toolchain stays first on PATH after the user's own ~/.bashrc.
 */
export function defaultShell(runtimeDir: string, env: NodeJS.ProcessEnv = process.env): ShellCommand {
  if (process.platform === 'win32') return { file: env.COMSPEC?.toLowerCase().includes('powershell') ? env.COMSPEC : 'powershell.exe', args: ['-NoLogo'] };
  const candidates = [env.PYFORGE_SHELL, env.SHELL, '/bin/bash', '/bin/zsh', '/bin/sh'];
  const file = candidates.find((c): c is string => Boolean(c) && existsSync(c!)) ?? '/bin/sh';
  const rcfile = path.join(runtimeDir, 'shell', 'pyforge.bashrc');
  if (path.basename(file) === 'bash' && existsSync(rcfile)) return { file, args: ['--rcfile', rcfile, '-i'] };
  return { file, args: [] };
}
