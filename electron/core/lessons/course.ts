/**
 * Loads the course from `lessons/`: `course.yaml` (ordered lesson folders), each lesson's `lesson.md` with
 * front matter, and each exercise's `exercise.yaml`. Loading is lenient: a broken lesson or exercise is
 * reported as a problem (file, line, field, reason) and the rest of the course still loads.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { CourseProblem, ExerciseSummary, LessonSummary } from '../api.js';
import { isWithin } from '../workspace/confine.js';
import { splitFrontMatter } from './frontMatter.js';

export interface Exercise extends ExerciseSummary {
  dir: string;
  instructions: string;
  files: string[];
  hints: string[];
}
export interface Lesson extends Omit<LessonSummary, 'exercises'> {
  dir: string;
  markdownFile: string;
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

type YamlMap = Record<string, unknown>;

class ProblemLog {
  readonly problems: CourseProblem[] = [];
  constructor(private readonly root: string) {}
  add(file: string, field: string, reason: string, line?: number): void {
    this.problems.push({ file: path.relative(this.root, file) || file, field, reason, ...(line ? { line } : {}) });
  }
}

async function readYaml(file: string, log: ProblemLog, lineOffset = 0, text?: string): Promise<YamlMap | null> {
  let source = text;
  if (source === undefined) {
    try {
      source = await fs.readFile(file, 'utf8');
    } catch {
      log.add(file, '(file)', 'is missing');
      return null;
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { prettyErrors: false, lineCounter });
  const first = doc.errors[0];
  if (first) {
    const line = lineCounter.linePos(first.pos[0]).line + Math.max(0, lineOffset - 1);
    log.add(file, '(yaml)', first.message.split('\n')[0] ?? 'invalid YAML', line);
    return null;
  }
  const value: unknown = doc.toJS();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    log.add(file, '(yaml)', 'must be a mapping of fields');
    return null;
  }
  return value as YamlMap;
}

function str(map: YamlMap, key: string, file: string, log: ProblemLog, fallback?: string): string | undefined {
  const value = map[key];
  if (typeof value === 'string' && value.trim()) return value;
  if (typeof value === 'number') return String(value);
  if (fallback === undefined) log.add(file, key, value === undefined ? 'is required' : 'must be a non-empty string');
  return fallback;
}

function strList(map: YamlMap, key: string): string[] {
  const value = map[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

async function isDir(p: string): Promise<boolean> {
  return fs.stat(p).then((s) => s.isDirectory(), () => false);
}

async function loadExercise(dir: string, log: ProblemLog): Promise<Exercise | null> {
  const file = path.join(dir, 'exercise.yaml');
  const map = await readYaml(file, log);
  if (!map) return null;
  const title = str(map, 'title', file, log);
  const kind = str(map, 'kind', file, log);
  if (!(await isDir(path.join(dir, 'starter')))) log.add(file, 'starter', 'the exercise has no starter/ folder');
  if (!title || !kind) return null;
  return {
    id: path.basename(dir),
    dir,
    title,
    kind,
    instructions: str(map, 'instructions', file, log, '') ?? '',
    files: strList(map, 'files'),
    hints: strList(map, 'hints'),
  };
}

async function loadLesson(dir: string, log: ProblemLog): Promise<Lesson | null> {
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
  const meta = await readYaml(markdownFile, log, yamlStartLine, yaml);
  if (!meta) return null;
  const id = str(meta, 'id', markdownFile, log);
  const title = str(meta, 'title', markdownFile, log);
  if (!id || !title) return null;
  const exercisesDir = path.join(dir, 'exercises');
  const slugs = (await fs.readdir(exercisesDir, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const exercises: Exercise[] = [];
  for (const slug of slugs) {
    const exercise = await loadExercise(path.join(exercisesDir, slug), log);
    if (exercise) exercises.push(exercise);
  }
  return {
    id,
    title,
    dir,
    markdownFile,
    exercises,
    ...(typeof meta.week === 'number' ? { week: meta.week } : {}),
    ...(typeof meta.minutes === 'number' ? { minutes: meta.minutes } : {}),
  };
}

export async function loadCourse(root: string): Promise<Course> {
  const log = new ProblemLog(root);
  const courseFile = path.join(root, 'course.yaml');
  const map = (await readYaml(courseFile, log)) ?? {};
  const course: Course = {
    id: str(map, 'id', courseFile, log, 'course') ?? 'course',
    title: str(map, 'title', courseFile, log, 'Untitled course') ?? 'Untitled course',
    version: str(map, 'version', courseFile, log, '0') ?? '0',
    root,
    lessons: [],
    problems: log.problems,
  };
  const seen = new Set<string>();
  for (const folder of strList(map, 'lessons')) {
    const dir = path.resolve(root, folder);
    if (!isWithin(root, dir) || dir === path.resolve(root) || !(await isDir(dir))) {
      log.add(courseFile, 'lessons', `"${folder}" is not a lesson folder inside the course`);
      continue;
    }
    const lesson = await loadLesson(dir, log);
    if (!lesson) continue;
    if (seen.has(lesson.id)) {
      log.add(lesson.markdownFile, 'id', `duplicate lesson id "${lesson.id}"`);
      continue;
    }
    seen.add(lesson.id);
    course.lessons.push(lesson);
  }
  return course;
}

export function findExercise(course: Course, lessonId: string, exerciseId: string): { lesson: Lesson; exercise: Exercise } | null {
  const lesson = course.lessons.find((l) => l.id === lessonId);
  const exercise = lesson?.exercises.find((e) => e.id === exerciseId);
  return lesson && exercise ? { lesson, exercise } : null;
}
