/**
 * The per-user progress store: one JSON file (format in `format.ts`), read and written whole. Every
 * operation goes through one queue per file (`serialQueue.ts`) and re-reads the file, so concurrent calls,
 * and several stores over the same file in one process, never lose an update. Every write is atomic
 * (`writeFileAtomic`): a crash leaves the previous file or the new one.
 *
 * Two files are never overwritten blindly:
 * - a file from a newer PyForge (`version` above ours) is refused with `ProgressVersionError`, because
 *   rewriting it in our format would destroy what the newer version recorded;
 * - a damaged file (invalid JSON, wrong shape) is moved aside to `progress.json.damaged-<time>` and a fresh
 *   store starts: the app keeps working and the student's old data stays on disk for repair.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError, ioError } from '../errors.js';
import { TEMP_MARKER, isTempFileName, writeFileAtomic } from '../workspace/atomicWrite.js';
import {
  CHECK_RESULTS,
  PROGRESS_FORMAT_VERSION,
  emptyExerciseProgress,
  parseProgress,
  serializeProgress,
  type CheckResult,
  type ExerciseProgress,
  type ProgressData,
} from './format.js';
import { buildOverview, type OverviewCourse, type ProgressOverview } from './overview.js';
import { progressFile } from './paths.js';
import { runSerially } from './serialQueue.js';

/**
 * A temp file older than this was left by a crash, not by a save in flight (a save takes milliseconds), so
 * it is safe to delete even if another PyForge process shares the data folder.
 */
const STALE_TEMP_MS = 60_000;

/** The progress file was written by a newer PyForge; it is left untouched. */
export class ProgressVersionError extends ApiError {
  constructor(
    readonly file: string,
    readonly version: number,
  ) {
    super(
      'io',
      `${file} was written by a newer PyForge (progress format ${version}; this version reads ${PROGRESS_FORMAT_VERSION}). ` +
        'It was left untouched so no progress is lost: update PyForge to see and record progress.',
    );
    this.name = 'ProgressVersionError';
  }
}

export interface DamagedProgressInfo {
  /** Where the damaged file now is. */
  damagedCopy: string;
  reason: string;
}

export interface ProgressStoreOptions {
  /** Called after a damaged file was moved aside, so the app can tell the student where it is. */
  onDamaged?: (info: DamagedProgressInfo) => void;
}

function requireId(value: string, what: string): void {
  if (typeof value !== 'string' || value.length === 0) throw new ApiError('bad_request', `${what} must be a non-empty string`);
}

export class ProgressStore {
  readonly file: string;
  private staleTempsRemoved = false;

  constructor(
    dataDir: string,
    private readonly options: ProgressStoreOptions = {},
  ) {
    this.file = path.resolve(progressFile(dataDir));
  }

  /** The course's progress by exercise id, including exercises the course no longer lists. */
  async get(courseId: string): Promise<Record<string, ExerciseProgress>> {
    requireId(courseId, 'courseId');
    return this.serially(async () => {
      const exercises = (await this.load()).get(courseId);
      return Object.fromEntries([...(exercises ?? [])].map(([id, entry]) => [id, { ...entry }]));
    });
  }

  /** Counts one check; `passed` is kept once reached and `firstPassedAt` is set only the first time. */
  async recordCheck(courseId: string, exerciseId: string, lessonId: string, result: CheckResult, at: Date = new Date()): Promise<ExerciseProgress> {
    if (!CHECK_RESULTS.includes(result)) throw new ApiError('bad_request', `result must be one of ${CHECK_RESULTS.join(', ')}`);
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new ApiError('bad_request', 'at must be a valid Date');
    const iso = at.toISOString();
    return this.update(courseId, exerciseId, lessonId, (entry) => {
      entry.attempts += 1;
      entry.lastCheckedAt = iso;
      entry.lastResult = result;
      if (result === 'passed') {
        entry.passed = true;
        entry.firstPassedAt ??= iso;
      }
    });
  }

