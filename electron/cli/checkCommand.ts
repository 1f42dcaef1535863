/**
 * The headless grader's command line, shared by `npm run check` (check.ts) and the packaged app's binary
 * (`pyforge --check …`, see electron/shell/main.ts):
 *   <lesson/exercise> [--workspace DIR | --starter | --solution] [--json]
 * `<exercise>` is "lesson/exercise" (lesson id or folder), an exercise id unique in the course, or the
 * exercise's folder. Without --workspace it checks the student's own workspace in PyForge's data folder.
 * Returns the exit code: 0 only when every check passes, 1 when some fail, 2 when the checks could not run or
 * the command was wrong.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createGraderContext } from '../core/checks/graderContext.js';
import { copyVariant, grade, humanSummary, resolveExercise, resultsJson } from '../core/checks/grader.js';

const USAGE = 'usage: npm run check -- <lesson/exercise> [--workspace DIR | --starter | --solution] [--json]';

export interface CommandIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

const consoleIO: CommandIO = { out: (t) => console.log(t), err: (t) => console.error(t) };

export async function runCheckCommand(argv: string[], resourcesDir: string, io: CommandIO = consoleIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { workspace: { type: 'string' }, starter: { type: 'boolean', default: false }, solution: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    });
  } catch (err) {
    io.err(`check: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const usage = (message: string): number => {
    io.err(`check: ${message}\n${USAGE}`);
    return 2;
  };
  if (positionals.length !== 1) return usage('name one exercise');
  if ([values.workspace !== undefined, values.starter, values.solution].filter(Boolean).length > 1) return usage('--workspace, --starter and --solution exclude each other');

  let context;
  try {
    context = await createGraderContext(resourcesDir, io.err);
  } catch (err) {
    io.err(`check: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  try {
    const found = resolveExercise(context.course, positionals[0]!);
    if (typeof found === 'string') return usage(found);
    const { lesson, exercise } = found;
    let workspace = values.workspace ? path.resolve(values.workspace) : context.studentWorkspace(lesson.id, exercise.id);
    let remove: (() => Promise<void>) | null = null;
    if (values.starter || values.solution) {
      const copy = await copyVariant(exercise, values.starter ? 'starter' : 'solution');
      workspace = copy.dir;
      remove = copy.remove;
    }
    if (!existsSync(workspace)) return usage(`no workspace at ${workspace}: open the exercise in PyForge first, or pass --workspace DIR`);
    try {
      const result = await grade(context.checks, exercise, lesson.id, workspace);
      io.out(values.json ? JSON.stringify(resultsJson(result), null, 2) : humanSummary(result));
      return result.status === 'passed' ? 0 : result.status === 'failed' ? 1 : 2;
    } finally {
      await remove?.();
    }
  } finally {
    context.dispose();
  }
}
