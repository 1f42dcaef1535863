/**
 * `npm run lessons:prove [-- <lesson/exercise>...] [--json]`: proves the course. Every exercise's starter must
 * FAIL its checks (the checks ran and some failed: a starter that does not load proves nothing) and its
 * reference solution must PASS them, with the headless grader's checks. Exit code 0 only when all hold.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CheckResult } from '../core/api.js';
import { createGraderContext } from '../core/checks/graderContext.js';
import { copyVariant, grade, resolveExercise, type Variant } from '../core/checks/grader.js';
import type { Exercise, Lesson } from '../core/lessons/course.js';

const appRoot = process.env.PYFORGE_RESOURCES_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean', default: false } } });

const context = await createGraderContext(appRoot, (line) => console.error(line));
interface Proof {
  exercise: string;
  variant: Variant;
  expected: 'failed' | 'passed';
  result: CheckResult;
  ok: boolean;
}

try {
  const chosen: { lesson: Lesson; exercise: Exercise }[] = [];
  if (positionals.length === 0) for (const lesson of context.course.lessons) for (const exercise of lesson.exercises) chosen.push({ lesson, exercise });
  for (const spec of positionals) {
    const found = resolveExercise(context.course, spec);
    if (typeof found === 'string') {
      console.error(`lessons:prove: ${found}`);
      process.exit(2);
    }
    chosen.push(found);
  }
  const started = performance.now();
  // Every starter, then every solution: the two copies of one exercise never build at the same time.
  const jobs = (['starter', 'solution'] as const).flatMap((variant) => chosen.map(({ lesson, exercise }) => ({ lesson, exercise, variant })));
  const proofs: Proof[] = [];
  // Two at a time: the machines this runs on have two cores, and each check is one Python process.
  await Promise.all(
    [0, 1].map(async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        const copy = await copyVariant(job.exercise, job.variant);
        try {
          const result = await grade(context.checks, job.exercise, job.lesson.id, copy.dir);
          const expected = job.variant === 'starter' ? 'failed' : 'passed';
          const proof = { exercise: `${job.lesson.id}/${job.exercise.id}`, variant: job.variant, expected, result, ok: result.status === expected } as const;
          proofs.push(proof);
          if (!values.json) console.log(`${proof.ok ? 'ok  ' : 'FAIL'} ${proof.exercise} ${job.variant}: ${result.summary} (${(result.durationMs / 1000).toFixed(1)} s)`);
        } finally {
          await copy.remove();
        }
      }
    }),
  );
  const failed = proofs.filter((p) => !p.ok);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (values.json) {
    console.log(JSON.stringify({ ok: failed.length === 0, seconds: Number(seconds), proofs: proofs.map((p) => ({ exercise: p.exercise, variant: p.variant, expected: p.expected, status: p.result.status, summary: p.result.summary })) }, null, 2));
  } else {
    for (const p of failed) console.log(`\n${p.exercise} ${p.variant} should have ${p.expected}:\n${p.result.summary}\n${p.result.tests.filter((t) => t.status !== 'passed').map((t) => `  ${t.title}: ${t.message ?? ''}`).join('\n')}`);
    console.log(`\n${chosen.length} exercises, ${proofs.length - failed.length} of ${proofs.length} proofs hold, in ${seconds} s`);
  }
  process.exitCode = failed.length === 0 ? 0 : 1;
} finally {
  context.dispose();
}
