/**
 * The course format as zod schemas (course.yaml, lesson.md's front matter, exercise.yaml), and the one place
 * that turns a schema failure into problems a lecturer can act on: the field as a dotted path (`check.
 * timeout_seconds`, `files[2]`), the line of that field in the file, and a reason in plain words.
 * The format is documented for lecturers in lessons/README.md: change both together.
 */
import path from 'node:path';
import { z } from 'zod';
import type { YamlPath, YamlSource } from './yamlSource.js';

/** Course, lesson and exercise ids become folder names of student workspaces, so they are kept to this. */
export const SLUG = /^[a-z0-9][a-z0-9-]*$/;
export const SLUG_RULE = 'use lowercase letters, digits and "-", starting with a letter or digit';
export const EXERCISE_KINDS = ['python', 'c-extension', 'cpp-extension', 'rust-extension', 'benchmark'] as const;
export const BUILD_KINDS = ['c-api', 'setuptools', 'ctypes', 'cffi', 'pybind11', 'maturin'] as const;
export const VIEWS = ['timeline', 'gc', 'ast', 'bytecode', 'mro', 'refcount', 'benchmark', 'flamegraph'] as const;
/** Ten minutes: longer than any check should need, short enough that a hung one is noticed. */
export const MAX_TIMEOUT_SECONDS = 600;
export const DEFAULT_TIMEOUT_SECONDS = 60;
/**
 * The lowest memory limit the format accepts. Lower limits only produce confusing MemoryErrors; note that
 * importing numpy and scipy alone needs about 384 MiB of address space (measured on the build machines).
 */
export const MIN_MEMORY_MIB = 64;
/** The content guide asks for two hints per exercise; fewer is reported, but only none rejects the exercise. */
export const RECOMMENDED_HINTS = 2;

/** A problem inside one file; the loader adds the file. */
export interface FieldProblem {
  field: string;
  reason: string;
  line?: number;
}

const text = z.string().trim().min(1, 'must not be empty');
const slug = z.string().regex(SLUG, `is not a valid id: ${SLUG_RULE}`);

/**
 * Why `p` is not a usable path inside starter/ (a student's workspace is a copy of it), or null. Only the lexical rules live here; that the file
 * exists and no symbolic link leads out is checked on disk (exerciseFolder.ts). The first broken rule is
 * enough: "/../x" is one mistake, not two.
 */
export function pathRule(p: string): string | null {
  if (p === '') return 'must not be empty';
  if (p.includes('\0')) return 'contains a NUL character';
  if (path.posix.isAbsolute(p) || path.win32.isAbsolute(p)) return 'must be a path relative to starter/, not an absolute path';
  // A path is written once for every platform; "\\" would be part of a file name on Linux and macOS.
  if (p.includes('\\')) return 'use "/" between folder names ("\\" only works on Windows)';
  const normal = path.posix.normalize(p);
  if (normal === '..' || normal.startsWith('../')) return 'leads out of starter/ with ".."';
  if (normal === '.') return 'names the folder itself, not a file in it';
  return null;
}

