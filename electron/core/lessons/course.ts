/**
 * Loads the course from `lessons/`: `course.yaml` (ordered lesson folders), each lesson's `lesson.md` with
 * front matter, and each exercise's `exercise.yaml`. Loading is lenient: a broken lesson or exercise is
 * reported as a problem (file, line, field, reason) and skipped, and the rest of the course still loads, so a
 * lecturer's typo costs students one exercise, not the course. A lesson is skipped only when its id or title
 * is unusable; another bad front-matter field is reported and left out, keeping the lesson's exercises. `npm run lessons:validate` prints the same
 * problems. The format itself is in schema.ts and documented in lessons/README.md.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CourseProblem, ExerciseSummary, LessonSummary } from '../api.js';
import { isWithin } from '../workspace/confine.js';
import { checkExerciseFolders, checkExercisePaths } from './exerciseFolder.js';
import { splitFrontMatter } from './frontMatter.js';
import { courseFileSchema, fieldName, lessonFrontMatterFallback, lessonFrontMatterSchema, SLUG, SLUG_RULE, validate, validateExercise, type FieldProblem } from './schema.js';
import { parseYaml, type YamlSource } from './yamlSource.js';

export type ExerciseKind = 'python' | 'c-extension' | 'cpp-extension' | 'rust-extension' | 'benchmark';
export interface ExerciseCheck {
  timeoutSeconds: number;
  memoryMiB?: number;
  cpuSeconds?: number;
  outputKiB?: number;
}
export interface Exercise extends ExerciseSummary {
  dir: string;
  kind: ExerciseKind;
  instructions: string;
  files: string[];
  hints: string[];
  check: ExerciseCheck;
  build?: { kind?: string; command?: string[]; sources?: string[]; name?: string };
  profile?: { entry: string };
  view?: string;
  mypy?: boolean;
}
export interface Lesson extends Omit<LessonSummary, 'exercises'> {
  dir: string;
  markdownFile: string;
  objectives: string[];
  reading: string[];
  exercises: Exercise[];
}
export interface Course {
  id: string;
  title: string;
  version: string;
  root: string;
  lessons: Lesson[];
  problems: CourseProblem[];
}

class ProblemLog {
  readonly problems: CourseProblem[] = [];
  constructor(private readonly root: string) {}
  add(file: string, field: string, reason: string, line?: number): void {
    this.problems.push({ file: path.relative(this.root, file) || file, field, reason, ...(line ? { line } : {}) });
  }
  addAll(file: string, problems: FieldProblem[]): void {
    for (const p of problems) this.add(file, p.field, p.reason, p.line);
  }
}

/** Reads and parses a YAML file (or a given text from it); a missing file or a syntax error is logged. */
async function readYaml(file: string, log: ProblemLog, firstLine = 1, text?: string): Promise<YamlSource | null> {
  let source = text;
  if (source === undefined) {
    try {
      source = await fs.readFile(file, 'utf8');
    } catch {
      log.add(file, '(file)', 'is missing');
      return null;
    }
  }
  const parsed = parseYaml(source, firstLine);
  if (!parsed.ok) {
    log.add(file, '(yaml)', parsed.reason, parsed.line);
    return null;
  }
  return parsed.source;
}

