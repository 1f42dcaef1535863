/**
 * Every exercise in lessons/ is proven: its starter FAILS its checks and its reference solution PASSES them.
 * The checks run from the lesson pack's tests/ against a copy of the starter or solution, with a real Python.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../../electron/core/lessons/course.js';
import { resolveAppPaths } from '../../electron/core/paths.js';
import { toolchainEnv } from '../../electron/core/toolchain/env.js';
import { chooseDefault, discoverInterpreters } from '../../electron/core/toolchain/interpreters.js';
import { provisionEnvironment } from '../../electron/core/toolchain/provision.js';
import type { PythonInfo } from '../../electron/core/toolchain/python.js';
import { repoRoot } from '../support/webApp.js';

const run = promisify(execFile);
const course = await loadCourse(path.join(repoRoot, 'lessons'));
let python: PythonInfo;

interface Outcome {
  exitCode: number;
  output: string;
}

/** pytest's exit codes: 0 all passed, 1 some failed; 2-5 mean the run itself broke (which proves nothing). */
async function check(exerciseDir: string, variant: 'starter' | 'solution'): Promise<Outcome> {
  const work = mkdtempSync(path.join(os.tmpdir(), `pyforge-prove-${variant}-`));
  try {
    cpSync(path.join(exerciseDir, variant), work, { recursive: true });
    cpSync(path.join(exerciseDir, 'tests'), work, { recursive: true });
    try {
      const { stdout, stderr } = await run(python.executable, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', work], {
        cwd: work,
        env: toolchainEnv(python),
        timeout: 120_000,
      });
      return { exitCode: 0, output: stdout + stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { exitCode: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// The checks run with the app's own pinned course environment, provisioned once into a data folder that
// later test runs reuse (a second provisioning is a marker check).
beforeAll(async () => {
  const paths = resolveAppPaths(repoRoot, { ...process.env, PYFORGE_DATA_DIR: path.join(os.tmpdir(), 'pyforge-test-lessons-data') });
  const base = chooseDefault(await discoverInterpreters(repoRoot));
  if (!base?.executable || !base.version) throw new Error('No supported Python (3.11-3.13) found: install one or set PYFORGE_PYTHON');
  const env = await provisionEnvironment({ base: { executable: base.executable, version: base.version }, paths });
  python = { executable: env.python, version: base.version, envDir: env.envDir };
}, 300_000);

describe('the course', () => {
  it('loads without problems and has exercises', () => {
    expect(course.problems).toEqual([]);
    expect(course.lessons.flatMap((l) => l.exercises).length).toBeGreaterThan(0);
  });
});

for (const lesson of course.lessons) {
  for (const exercise of lesson.exercises) {
    describe(`${lesson.id}/${exercise.id}`, () => {
      it('starter fails its checks', async () => {
        const { exitCode, output } = await check(exercise.dir, 'starter');
        expect(exitCode, output).toBe(1);
      });
      it('solution passes its checks', async () => {
        const { exitCode, output } = await check(exercise.dir, 'solution');
        expect(exitCode, output).toBe(0);
      });
    });
  }
}
