/** Where PyForge's files live. Each location can be overridden by an environment variable (tests, lab setups). */
import envPaths from 'env-paths';
import path from 'node:path';

export interface AppPaths {
  /** Read-only resources shipped with the app: `lessons/` and `python-runtime/`. */
  resourcesDir: string;
  lessonsDir: string;
  runtimeDir: string;
  /** Per-user data: workspaces, progress, environments. */
  dataDir: string;
}

export function resolveAppPaths(resourcesDir: string, env: NodeJS.ProcessEnv = process.env): AppPaths {
  return {
    resourcesDir,
    lessonsDir: path.resolve(env.PYFORGE_LESSONS_DIR ?? path.join(resourcesDir, 'lessons')),
    runtimeDir: path.join(resourcesDir, 'python-runtime'),
    dataDir: path.resolve(env.PYFORGE_DATA_DIR ?? envPaths('PyForge', { suffix: '' }).data),
  };
}