  /** Records that `hintsRevealed` hints are shown; keeps the highest number ever revealed. */
  async recordHint(courseId: string, exerciseId: string, lessonId: string, hintsRevealed: number): Promise<ExerciseProgress> {
    if (!Number.isInteger(hintsRevealed) || hintsRevealed < 0) {
      throw new ApiError('bad_request', 'hintsRevealed must be a whole number, 0 or more');
    }
    return this.update(courseId, exerciseId, lessonId, (entry) => {
      entry.hintsUsed = Math.max(entry.hintsUsed, hintsRevealed);
    });
  }

  async recordSolutionViewed(courseId: string, exerciseId: string, lessonId: string): Promise<ExerciseProgress> {
    return this.update(courseId, exerciseId, lessonId, (entry) => {
      entry.solutionViewed = true;
    });
  }

  /**
   * Per week and lesson, each exercise's status and the counts.
   * @param startedExercises ids of exercises whose workspace exists (`findStartedExercises`): in progress
   *   even before their first check
   */
  async overview(course: OverviewCourse, startedExercises: ReadonlySet<string> = new Set()): Promise<ProgressOverview> {
    return buildOverview(course, await this.get(course.id), startedExercises);
  }

  private async update(courseId: string, exerciseId: string, lessonId: string, change: (entry: ExerciseProgress) => void): Promise<ExerciseProgress> {
    requireId(courseId, 'courseId');
    requireId(exerciseId, 'exerciseId');
    requireId(lessonId, 'lessonId');
    return this.serially(async () => {
      const data = await this.load();
      let exercises = data.get(courseId);
      if (!exercises) data.set(courseId, (exercises = new Map()));
      const entry = { ...(exercises.get(exerciseId) ?? emptyExerciseProgress()) };
      change(entry);
      entry.lessonId = lessonId;
      exercises.set(exerciseId, entry);
      await this.save(data);
      return { ...entry };
    });
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    return runSerially(this.file, task);
  }

  private async load(): Promise<ProgressData> {
    if (!this.staleTempsRemoved) {
      this.staleTempsRemoved = true;
      await this.removeStaleTemps();
    }
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw ioError(err, `reading your progress (${this.file})`);
    }
    const outcome = parseProgress(text);
    switch (outcome.kind) {
      case 'ok':
        return outcome.data;
      case 'future':
        throw new ProgressVersionError(this.file, outcome.version);
      case 'damaged':
        await this.moveAside(outcome.reason);
        return new Map();
    }
  }

  private async moveAside(reason: string): Promise<void> {
    // No colons: the name must be valid on Windows too.
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const damagedCopy = `${this.file}.damaged-${stamp}`;
    try {
      await fs.rename(this.file, damagedCopy);
    } catch (err) {
      // If it cannot be moved aside it must not be overwritten either: refuse rather than lose it.
      throw ioError(err, `your progress file ${this.file} is damaged (${reason}) and could not be moved aside`);
    }
    this.options.onDamaged?.({ damagedCopy, reason });
  }

  private async save(data: ProgressData): Promise<void> {
    try {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, serializeProgress(data));
    } catch (err) {
      throw ioError(err, `saving your progress (${this.file})`);
    }
  }

  /** Removes the temp files of saves a crash interrupted (they hold nothing the real file lacks). */
  private async removeStaleTemps(): Promise<void> {
    const dir = path.dirname(this.file);
    const prefix = `.${path.basename(this.file)}${TEMP_MARKER}`;
    const names = await fs.readdir(dir).catch(() => []);
    for (const name of names) {
      if (!isTempFileName(name) || !name.startsWith(prefix)) continue;
      const full = path.join(dir, name);
      const mtime = await fs.stat(full).then((s) => s.mtimeMs, () => null);
      if (mtime !== null && Date.now() - mtime > STALE_TEMP_MS) await fs.unlink(full).catch(() => undefined);
    }
  }
}
