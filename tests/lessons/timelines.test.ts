/**
 * Every Python exercise whose view is the timeline draws a picture. Each `timeline_*.py` of its folder runs
 * the way the Timeline button runs it: `pyforge_timeline.py --out … timeline_x.py` with the course
 * environment's Python, in the sandbox, in a copy of the exercise's starter or solution. The solution's
 * picture has a section with bars or marks and nothing on the "errors" lane (where a timeline file marks an
 * exception from the code it shows); the starter's still draws (exit code 0), wrong as the starter is.
 * Native exercises (a C or Rust build first) are left to their own tests.
 */
import { promises as fs, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { timelineReport, type TimelineReport } from '../../electron/core/api.js';
import { copyVariant } from '../../electron/core/checks/grader.js';
import { checkerScript } from '../../electron/core/checks/service.js';
import { readablePathsFor } from '../../electron/core/checks/warmChecker.js';
import { loadCourse, type Exercise } from '../../electron/core/lessons/course.js';
import { resolveAppPaths } from '../../electron/core/paths.js';
import { runSandboxed } from '../../electron/core/runner/index.js';
import { createAppServices } from '../../electron/core/services.js';
import { repoRoot } from '../support/webApp.js';

const course = await loadCourse(path.join(repoRoot, 'lessons'));
const timelineExercises = course.lessons.flatMap((lesson) =>
  lesson.exercises.filter((e) => e.kind === 'python' && e.view === 'timeline').map((exercise) => ({ lesson, exercise })),
);
const timelineFiles = (dir: string): string[] => readdirSync(dir).filter((f) => /^timeline_.*\.py$/.test(f)).sort();

const env = { ...process.env, PYFORGE_DATA_DIR: path.join(os.tmpdir(), 'pyforge-test-lessons-data'), PYFORGE_RUST_PREBUILD: 'off' };
const paths = resolveAppPaths(repoRoot, env);
const tool = path.join(paths.runtimeDir, 'checker', 'pyforge_timeline.py');
let python = '';
let processEnv: NodeJS.ProcessEnv = {};

beforeAll(async () => {
  // The course environment, as a check or the Timeline button gets it (installed on first use).
  const services = await createAppServices(paths, '0.0.0-test', env);
  ({ python, env: processEnv } = await services.checkEnvironment(os.tmpdir()));
}, 600_000);

/** Runs one timeline file in a copy of `variant` (as the grader makes it), as the Timeline button does. */
async function drawTimeline(exercise: Exercise, variant: 'starter' | 'solution', file: string): Promise<{ exitCode: number | null; output: string; report: TimelineReport | null }> {
  const { dir: workspace, remove } = await copyVariant(exercise, variant);
  const out = path.join(workspace, '.pyforge', 'timeline.json');
  try {
    return await run(workspace, out, file);
  } finally {
    await remove();
  }
}

async function run(workspace: string, out: string, file: string): Promise<{ exitCode: number | null; output: string; report: TimelineReport | null }> {
  const result = await runSandboxed({
    command: python,
    args: ['-X', 'faulthandler', '-u', tool, '--out', out, file],
    cwd: workspace,
    env: processEnv,
    readablePaths: readablePathsFor(python, checkerScript(paths.runtimeDir), []),
    limits: { timeoutMs: 60_000, cpuSeconds: 60 },
  });
  const text = await fs.readFile(out, 'utf8').catch(() => null);
  return { exitCode: result.exitCode, output: `${result.outcome}: ${result.stdout}${result.stderr}`, report: text === null ? null : timelineReport.parse(JSON.parse(text)) };
}

describe('the timeline exercises', () => {
  it('include the python exercises that name the timeline as their view', () => {
    expect(timelineExercises.map(({ exercise }) => exercise.id)).toEqual(expect.arrayContaining(['event-bus', 'debounce', 'diff-events']));
  });
});

for (const { lesson, exercise } of timelineExercises) {
  describe(`${lesson.id}/${exercise.id}`, () => {
    const files = timelineFiles(path.join(exercise.dir, 'starter'));

    it('ships its timeline files in starter/ alone (the solution inherits them), and lists them', () => {
      expect(files.length).toBeGreaterThan(0);
      expect(timelineFiles(path.join(exercise.dir, 'solution'))).toEqual([]);
      for (const file of files) expect(exercise.files).toContain(file);
    });

    for (const file of files) {
      it(`${file} draws the solution: sections of bars or marks, no errors`, async () => {
        const { exitCode, output, report } = await drawTimeline(exercise, 'solution', file);
        expect(exitCode, output).toBe(0);
        expect(report, output).not.toBeNull();
        const sections = report?.sections ?? [];
        expect(sections.some((s) => s.spans.length + s.marks.length > 0), output).toBe(true);
        const errors = sections.flatMap((s) => s.marks.filter((m) => m.lane === 'errors').map((m) => `${s.title}: ${m.label}`));
        expect(errors).toEqual([]);
      });

      it(`${file} still draws the starter`, async () => {
        const { exitCode, output, report } = await drawTimeline(exercise, 'starter', file);
        expect(exitCode, output).toBe(0);
        expect(report?.sections.length, output).toBeGreaterThan(0);
      });
    }
  });
}
