/**
 * The open exercise: title, kind, instructions, the Check button with its last result, hints one at a time,
 * and the solution, reset and backups actions.
 */
import { CheckBar, type CheckState } from './CheckBar';
import { ExerciseActions } from './ExerciseActions';
import { HintList } from './HintList';
import { LessonMarkdown } from './LessonMarkdown';
import type { OpenExercise } from './LessonPane';

interface Props {
  exercise: OpenExercise;
  onCheck: () => void;
  check: CheckState | null;
  onBeforeReplace: () => Promise<void>;
  onWorkspaceReplaced: () => void;
}

export function ExerciseCard({ exercise, onCheck, check, onBeforeReplace, onWorkspaceReplaced }: Props) {
  const done = exercise.progress?.passed === true || check?.status === 'passed';
  return (
    <section className="exercise-card" aria-label="Current exercise" data-testid="exercise-card">
      <header className="exercise-card-header">
        <h2>Exercise: {exercise.title}</h2>
        {exercise.kind && <span className="badge" data-testid="exercise-kind">{exercise.kind}</span>}
        {done && <span className="status-chip status-done">✓ done</span>}
      </header>
      <LessonMarkdown markdown={exercise.instructions} />
      <CheckBar onCheck={onCheck} check={check} />
      <HintList lessonId={exercise.lessonId} exerciseId={exercise.exerciseId} hintCount={exercise.hintCount} initialHints={exercise.hints} />
      <ExerciseActions
        lessonId={exercise.lessonId}
        exerciseId={exercise.exerciseId}
        solutionViewed={exercise.progress?.solutionViewed ?? false}
        onBeforeReplace={onBeforeReplace}
        onWorkspaceReplaced={onWorkspaceReplaced}
      />
    </section>
  );
}

