/**
 * Where discovery should look for the app's bundled CPython (`<dir>/python`). Normally the app's resources;
 * but an AppImage mounts its resources at a new /tmp/.mount_* path on every start, and macOS may run an app
 * from a randomised App Translocation path. A virtual environment records its base interpreter's path, so
 * from such a volatile place the course environment would break (and be rebuilt) on every start. There the
 * bundled CPython is copied once into the data folder, keyed by its build, and used from that stable copy.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Whether the resources folder may move between two starts of the app. */
export function isVolatileLocation(resourcesDir: string, env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.APPIMAGE) || resourcesDir.includes('/AppTranslocation/');
}

/** The build's identity: the checksum `npm run runtime:python` recorded, else a hash of its version file. */
async function buildId(pythonDir: string): Promise<string> {
  const recorded = await fs.readFile(path.join(pythonDir, 'PYFORGE-BUILD.json'), 'utf8').catch(() => null);
  return createHash('sha256')
    .update(recorded ?? pythonDir)
    .digest('hex')
    .slice(0, 16);
}

/**
 * The folder whose `python/` holds the bundled CPython to use: `resourcesDir` itself when it is stable or has
 * none; else a copy under `<dataDir>/bundled-python/<build id>` (made once, atomically).
 */
export async function bundledPythonRoot(resourcesDir: string, dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const source = path.join(resourcesDir, 'python');
  if (!isVolatileLocation(resourcesDir, env)) return resourcesDir;
  if (!(await fs.stat(source).then((s) => s.isDirectory(), () => false))) return resourcesDir;
  const stableRoot = path.join(dataDir, 'bundled-python', await buildId(source));
  const target = path.join(stableRoot, 'python');
  if (await fs.stat(path.join(target, 'PYFORGE-COPIED')).then(() => true, () => false)) return stableRoot;
  const partial = `${target}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.mkdir(stableRoot, { recursive: true });
    // verbatimSymlinks: the distribution's relative links (python3 -> python3.12) stay relative.
    await fs.cp(source, partial, { recursive: true, verbatimSymlinks: true });
    await fs.writeFile(path.join(partial, 'PYFORGE-COPIED'), resourcesDir);
    await fs.rm(target, { recursive: true, force: true });
    await fs.rename(partial, target);
    return stableRoot;
  } catch {
    // A full disk or a read-only data folder: the bundled Python still works for this run from where it is.
    return resourcesDir;
  } finally {
    await fs.rm(partial, { recursive: true, force: true });
  }
}
