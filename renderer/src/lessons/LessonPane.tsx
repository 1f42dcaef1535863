/**
 * The lesson pane: the course (lessons grouped by week), a lesson's page with buttons that open its
 * exercises, the open exercise's card on top, and the progress overview behind the header's Progress button.
 */
import { useEffect, useState } from 'react';
import type { Result } from '../../../electron/core/api';
import { useApi } from '../api/ApiContext';
import { CourseOverview } from '../progress/CourseOverview';
import { ViewHost, type OpenSource } from '../views/ViewHost';
import { notifyError } from '../workbench/notifications';
import type { CheckState } from './CheckBar';
import { ExerciseCard } from './ExerciseCard';
import { LessonMarkdown } from './LessonMarkdown';

export type { CheckState } from './CheckBar';

type CourseList = Result<'lessons.list'>;
type LessonPage = Result<'lessons.get'>;

/** The exercise open in the workbench, as `exercises.open` describes it. */
export interface OpenExercise {
  lessonId: string;
  exerciseId: string;
  title: string;
  instructions: string;
  kind: string;
  /** It has native code to build (C, C++, Rust): the Build button, and Check builds first. */
  buildable: boolean;
  hintCount: number;
  /** The hints revealed so far, in order. */
  hints: string[];
  progress: Result<'exercises.open'>['progress'];
}

/**
 * What `exercises.open` says about the exercise's measuring tools: the view it is meant to be seen in
 * ('flamegraph', 'benchmark', 'refcount', …) and the script the profiler runs. Apart from OpenExercise, and
 * optional, because the workbench keeps `Required<OpenExercise>` and passes these only when it has them.
 */
export type ExerciseViewInfo = Partial<Pick<Result<'exercises.open'>, 'view' | 'profileEntry'>>;

interface Props {
  exercise: (OpenExercise & ExerciseViewInfo) | null;
  /** The file open in the editor: Profile runs it when the exercise names no script. */
  activePath?: string | null;
  /** Opens a workspace file at a line in the editor (a profile's frames and rows link to it). */
  onOpenSource?: OpenSource;
  onOpenExercise: (lessonId: string, exerciseId: string) => void;
  /** Runs the open exercise's checks. */
  onCheck: () => void;
  /** The open exercise's checks: running, and the last result. */
  check: CheckState | null;
  /** After a reset or restore replaced the exercise's files on disk: reload the editor and the file tree. */
  /** Before a reset or restore replaces the files: save the open ones, so the backup has every edit. */
  onBeforeReplace: () => Promise<void>;
  /** Before a measuring view runs: save, and build the exercise's native code (rejects when the build failed). */
  onBeforeMeasure: () => Promise<void>;
  onWorkspaceReplaced: () => void;
}

export function LessonPane({ exercise, activePath, onOpenSource, onOpenExercise, onCheck, check, onBeforeReplace, onBeforeMeasure, onWorkspaceReplaced }: Props) {
  const api = useApi();
  const [course, setCourse] = useState<CourseList | null>(null);
  const [page, setPage] = useState<LessonPage | null>(null);
  const [overview, setOverview] = useState(false);

  useEffect(() => {
    api.call('lessons.list', {}).then(setCourse, (err: unknown) => notifyError('Could not load the course', err));
  }, [api]);

  const openLesson = (lessonId: string): void => {
    api.call('lessons.get', { lessonId }).then(setPage, (err: unknown) => notifyError('Could not open the lesson', err));
  };

  // From the overview: open the exercise and show its lesson, where the card sits on top.
  const openFromOverview = (lessonId: string, exerciseId: string): void => {
    setOverview(false);
    onOpenExercise(lessonId, exerciseId);
    openLesson(lessonId);
  };

  // Keyed by exercise: its hints, dialogs and backups menu start afresh for another exercise.
  const current = exercise && (
    <ExerciseCard
      key={`${exercise.lessonId}/${exercise.exerciseId}`}
      exercise={exercise}
      activePath={activePath}
      onCheck={onCheck}
      check={check}
      onBeforeReplace={onBeforeReplace}
      onBeforeMeasure={onBeforeMeasure}
      onWorkspaceReplaced={onWorkspaceReplaced}
    />
  );

  return (
    <>
      {/* The measuring views (profile, benchmark, leak meter, timeline) open in a modal over everything; the lesson pane is
          always mounted, so the views opened by the card or by any other caller have a host. */}
      <ViewHost onOpenSource={onOpenSource} />
      <div className="pane-header lesson-pane-header">
        <span>{overview ? 'Progress' : page ? page.lesson.title : 'Course'}</span>
        <button className="header-button" onClick={() => setOverview((o) => !o)} aria-pressed={overview} data-testid="overview-button" title="Your progress through the course">
          Progress
        </button>
      </div>
      {overview ? (
        <div className="pane-body">
          <CourseOverview onOpenExercise={openFromOverview} onClose={() => setOverview(false)} />
        </div>
      ) : !course ? (
        <div className="pane-body muted">Loading the course…</div>
      ) : page ? (
        <div className="pane-body lesson-page">
          <button className="link-button" onClick={() => setPage(null)}>
            ← All lessons
          </button>
          {current}
          <LessonMarkdown markdown={page.markdown} />
          {page.lesson.exercises.length > 0 && (
            <section className="exercise-list" aria-label="Exercises">
              <h2>Exercises</h2>
              {page.lesson.exercises.map((ex) => (
                <button key={ex.id} className="exercise-button" onClick={() => onOpenExercise(page.lesson.id, ex.id)}>
                  <span>Open exercise: {ex.title}</span>
                  <span className="badge">{ex.kind}</span>
                </button>
              ))}
            </section>
          )}
        </div>
      ) : (
        <div className="pane-body">
          <h1 className="course-title">{course.course.title}</h1>
          {current}
          {course.problems.length > 0 && (
            <details className="course-problems">
              <summary>{course.problems.length} problem(s) in the course files; the rest of the course loaded</summary>
              <ul>
                {course.problems.map((p, i) => (
                  <li key={i}>
                    <code>
                      {p.file}
                      {p.line ? `:${p.line}` : ''}
                    </code>{' '}
                    {p.field}: {p.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <ol className="lesson-list">
            {course.lessons.map((lesson) => (
              <li key={lesson.id}>
                <button className="lesson-button" onClick={() => openLesson(lesson.id)}>
                  <span className="lesson-week">{lesson.week !== undefined ? `Week ${lesson.week}` : ''}</span>
                  <span className="lesson-title">{lesson.title}</span>
                  <span className="muted">
                    {lesson.exercises.length} exercise{lesson.exercises.length === 1 ? '' : 's'}
                    {lesson.minutes ? ` · ${lesson.minutes} min` : ''}
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </div>
      )}
    </>
  );
}
