/**
 * The course overview: per week and lesson, each exercise's status and the counts. Pure: it joins the course
 * as it is now with the stored progress, so exercises the course no longer has are simply not shown (their
 * progress stays in the file), and new exercises start as not started.
 */
import { promises as fs } from 'node:fs';
import type { ExerciseProgress } from './format.js';
import { exerciseWorkspaceDir } from './paths.js';

export type ExerciseStatus = 'done' | 'in-progress' | 'not-started';

/** The part of a course the overview needs (a loaded `Course` fits). */
export interface OverviewCourse {
  id: string;
  lessons: { id: string; week?: number; title: string; exercises: { id: string; title: string }[] }[];
}

export interface StatusCounts {
  done: number;
  inProgress: number;
  notStarted: number;
  total: number;
}

export interface ExerciseOverview {
  id: string;
  title: string;
  status: ExerciseStatus;
  /** The stored progress, or null when there is none. */
  progress: ExerciseProgress | null;
}

export interface LessonOverview {
  id: string;
  title: string;
  week?: number;
  exercises: ExerciseOverview[];
  counts: StatusCounts;
}

export interface WeekOverview {
  /** null groups the lessons that name no week. */
  week: number | null;
  lessons: LessonOverview[];
  counts: StatusCounts;
}

export interface ProgressOverview {
  courseId: string;
  /** In the order each week first appears in the course (the author's teaching order). */
  weeks: WeekOverview[];
  counts: StatusCounts;
}

export function exerciseStatus(progress: ExerciseProgress | undefined, started: boolean): ExerciseStatus {
  if (progress?.passed) return 'done';
  if (started || (progress && (progress.attempts > 0 || progress.hintsUsed > 0 || progress.solutionViewed))) return 'in-progress';
  return 'not-started';
}

function emptyCounts(): StatusCounts {
  return { done: 0, inProgress: 0, notStarted: 0, total: 0 };
}

function add(counts: StatusCounts, status: ExerciseStatus): void {
  counts.total += 1;
  if (status === 'done') counts.done += 1;
  else if (status === 'in-progress') counts.inProgress += 1;
  else counts.notStarted += 1;
}

/**
 * @param records the course's stored progress by exercise id (`ProgressStore.get`)
 * @param startedExercises ids of exercises whose workspace exists (opened but never checked)
 */
export function buildOverview(
  course: OverviewCourse,
  records: Readonly<Record<string, ExerciseProgress>>,
  startedExercises: ReadonlySet<string> = new Set(),
): ProgressOverview {
  const weeks = new Map<number | null, WeekOverview>();
  const counts = emptyCounts();
  for (const lesson of course.lessons) {
    const lessonCounts = emptyCounts();
    const exercises = lesson.exercises.map((exercise): ExerciseOverview => {
      const progress = Object.hasOwn(records, exercise.id) ? records[exercise.id] : undefined;
      const status = exerciseStatus(progress, startedExercises.has(exercise.id));
      add(lessonCounts, status);
      add(counts, status);
      return { id: exercise.id, title: exercise.title, status, progress: progress ? { ...progress } : null };
    });
    const weekKey = lesson.week ?? null;
    let week = weeks.get(weekKey);
    if (!week) weeks.set(weekKey, (week = { week: weekKey, lessons: [], counts: emptyCounts() }));
    week.lessons.push({
      id: lesson.id,
      title: lesson.title,
      ...(lesson.week !== undefined ? { week: lesson.week } : {}),
      exercises,
      counts: lessonCounts,
    });
    for (const key of ['done', 'inProgress', 'notStarted', 'total'] as const) week.counts[key] += lessonCounts[key];
  }
  return { courseId: course.id, weeks: [...weeks.values()], counts };
}

/** Ids of the course's exercises whose workspace folder exists in `<dataDir>/workspaces` (see `services.ts`). */
export async function findStartedExercises(dataDir: string, course: OverviewCourse): Promise<Set<string>> {
  const started = new Set<string>();
  const probes = course.lessons.flatMap((lesson) =>
    lesson.exercises.map(async (exercise) => {
      let dir: string;
      try {
        dir = exerciseWorkspaceDir(dataDir, course.id, lesson.id, exercise.id);
      } catch {
        return; // an id that cannot be a folder name has no workspace; the overview must still load
      }
      if (await fs.stat(dir).then((s) => s.isDirectory(), () => false)) started.add(exercise.id);
    }),
  );
  await Promise.all(probes);
  return started;
}
