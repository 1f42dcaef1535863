/**
 * The course at a glance: per week, its lessons and each exercise's status (symbol and colour), with counts
 * and a progress bar per week and for the whole course. Loaded each time it is shown; a click opens an exercise.
 */
import { useEffect, useState } from 'react';
import type { ProgressOverview } from '../../../electron/core/api';
import { useApi } from '../api/ApiContext';
import { countsText, doneFraction, progressDetail, STATUS_LABEL, STATUS_SYMBOL, weekTitle, type StatusCounts } from './status';

function ProgressBar({ counts, label }: { counts: StatusCounts; label: string }) {
  const pct = (n: number): string => `${counts.total > 0 ? (100 * n) / counts.total : 0}%`;
  return (
    <div
      className="progress-bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(100 * doneFraction(counts))}
      title={countsText(counts)}
    >
      <div className="progress-done" style={{ width: pct(counts.done) }} />
      <div className="progress-partial" style={{ width: pct(counts.inProgress) }} />
    </div>
  );
}

interface Props {
  onOpenExercise: (lessonId: string, exerciseId: string) => void;
  onClose: () => void;
}

export function CourseOverview({ onOpenExercise, onClose }: Props) {
  const api = useApi();
  const [overview, setOverview] = useState<ProgressOverview | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Mounted each time it is shown, so it always reflects the latest checks.
  useEffect(() => {
    let live = true;
    api.call('progress.overview', {}).then(
      (o) => live && setOverview(o),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  return (
    <div className="course-overview" data-testid="overview">
      <button className="link-button" onClick={onClose}>
        ← Lessons
      </button>
      <h1 className="overview-title">Your progress</h1>
      {error && <p className="notice error">Could not load your progress: {error}</p>}
      {!overview && !error && <p className="muted">Loading…</p>}
      {overview && (
        <>
          <div className="overview-total">
            <span>{countsText(overview.counts)}</span>
            <ProgressBar counts={overview.counts} label="Course progress" />
          </div>
          {overview.weeks.map((week) => (
            <section key={week.week ?? 'none'} className="overview-week" aria-label={weekTitle(week.week)}>
              <div className="overview-week-header">
                <h2>{weekTitle(week.week)}</h2>
                <span className="muted">{countsText(week.counts)}</span>
              </div>
              <ProgressBar counts={week.counts} label={`${weekTitle(week.week)} progress`} />
              {week.lessons.map((lesson) => (
                <div key={lesson.id} className="overview-lesson">
                  <h3>{lesson.title}</h3>
                  <ul>
                    {lesson.exercises.map((exercise) => (
                      <li key={exercise.id}>
                        <button
                          className={`overview-exercise status-${exercise.status}`}
                          data-testid="overview-exercise"
                          data-status={exercise.status}
                          title={`${STATUS_LABEL[exercise.status]}: ${progressDetail(exercise.progress)}`}
                          onClick={() => onOpenExercise(lesson.id, exercise.id)}
                        >
                          <span className="status-symbol" aria-hidden="true">
                            {STATUS_SYMBOL[exercise.status]}
                          </span>
                          <span className="overview-exercise-title">{exercise.title}</span>
                          <span className="status-text">{STATUS_LABEL[exercise.status]}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          ))}
        </>
      )}
    </div>
  );
}
