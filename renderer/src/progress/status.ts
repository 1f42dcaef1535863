/**
 * How an exercise's status is shown: a symbol and a colour class, never colour alone (colour-blind students
 * and black-and-white projectors), and the counts as a fraction for the progress bars. Pure, so unit-tested.
 */
import type { ProgressOverview } from '../../../electron/core/api';

export type ExerciseStatus = ProgressOverview['weeks'][number]['lessons'][number]['exercises'][number]['status'];
export type StatusCounts = ProgressOverview['counts'];

export const STATUS_SYMBOL: Record<ExerciseStatus, string> = { done: '✓', 'in-progress': '◐', 'not-started': '○' };
export const STATUS_LABEL: Record<ExerciseStatus, string> = { done: 'done', 'in-progress': 'in progress', 'not-started': 'not started' };

/** Done out of all, 0 to 1 (0 for an empty group rather than NaN). */
export function doneFraction(counts: StatusCounts): number {
  return counts.total > 0 ? counts.done / counts.total : 0;
}

/** "3 of 7 done", with the in-progress ones when there are any: "3 of 7 done · 2 in progress". */
export function countsText(counts: StatusCounts): string {
  const done = `${counts.done} of ${counts.total} done`;
  return counts.inProgress > 0 ? `${done} · ${counts.inProgress} in progress` : done;
}

/** A week's heading; lessons that name no week are grouped under "Other lessons". */
export function weekTitle(week: number | null): string {
  return week === null ? 'Other lessons' : `Week ${week}`;
}

type ExerciseProgress = NonNullable<ProgressOverview['weeks'][number]['lessons'][number]['exercises'][number]['progress']>;

/** What a student did on an exercise, for a tooltip: "3 check runs · 1 hint · solution viewed". */
export function progressDetail(progress: ExerciseProgress | null): string {
  if (!progress) return 'not opened yet';
  const parts: string[] = [];
  if (progress.attempts > 0) parts.push(`${progress.attempts} check run${progress.attempts === 1 ? '' : 's'}`);
  if (progress.hintsUsed > 0) parts.push(`${progress.hintsUsed} hint${progress.hintsUsed === 1 ? '' : 's'}`);
  if (progress.solutionViewed) parts.push('solution viewed');
  return parts.length ? parts.join(' · ') : 'opened, not checked yet';
}
