/**
 * The progress file, `<dataDir>/progress/progress.json`, one per user:
 *
 * ```json
 * {
 *   "version": 1,
 *   "courses": {
 *     "production-python": {
 *       "exercises": {
 *         "debounce": {
 *           "attempts": 3, "passed": true, "firstPassedAt": "2026-03-02T10:15:00.000Z",
 *           "lastCheckedAt": "2026-03-02T10:20:00.000Z", "lastResult": "passed",
 *           "hintsUsed": 2, "solutionViewed": false, "lessonId": "event-driven"
 *         }
 *       }
 *     }
 *   }
 * }
 * ```
 *
 * Keyed by course id and exercise id, never by lesson folder or position, so a course update that adds,
 * reorders or renames lesson folders keeps every student's progress. `lessonId` is the last lesson the
 * exercise was seen in, for information only. Entries are never deleted, even when the course drops the
 * exercise: a later course version may bring it back.
 */
import { z } from 'zod';

/** Bump only for a change an older PyForge would misread; older versions refuse to overwrite a newer file. */
export const PROGRESS_FORMAT_VERSION = 1;

export const CHECK_RESULTS = ['passed', 'failed', 'error'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

export interface ExerciseProgress {
  /** Number of checks run. */
  attempts: number;
  /** Ever passed (a later failed check does not take it back). */
  passed: boolean;
  /** ISO time of the first passing check; set once. */
  firstPassedAt?: string;
  lastCheckedAt?: string;
  lastResult?: CheckResult;
  /** The highest number of hints revealed. */
  hintsUsed: number;
  solutionViewed: boolean;
  /** The lesson the exercise was last seen in (informative only; never used as a key). */
  lessonId?: string;
}

/** course id -> exercise id -> progress. Maps, not objects: an id such as `__proto__` must stay a plain key. */
export type ProgressData = Map<string, Map<string, ExerciseProgress>>;

export type ParseOutcome =
  | { kind: 'ok'; data: ProgressData }
  | { kind: 'future'; version: number }
  | { kind: 'damaged'; reason: string };

const count = z.number().int().min(0);
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date and time');

// Defaults let a hand-written or older entry omit the zero values; unknown fields are dropped.
const exerciseSchema = z.object({
  attempts: count.default(0),
  passed: z.boolean().default(false),
  firstPassedAt: isoTime.optional(),
  lastCheckedAt: isoTime.optional(),
  lastResult: z.enum(CHECK_RESULTS).optional(),
  hintsUsed: count.default(0),
  solutionViewed: z.boolean().default(false),
  lessonId: z.string().optional(),
});

export function emptyExerciseProgress(): ExerciseProgress {
  return { attempts: 0, passed: false, hintsUsed: 0, solutionViewed: false };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the file's text. Never throws: the caller decides what a damaged or newer file means. */
export function parseProgress(text: string): ParseOutcome {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { kind: 'damaged', reason: `not valid JSON (${(err as Error).message})` };
  }
  if (!isRecord(raw)) return { kind: 'damaged', reason: 'not a JSON object' };
  const { version } = raw;
  if (typeof version === 'number' && Number.isInteger(version) && version > PROGRESS_FORMAT_VERSION) {
    return { kind: 'future', version };
  }
  if (version !== PROGRESS_FORMAT_VERSION) {
    return { kind: 'damaged', reason: `"version" is ${JSON.stringify(version) ?? 'missing'}, expected ${PROGRESS_FORMAT_VERSION}` };
  }
  const courses = raw.courses ?? {};
  if (!isRecord(courses)) return { kind: 'damaged', reason: '"courses" is not an object' };

  const data: ProgressData = new Map();
  for (const [courseId, course] of Object.entries(courses)) {
    const exercises = isRecord(course) ? (course.exercises ?? {}) : null;
    if (!isRecord(exercises)) return { kind: 'damaged', reason: `courses.${courseId}.exercises is not an object` };
    const entries = new Map<string, ExerciseProgress>();
    for (const [exerciseId, entry] of Object.entries(exercises)) {
      const parsed = exerciseSchema.safeParse(entry);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = [courseId, 'exercises', exerciseId, ...(issue?.path ?? []).map(String)].join('.');
        return { kind: 'damaged', reason: `courses.${where}: ${issue?.message ?? 'invalid'}` };
      }
      entries.set(exerciseId, stripUndefined(parsed.data));
    }
    data.set(courseId, entries);
  }
  return { kind: 'ok', data };
}

/** Drops absent optional fields, so a parsed entry equals one built in code (`toEqual` in tests, clean JSON). */
function stripUndefined(entry: ExerciseProgress): ExerciseProgress {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as unknown as ExerciseProgress;
}

const FIELD_ORDER: (keyof ExerciseProgress)[] = [
  'attempts',
  'passed',
  'firstPassedAt',
  'lastCheckedAt',
  'lastResult',
  'hintsUsed',
  'solutionViewed',
  'lessonId',
];

/** One field order for every entry, so the file reads the same way (and diffs cleanly) whatever wrote it. */
function inFieldOrder(entry: ExerciseProgress): Record<string, unknown> {
  return Object.fromEntries(FIELD_ORDER.filter((key) => entry[key] !== undefined).map((key) => [key, entry[key]]));
}

export function serializeProgress(data: ProgressData): string {
  // Object.fromEntries defines own properties, so even an id named `__proto__` is written as a plain key.
  const courses = Object.fromEntries(
    [...data].map(([courseId, exercises]) => [
      courseId,
      { exercises: Object.fromEntries([...exercises].map(([id, entry]) => [id, inFieldOrder(entry)])) },
    ]),
  );
  return `${JSON.stringify({ version: PROGRESS_FORMAT_VERSION, courses }, null, 2)}\n`;
}