async function isDir(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function loadExercise(dir: string, log: ProblemLog): Promise<Exercise | null> {
  const id = path.basename(dir);
  const file = path.join(dir, 'exercise.yaml');
  if (!SLUG.test(id)) {
    // The id names the student's workspace folder; nothing else about this folder is worth checking yet.
    log.add(dir, 'id', `the exercise folder "${id}" is not a valid id: ${SLUG_RULE}`);
    return null;
  }
  const source = await readYaml(file, log);
  const validated = source ? validateExercise(source) : { problems: [] };
  log.addAll(file, validated.problems);
  const folderProblems = await checkExerciseFolders(dir);
  log.addAll(file, folderProblems);
  const fields = validated.value;
  if (!source || !fields) return null;
  const pathProblems = await checkExercisePaths(dir, fields, source.lineOf);
  log.addAll(file, pathProblems);
  // Advice (too few hints) is reported but keeps the exercise; anything else would break it for students.
  const broken = folderProblems.length > 0 || pathProblems.length > 0;
  if (broken) return null;
  const { build, profile, view, mypy, ...required } = fields;
  return {
    id,
    dir,
    ...required,
    ...(build ? { build } : {}),
    ...(profile ? { profile } : {}),
    ...(view ? { view } : {}),
    ...(mypy ? { mypy } : {}),
  };
}

/**
 * The exercise folders in teaching order: those the front matter's `exercises:` lists, in its order, then the
 * others alphabetically. A listed name without a folder is reported (a typo would silently reorder).
 */
async function exerciseFolders(lessonDir: string, order: string[], log: ProblemLog, markdownFile: string, lineOf: (path: (string | number)[]) => number | undefined): Promise<string[]> {
  const exercisesDir = path.join(lessonDir, 'exercises');
  const folders = (await fs.readdir(exercisesDir, { withFileTypes: true }).catch(() => []))
    // Hidden folders (.vscode, .idea) belong to tools, not to the course.
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  for (const [index, name] of order.entries()) {
    if (!folders.includes(name)) log.add(markdownFile, fieldName(['exercises', index]), `no exercise folder "${name}" in ${path.basename(lessonDir)}/exercises/`, lineOf(['exercises', index]));
  }
  const listed = order.filter((name, i) => folders.includes(name) && order.indexOf(name) === i);
  return [...listed, ...folders.filter((name) => !listed.includes(name))];
}

async function loadExercises(lessonDir: string, slugs: string[], log: ProblemLog): Promise<Exercise[]> {
  const exercisesDir = path.join(lessonDir, 'exercises');
  const exercises: Exercise[] = [];
  for (const slug of slugs) {
    const exercise = await loadExercise(path.join(exercisesDir, slug), log);
    if (!exercise) continue;
    // Folder names are unique and slugs are lowercase, so this cannot happen today; it guards the promise
    // that (lesson id, exercise id) names one exercise, should ids ever come from anywhere else.
    if (exercises.some((e) => e.id === exercise.id)) {
      log.add(exercise.dir, 'id', `duplicate exercise id "${exercise.id}" in this lesson`);
      continue;
    }
    exercises.push(exercise);
  }
  return exercises;
}

/** The lesson, and the line of its `id:` (for a duplicate id found later), or null when it cannot be used. */
async function loadLesson(dir: string, log: ProblemLog): Promise<{ lesson: Lesson; idLine?: number } | null> {
  const markdownFile = path.join(dir, 'lesson.md');
  let text: string;
  try {
    text = await fs.readFile(markdownFile, 'utf8');
  } catch {
    log.add(markdownFile, '(file)', 'is missing');
    return null;
  }
  const { yaml, yamlStartLine } = splitFrontMatter(text);
  if (yaml === null) {
    log.add(markdownFile, '(front matter)', 'must start with a --- YAML block (id, title, week)', 1);
    return null;
  }
  const source = await readYaml(markdownFile, log, yamlStartLine, yaml);
  if (!source) return null;
  const { value, problems } = validate(lessonFrontMatterSchema, source);
  log.addAll(markdownFile, problems);
  const meta = value ?? lessonFrontMatterFallback.safeParse(source.value).data;
  if (!meta) return null;
  const lesson: Lesson = {
    id: meta.id,
    title: meta.title,
    dir,
    markdownFile,
    objectives: meta.objectives,
    reading: meta.reading,
    exercises: await loadExercises(dir, await exerciseFolders(dir, meta.exercises, log, markdownFile, (p) => source.lineOf(p)), log),
    ...(meta.week !== undefined ? { week: meta.week } : {}),
    ...(meta.minutes !== undefined ? { minutes: meta.minutes } : {}),
  };
  const idLine = source.lineOf(['id']);
  return { lesson, ...(idLine === undefined ? {} : { idLine }) };
}

/** A field of course.yaml as text, or the fallback; the schema has already reported what is wrong with it. */
function textField(map: Record<string, unknown>, key: string, fallback: string): string {
  const value = map[key];
  if (typeof value === 'string' && value.trim()) return value;
  if (typeof value === 'number') return String(value);
  return fallback;
}

export async function loadCourse(root: string): Promise<Course> {
  const log = new ProblemLog(root);
  const courseFile = path.join(root, 'course.yaml');
  const source = await readYaml(courseFile, log);
  // Lenient on purpose: a course.yaml with one bad field still lists its lessons, and the problem is shown.
  const checked = source ? validate(courseFileSchema, source) : null;
  log.addAll(courseFile, checked?.problems ?? []);
  const value = source?.value;
  const map = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  const folders = Array.isArray(map.lessons) ? map.lessons : [];
  const course: Course = {
    id: textField(map, 'id', 'course'),
    title: textField(map, 'title', 'Untitled course'),
    version: textField(map, 'version', '0'),
    root,
    lessons: [],
    problems: log.problems,
  };
  const seen = new Map<string, string>();
  for (const [index, folder] of folders.entries()) {
    if (typeof folder !== 'string') continue; // reported by the schema
    const dir = path.resolve(root, folder);
    if (!isWithin(root, dir) || dir === path.resolve(root) || !(await isDir(dir))) {
      log.add(courseFile, fieldName(['lessons', index]), `"${folder}" is not a lesson folder inside the course`, source?.lineOf(['lessons', index]));
      continue;
    }
    const loaded = await loadLesson(dir, log);
    if (!loaded) continue;
    const { lesson, idLine } = loaded;
    const first = seen.get(lesson.id);
    if (first !== undefined) {
      log.add(lesson.markdownFile, 'id', `duplicate lesson id "${lesson.id}" (already used by ${first})`, idLine);
      continue;
    }
    seen.set(lesson.id, path.relative(root, lesson.markdownFile));
    // Progress and workspaces are keyed by course id + exercise id: two lessons may not share an exercise id.
    lesson.exercises = lesson.exercises.filter((exercise) => {
      const other = course.lessons.find((l) => l.exercises.some((e) => e.id === exercise.id));
      if (other) log.add(path.join(exercise.dir, 'exercise.yaml'), 'id', `duplicate exercise id "${exercise.id}" (lesson "${other.id}" has one): rename one of the folders`);
      return !other;
    });
    course.lessons.push(lesson);
  }
  return course;
}

export function findExercise(course: Course, lessonId: string, exerciseId: string): { lesson: Lesson; exercise: Exercise } | null {
  const lesson = course.lessons.find((l) => l.id === lessonId);
  const exercise = lesson?.exercises.find((e) => e.id === exerciseId);
  return lesson && exercise ? { lesson, exercise } : null;
}
