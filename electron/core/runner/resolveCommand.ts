/**
 * Finds the program a run will execute, before anything is spawned. Behind the sandbox wrappers a missing
 * program is only "sh: exec: X: not found" and exit code 127; looking it up first gives a clear
 * 'failed-to-start' instead. POSIX only: on Windows spawn itself reports ENOENT.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

/** sh's fallback when the environment has no PATH. */
const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

export type CommandLookup = { found: true; path: string } | { found: false; reason: 'not found' | 'permission denied' | 'is a directory' };

async function check(candidate: string): Promise<CommandLookup> {
  const stat = await fs.stat(candidate).catch(() => null);
  if (!stat) return { found: false, reason: 'not found' };
  if (stat.isDirectory()) return { found: false, reason: 'is a directory' };
  const executable = await fs.access(candidate, constants.X_OK).then(
    () => true,
    () => false,
  );
  return executable ? { found: true, path: candidate } : { found: false, reason: 'permission denied' };
}

/** Resolves `command` as `exec` would: a name with a slash relative to `cwd`, a bare name on PATH. */
export async function resolveCommand(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<CommandLookup> {
  if (command === '') return { found: false, reason: 'not found' };
  if (command.includes('/')) return check(path.resolve(cwd, command));
  let firstFailure: CommandLookup | null = null;
  for (const dir of (env.PATH ?? DEFAULT_PATH).split(':')) {
    // An empty PATH entry means the current directory.
    const result = await check(path.resolve(cwd, dir || '.', command));
    if (result.found) return result;
    if (result.reason !== 'not found') firstFailure ??= result;
  }
  return firstFailure ?? { found: false, reason: 'not found' };
}