export const relativePath = z.string().superRefine((p, ctx) => {
  const problem = pathRule(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const courseFileSchema = z.strictObject({
  id: slug,
  title: text,
  // `version: 3` is natural to write; a number is as good as the string.
  version: z.union([text, z.number().transform(String)]),
  lessons: z.array(text),
});

export const lessonFrontMatterSchema = z.strictObject({
  id: slug,
  title: text,
  week: z.number().int().min(1).max(20).optional(),
  minutes: z.number().int().positive().optional(),
  objectives: z.array(text).default([]),
  reading: z.array(text).default([]),
  /** Teaching order of the exercise folders; unlisted ones follow, alphabetically. */
  exercises: z.array(text).default([]),
});

const isText = (item: unknown): item is string => typeof item === 'string' && item.trim() !== '';

/**
 * What the loader keeps of front matter that broke the schema (the problems are reported first): a lesson
 * needs its id and title; a bad week, minutes or list item is left out rather than hiding the whole lesson
 * and its exercises from the students.
 */
export const lessonFrontMatterFallback = z.object({
  id: lessonFrontMatterSchema.shape.id,
  title: lessonFrontMatterSchema.shape.title,
  week: lessonFrontMatterSchema.shape.week.catch(undefined),
  minutes: lessonFrontMatterSchema.shape.minutes.catch(undefined),
  objectives: z.array(z.unknown()).transform((items) => items.filter(isText)).catch([]),
  reading: z.array(z.unknown()).transform((items) => items.filter(isText)).catch([]),
  exercises: z.array(z.unknown()).transform((items) => items.filter(isText)).catch([]),
});

const checkSchema = z
  .strictObject({
    timeout_seconds: z.number().positive().max(MAX_TIMEOUT_SECONDS).optional(),
    memory_mib: z.number().min(MIN_MEMORY_MIB).optional(),
    cpu_seconds: z.number().positive().optional(),
    output_kib: z.number().positive().optional(),
  })
  .optional()
  .transform((c) => ({
    timeoutSeconds: c?.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS,
    ...(c?.memory_mib !== undefined ? { memoryMiB: c.memory_mib } : {}),
    ...(c?.cpu_seconds !== undefined ? { cpuSeconds: c.cpu_seconds } : {}),
    ...(c?.output_kib !== undefined ? { outputKiB: c.output_kib } : {}),
  }));

const buildSchema = z
  .strictObject({
    // Not trimmed: an argument is passed exactly as written.
    command: z.array(z.string().min(1, 'must not be empty')).min(1, 'needs the program and its arguments, e.g. ["python", "setup.py", "build_ext", "--inplace"]').optional(),
    kind: z.enum(BUILD_KINDS).optional(),
    sources: z.array(relativePath).optional(),
    /** The module (or library) the build makes; default: the first source's name without its extension. */
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a Python identifier (the module name)').optional(),
  })
  // Exactly one, so nobody has to guess which of the two a build would run.
  .refine((b) => (b.command === undefined) !== (b.kind === undefined), `needs either command (a list of strings) or kind (${BUILD_KINDS.join(', ')}), not both`);

export const exerciseFileSchema = z.strictObject({
  title: text,
  kind: z.enum(EXERCISE_KINDS),
  instructions: text,
  files: z.array(relativePath).default([]),
  hints: z.array(text).min(1, `needs at least 1 hint (the content guide asks for ${RECOMMENDED_HINTS})`),
  check: checkSchema,
  build: buildSchema.optional(),
  profile: z.strictObject({ entry: relativePath }).optional(),
  view: z.enum(VIEWS).optional(),
  /** Type-check the student's Python files with mypy --strict on every save (the typing exercises). */
  mypy: z.boolean().optional(),
});

export type CourseFile = z.output<typeof courseFileSchema>;
export type LessonFrontMatter = z.output<typeof lessonFrontMatterSchema>;
export type ExerciseFile = z.output<typeof exerciseFileSchema>;

/** `['check', 'timeout_seconds']` -> `check.timeout_seconds`; `['files', 2]` -> `files[2]`. */
export function fieldName(fieldPath: YamlPath): string {
  return fieldPath.reduce<string>((name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)), '');
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  array: 'a list',
  object: 'a mapping of fields',
  boolean: 'true or false',
};

function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}

/** Plain-words reasons for zod's issues; a schema's own message (set with the check) wins over these. */
function reasonFor(issue: z.core.$ZodRawIssue): string | undefined {
  const missing = issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union');
  if (missing) return 'is required';
  switch (issue.code) {
    case 'invalid_type':
      // The classic YAML trap: `- Reason about re-entrancy: what happens...` is a mapping, not a sentence.
      if (issue.expected === 'string' && typeof issue.input === 'object' && issue.input !== null && !Array.isArray(issue.input)) {
        return 'must be text, but YAML read a mapping: text with ": " in it must be put in quotes';
      }
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected} (found ${describeValue(issue.input)})`;
    case 'invalid_value':
      return `${describeValue(issue.input)} is not one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return `must be text (found ${describeValue(issue.input)})`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)} (found ${describeValue(issue.input)})`;
    case 'too_big':
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)} (found ${describeValue(issue.input)})`;
    default:
      return undefined;
  }
}

