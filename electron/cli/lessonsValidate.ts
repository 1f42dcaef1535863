/**
 * `npm run lessons:validate [folder]`: checks a course (default: the course PyForge loads, the repository's
 * lessons/ unless PYFORGE_LESSONS_DIR says otherwise) and prints every problem at once, one per line as
 * `file:line: field: reason`, then a summary. Exit code 0 when there are none, 1 when there are, 2 when the
 * folder cannot be checked at all.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCourse } from '../core/lessons/course.js';
import { formatProblem } from '../core/lessons/schema.js';
import { resolveAppPaths } from '../core/paths.js';

const USAGE = 'Usage: npm run lessons:validate [-- FOLDER]   (FOLDER holds course.yaml; default: the course PyForge loads)';

// This file runs bundled one level below the repository (dist/run/ or dist/electron/), like doctor.ts.
const appRoot = process.env.PYFORGE_RESOURCES_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// npm runs scripts from the package's folder; INIT_CWD is where the lecturer typed the command, so a folder
// they name, and the file names we print, are relative to their own directory.
const cwd = process.env.INIT_CWD ?? process.cwd();

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (args.length > 1 || args.some((a) => a.startsWith('-'))) {
    console.error(`lessons:validate: expected at most one folder, got: ${args.join(' ')}\n${USAGE}`);
    return 2;
  }
  const root = args[0] ? path.resolve(cwd, args[0]) : resolveAppPaths(appRoot).lessonsDir;
  const stat = await fs.stat(root).catch(() => null);
  if (!stat?.isDirectory()) {
    console.error(`lessons:validate: ${root} ${stat ? 'is not a folder' : 'does not exist'}; give the folder that holds course.yaml.\n${USAGE}`);
    return 2;
  }
  const course = await loadCourse(root);
  for (const problem of course.problems) console.log(formatProblem(problem, path.relative(cwd, path.join(root, problem.file)) || problem.file));
  const exercises = course.lessons.reduce((n, l) => n + l.exercises.length, 0);
  console.log(`${plural(course.lessons.length, 'lesson')}, ${plural(exercises, 'exercise')}, ${plural(course.problems.length, 'problem')}`);
  return course.problems.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
