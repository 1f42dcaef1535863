/**
 * `npm run check -- <exercise> [--workspace DIR | --starter | --solution] [--json]`: the headless grader.
 * `<exercise>` is "lesson/exercise", an exercise id unique in the course, or the exercise's folder. Without
 * --workspace it checks the student's own workspace in PyForge's data folder. Exit code 0 only when every
 * check passes; 1 when some fail; 2 when the checks could not run or the command was wrong.
 * `npm run lessons:prove` (prove.ts) runs it over the whole course.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGraderContext } from '../core/checks/graderContext.js';
import { copyVariant, grade, humanSummary, resolveExercise, resultsJson } from '../core/checks/grader.js';

const appRoot = process.env.PYFORGE_RESOURCES_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function usage(message: string): never {
  console.error(`check: ${message}\nusage: npm run check -- <lesson/exercise> [--workspace DIR | --starter | --solution] [--json]`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { workspace: { type: 'string' }, starter: { type: 'boolean', default: false }, solution: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
});
if (positionals.length !== 1) usage('name one exercise');
if ([values.workspace !== undefined, values.starter, values.solution].filter(Boolean).length > 1) usage('--workspace, --starter and --solution exclude each other');

const context = await createGraderContext(appRoot, (line) => console.error(line));
try {
  const found = resolveExercise(context.course, positionals[0]!);
  if (typeof found === 'string') usage(found);
  const { lesson, exercise } = found;
  let workspace = values.workspace ? path.resolve(values.workspace) : context.studentWorkspace(lesson.id, exercise.id);
  let remove: (() => Promise<void>) | null = null;
  if (values.starter || values.solution) {
    const copy = await copyVariant(exercise, values.starter ? 'starter' : 'solution');
    workspace = copy.dir;
    remove = copy.remove;
  }
  if (!existsSync(workspace)) usage(`no workspace at ${workspace}: open the exercise in PyForge first, or pass --workspace DIR`);
  try {
    const result = await grade(context.checks, exercise, lesson.id, workspace);
    console.log(values.json ? JSON.stringify(resultsJson(result), null, 2) : humanSummary(result));
    process.exitCode = result.status === 'passed' ? 0 : result.status === 'failed' ? 1 : 2;
  } finally {
    await remove?.();
  }
} finally {
  context.dispose();
}
