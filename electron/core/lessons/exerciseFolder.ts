/**
 * The on-disk half of an exercise's validation: the folders it must have, and the paths exercise.yaml names
 * (files, profile.entry, build.sources), which must exist in starter/ and must not lead out of it through a
 * symbolic link. starter/ is what every student's workspace is copied from, so that is the folder a path
 * has to stay in. The lexical rules (no absolute path, no "..") are in schema.ts.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isWithin } from '../workspace/confine.js';
import { fieldName, type ExerciseFile, type FieldProblem } from './schema.js';
import type { YamlPath } from './yamlSource.js';

/** pytest's own default pattern for test files; the checks collect only these. */
const TEST_FILE = /^test_.*\.py$/;
/** Folders pytest never collects from, and that would only slow the search down. */
const SKIPPED_DIRS = new Set(['__pycache__', '.pytest_cache', '.hypothesis', '.mypy_cache', '.ruff_cache', 'node_modules', '.venv', 'target']);

const FOLDERS = {
  starter: 'the files every student starts from (their workspace is a copy of it)',
  solution: 'the files the reference solution changes, laid over starter/; it must pass the checks',
  tests: 'the checks (pytest files named test_*.py)',
} as const;

async function isDir(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function hasTestFile(dir: string): Promise<boolean> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  if (entries.some((e) => e.isFile() && TEST_FILE.test(e.name))) return true;
  for (const entry of entries) {
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name) && (await hasTestFile(path.join(dir, entry.name)))) return true;
  }
  return false;
}

/** starter/, solution/ and tests/ exist, and tests/ holds at least one test_*.py (in it or a subfolder). */
export async function checkExerciseFolders(dir: string): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const [name, purpose] of Object.entries(FOLDERS)) {
    if (!(await isDir(path.join(dir, name)))) problems.push({ field: name, reason: `the exercise has no ${name}/ folder (${purpose})` });
  }
  if ((await isDir(path.join(dir, 'tests'))) && !(await hasTestFile(path.join(dir, 'tests')))) {
    problems.push({ field: 'tests', reason: 'tests/ has no test_*.py file, so the checks would find nothing to run' });
  }
  return problems;
}

/** Why `rel` (already lexically inside) cannot be used as a path in starter/, or null when it can. */
async function pathProblem(starter: string, rel: string, mustBeFile: boolean): Promise<string | null> {
  const target = path.resolve(starter, rel);
  const link = await fs.lstat(target).catch(() => null);
  if (!link) return 'does not exist in starter/';
  const real = await fs.realpath(target).catch(() => null);
  if (real === null) return 'is a broken symbolic link in starter/';
  // Compare real paths: starter/ itself may sit below a symbolic link (macOS's /tmp is one).
  if (!isWithin(await fs.realpath(starter), real)) return 'leads outside starter/ through a symbolic link';
  if (mustBeFile && !(await fs.stat(real)).isFile()) return 'is a folder; name a file';
  return null;
}

/** Every path exercise.yaml names, with the `lineOf` path of its YAML node for the problem's line. */
function namedPaths(exercise: ExerciseFile): { at: YamlPath; rel: string; mustBeFile: boolean }[] {
  return [
    ...exercise.files.map((rel, i) => ({ at: ['files', i], rel, mustBeFile: true })),
    ...(exercise.profile ? [{ at: ['profile', 'entry'], rel: exercise.profile.entry, mustBeFile: true }] : []),
    ...(exercise.build?.sources ?? []).map((rel, i) => ({ at: ['build', 'sources', i], rel, mustBeFile: false })),
  ];
}

export async function checkExercisePaths(dir: string, exercise: ExerciseFile, lineOf: (at: YamlPath) => number | undefined): Promise<FieldProblem[]> {
  const starter = path.join(dir, 'starter');
  if (!(await isDir(starter))) return []; // already reported by checkExerciseFolders
  const problems: FieldProblem[] = [];
  for (const { at, rel, mustBeFile } of namedPaths(exercise)) {
    const reason = await pathProblem(starter, rel, mustBeFile);
    if (!reason) continue;
    const line = lineOf(at);
    problems.push({ field: fieldName(at), reason: `"${rel}" ${reason}`, ...(line === undefined ? {} : { line }) });
  }
  return problems;
}
