/**
 * Every exercise in lessons/ is proven with the headless grader (`npm run lessons:prove`, dist/electron/prove.js):
 * its starter FAILS its checks (they ran, and some failed) and its reference solution PASSES them. The checks run
 * from the lesson pack against a copy of the starter or solution, in the sandbox, with the app's own pinned
 * course environment (provisioned once into a data folder that later runs reuse).
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../../electron/core/lessons/course.js';
import { ensureVendoredCrates } from '../support/crates.js';
import { repoRoot } from '../support/webApp.js';

const run = promisify(execFile);
const course = await loadCourse(path.join(repoRoot, 'lessons'));

interface Proof {
  exercise: string;
  variant: 'starter' | 'solution';
  expected: string;
  status: string;
  summary: string;
}
let proofs: Proof[] = [];

beforeAll(async () => {
  // The Rust exercises build offline from the vendored crates (crates.io once, as in CI).
  await ensureVendoredCrates();
  const env = { ...process.env, PYFORGE_DATA_DIR: path.join(os.tmpdir(), 'pyforge-test-lessons-data') };
  // Exit code 1 (a proof does not hold) still prints the JSON: each test below names its exercise.
  const { stdout } = await run(process.execPath, [path.join(repoRoot, 'dist', 'electron', 'prove.js'), '--json'], { env, maxBuffer: 16 * 1024 * 1024, timeout: 900_000 }).catch(
    (err: { stdout?: string; stderr?: string }) => {
      if (!err.stdout) throw new Error(`lessons:prove did not run: ${err.stderr ?? String(err)}`);
      return { stdout: err.stdout };
    },
  );
  proofs = (JSON.parse(stdout) as { proofs: Proof[] }).proofs;
}, 900_000);

describe('the course', () => {
  it('loads without problems and has the exercises of weeks 1-3', () => {
    expect(course.problems).toEqual([]);
    const weeks = new Set(course.lessons.map((l) => l.week));
    for (const week of [1, 2, 3]) expect(weeks).toContain(week);
    expect(course.lessons.flatMap((l) => l.exercises).length).toBeGreaterThanOrEqual(12);
  });
});

for (const lesson of course.lessons) {
  for (const exercise of lesson.exercises) {
    describe(`${lesson.id}/${exercise.id}`, () => {
      const proof = (variant: Proof['variant']): Proof => {
        const found = proofs.find((p) => p.exercise === `${lesson.id}/${exercise.id}` && p.variant === variant);
        if (!found) throw new Error(`lessons:prove reported nothing for ${lesson.id}/${exercise.id} ${variant}`);
        return found;
      };
      it('starter fails its checks (they run, and some fail)', () => {
        const p = proof('starter');
        expect(p.status, p.summary).toBe('failed');
      });
      it('solution passes its checks', () => {
        const p = proof('solution');
        expect(p.status, p.summary).toBe('passed');
      });
      it('has instructions and at least two hints', () => {
        expect(exercise.instructions.length).toBeGreaterThan(100);
        expect(exercise.hints.length).toBeGreaterThanOrEqual(2);
      });
    });
  }
}
