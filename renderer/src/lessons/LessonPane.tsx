/** The course: lessons grouped by week, the selected lesson's page, and buttons that open its exercises. */
import { useEffect, useState } from 'react';
import type { Result } from '../../../electron/core/api';
import { useApi } from '../api/ApiContext';
import { notifyError } from '../workbench/notifications';
import { LessonMarkdown } from './LessonMarkdown';

type CourseList = Result<'lessons.list'>;
type LessonPage = Result<'lessons.get'>;

export interface OpenExercise {
  title: string;
  instructions: string;
}

interface Props {
  exercise: OpenExercise | null;
  onOpenExercise: (lessonId: string, exerciseId: string) => void;
}

function ExerciseCard({ exercise }: { exercise: OpenExercise }) {
  return (
    <section className="exercise-card" aria-label="Current exercise" data-testid="exercise-card">
      <h2>Exercise: {exercise.title}</h2>
      <LessonMarkdown markdown={exercise.instructions} />
    </section>
  );
}

export function LessonPane({ exercise, onOpenExercise }: Props) {
  const api = useApi();
  const [course, setCourse] = useState<CourseList | null>(null);
  const [page, setPage] = useState<LessonPage | null>(null);

  useEffect(() => {
    api.call('lessons.list', {}).then(setCourse, (err: unknown) => notifyError('Could not load the course', err));
  }, [api]);

  const openLesson = (lessonId: string): void => {
    api.call('lessons.get', { lessonId }).then(setPage, (err: unknown) => notifyError('Could not open the lesson', err));
  };

  if (!course) return <div className="pane-body muted">Loading the course…</div>;

  if (page) {
    return (
      <div className="pane-body lesson-page">
        <button className="link-button" onClick={() => setPage(null)}>
          ← All lessons
        </button>
        {exercise && <ExerciseCard exercise={exercise} />}
        <LessonMarkdown markdown={page.markdown} />
        {page.lesson.exercises.length > 0 && (
          <section className="exercise-list" aria-label="Exercises">
            <h2>Exercises</h2>
            {page.lesson.exercises.map((exercise) => (
              <button key={exercise.id} className="exercise-button" onClick={() => onOpenExercise(page.lesson.id, exercise.id)}>
                <span>Open exercise: {exercise.title}</span>
                <span className="badge">{exercise.kind}</span>
              </button>
            ))}
          </section>
        )}
      </div>
    );
  }

  return (
    <div className="pane-body">
      <h1 className="course-title">{course.course.title}</h1>
      {exercise && <ExerciseCard exercise={exercise} />}
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
  );
}