/** The known field closest to a typo (`hint` -> `hints`), when it is close enough to be the likely intent. */
function closest(key: string, known: string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row = next;
    }
    return row[b.length]!;
  };
  const lower = key.toLowerCase();
  // `timeout` for `timeout_seconds`, `hint` for `hints`: a shortened name is the commonest slip.
  const extended = known.find((k) => k.startsWith(lower) || lower.startsWith(k));
  if (extended) return extended;
  const best = known.map((k) => ({ k, d: distance(lower, k) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(1, Math.floor(key.length / 3)) ? best.k : undefined;
}

/** The field names a strict object schema accepts at `at` (for "did you mean" on an unknown key). */
function knownKeys(schema: z.ZodType, at: YamlPath): string[] {
  let current: unknown = schema;
  for (const part of at) {
    current = unwrap(current);
    const shape = (current as { shape?: Record<string, unknown> }).shape;
    current = shape?.[String(part)];
  }
  const shape = (unwrap(current) as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/** Looks through .optional(), .default(), .transform() and .refine() to the object schema inside. */
function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let i = 0; i < 10 && current; i++) {
    const def = (current as { def?: { innerType?: unknown; in?: unknown } }).def;
    const inner = def?.innerType ?? def?.in;
    if (!inner) break;
    current = inner;
  }
  return current;
}

export interface Validated<T> {
  /** The parsed value, or undefined when the file breaks a rule (then it cannot be used). */
  value?: T;
  problems: FieldProblem[];
}

/** Checks a parsed YAML document against a schema; every problem carries its field's line, in file order. */
export function validate<S extends z.ZodType>(schema: S, source: YamlSource): Validated<z.output<S>> {
  if (typeof source.value !== 'object' || source.value === null || Array.isArray(source.value)) {
    return { problems: [{ field: '(yaml)', reason: 'must be a mapping of fields (key: value lines)', ...lineProp(source.lineOf([])) }] };
  }
  const result = schema.safeParse(source.value, { error: reasonFor });
  if (result.success) return { value: result.data, problems: [] };
  const problems: FieldProblem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, issue.path);
      for (const key of issue.keys) {
        const guess = closest(key, known);
        const reason = `is not a known field${guess ? ` (did you mean "${guess}"?)` : ''}; known fields: ${known.join(', ')}`;
        problems.push({ field: fieldName([...issue.path, key]), reason, ...lineProp(source.lineOf([...issue.path, key])) });
      }
    } else {
      problems.push({ field: fieldName(issue.path) || '(yaml)', reason: issue.message, ...lineProp(source.lineOf(issue.path)) });
    }
  }
  return { problems: byLine(problems) };
}

/** exercise.yaml: the schema, plus the content guide's advice, which is reported but does not reject the exercise. */
export function validateExercise(source: YamlSource): Validated<ExerciseFile> {
  const result = validate(exerciseFileSchema, source);
  // Read from the raw data, so the advice also shows when another field broke the schema. No hints at all is
  // the schema's own problem.
  const hints: unknown = (source.value as { hints?: unknown } | null)?.hints;
  if (Array.isArray(hints) && hints.length > 0 && hints.length < RECOMMENDED_HINTS) {
    result.problems.push({
      field: 'hints',
      reason: `has ${hints.length} hint${hints.length === 1 ? '' : 's'}; give at least ${RECOMMENDED_HINTS}, as the content guide asks, so a stuck student has a second step`,
      ...lineProp(source.lineOf(['hints'])),
    });
  }
  return result;
}

function lineProp(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

function byLine(problems: FieldProblem[]): FieldProblem[] {
  // Stable: problems on the same line keep the schema's order.
  return problems.map((p, i) => ({ p, i })).sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i).map(({ p }) => p);
}

/** One problem as a compiler would print it, so editors and terminals make it a link: `file:line: field: reason`. */
export function formatProblem(problem: { file: string; line?: number; field: string; reason: string }, file = problem.file): string {
  return `${file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.field}: ${problem.reason}`;
}
