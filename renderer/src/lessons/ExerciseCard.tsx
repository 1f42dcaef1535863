/**
 * The open exercise: title, kind, instructions, the Check button with its last result, the measuring buttons
 * of its view (profile, benchmark, leak meter), hints one at a time, and the solution, reset and backups actions.
 */
import { useState } from 'react';
import { CheckBar, type CheckState } from './CheckBar';
import { ExerciseActions } from './ExerciseActions';
import { ExerciseTools } from './ExerciseTools';
import { HintList } from './HintList';
import { LessonMarkdown } from './LessonMarkdown';
import type { ExerciseViewInfo, OpenExercise } from './LessonPane';

interface Props {
  exercise: OpenExercise & ExerciseViewInfo;
  /** The file open in the editor, which Profile runs when the exercise names no script. */
  activePath?: string | null;
  onCheck: () => void;
  check: CheckState | null;
  onBeforeReplace: () => Promise<void>;
  onBeforeMeasure: () => Promise<void>;
  onWorkspaceReplaced: () => void;
}

export function ExerciseCard({ exercise, activePath, onCheck, check, onBeforeReplace, onBeforeMeasure, onWorkspaceReplaced }: Props) {
  const done = exercise.progress?.passed === true || check?.status === 'passed';
  // Counts the pointer's visits, so the measuring buttons re-list the workspace (files written since).
  const [visits, setVisits] = useState(0);
  return (
    <section className="exercise-card" aria-label="Current exercise" data-testid="exercise-card" onPointerEnter={() => setVisits((v) => v + 1)}>
      <header className="exercise-card-header">
        <h2>Exercise: {exercise.title}</h2>
        {exercise.kind && <span className="badge" data-testid="exercise-kind">{exercise.kind}</span>}
        {done && <span className="status-chip status-done">✓ done</span>}
      </header>
      <LessonMarkdown markdown={exercise.instructions} />
      <CheckBar onCheck={onCheck} check={check} />
      <ExerciseTools view={exercise.view} profileEntry={exercise.profileEntry} activePath={activePath} onPrepare={onBeforeMeasure} refreshKey={visits} />
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

