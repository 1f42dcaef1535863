/**
 * The exercise card's escape hatches: the reference solution (behind a confirmation, since viewing it is
 * recorded), resetting to the starter (the student's files become a backup) and the backups menu.
 */
import { useState } from 'react';
import { useApi } from '../api/ApiContext';
import { notify, notifyError } from '../workbench/notifications';
import { BackupsMenu } from './BackupsMenu';
import { ConfirmDialog } from './Modal';
import { SolutionDiff, type SolutionFile } from './SolutionDiff';

interface Props {
  lessonId: string;
  exerciseId: string;
  /** Whether the student has viewed the solution before (then it opens without asking again). */
  solutionViewed: boolean;
  /** Reloads the editor and the file tree after a reset or restore. */
  /** Saves the open files, so the backup a reset or restore makes holds unsaved edits too. */
  onBeforeReplace: () => Promise<void>;
  onWorkspaceReplaced: () => void;
}

export function ExerciseActions({ lessonId, exerciseId, solutionViewed, onBeforeReplace, onWorkspaceReplaced }: Props) {
  const api = useApi();
  const [dialog, setDialog] = useState<'solution' | 'reset' | null>(null);
  const [solution, setSolution] = useState<SolutionFile[] | null>(null);
  const [viewed, setViewed] = useState(solutionViewed);
  // Bumped after a reset, so the backups menu lists the backup just made.
  const [revision, setRevision] = useState(0);

  const showSolution = async (): Promise<void> => {
    setDialog(null);
    try {
      const { files } = await api.call('exercises.solution', { lessonId, exerciseId });
      setViewed(true);
      setSolution(files);
    } catch (err) {
      notifyError('Could not load the solution', err);
    }
  };

  const reset = async (): Promise<void> => {
    setDialog(null);
    try {
      await onBeforeReplace();
      const { backup } = await api.call('exercises.reset', { lessonId, exerciseId });
      notify('info', backup ? 'Starter files restored; your files are kept under Backups' : 'Starter files restored');
      setRevision((r) => r + 1);
      onWorkspaceReplaced();
    } catch (err) {
      notifyError('Could not reset the exercise', err);
    }
  };

  return (
    <div className="exercise-actions">
      <button className="secondary-button" onClick={() => (viewed ? void showSolution() : setDialog('solution'))} data-testid="solution-button">
        Show solution
      </button>
      <button className="secondary-button" onClick={() => setDialog('reset')} data-testid="reset-button">
        Reset to starter…
      </button>
      <BackupsMenu lessonId={lessonId} exerciseId={exerciseId} revision={revision} onBeforeRestore={onBeforeReplace} onRestored={onWorkspaceReplaced} />
      {dialog === 'solution' && (
        <ConfirmDialog
          title="Show the reference solution?"
          confirmLabel="Show solution"
          confirmTestId="solution-confirm"
          onConfirm={() => void showSolution()}
          onCancel={() => setDialog(null)}
        >
          <p>
            Struggling with a problem for a while, then checking, is how the ideas stick: reading a solution before
            trying teaches far less. If you are stuck, a hint may be enough.
          </p>
          <p className="muted">Viewing the solution is recorded in your progress.</p>
        </ConfirmDialog>
      )}
      {dialog === 'reset' && (
        <ConfirmDialog title="Reset to the starter files?" confirmLabel="Reset" confirmTestId="reset-confirm" danger onConfirm={() => void reset()} onCancel={() => setDialog(null)}>
          <p>The exercise's files go back to how they were at the start.</p>
          <p>
            Your current files are <strong>kept as a backup</strong>: Backups ▾ brings them back. Unsaved changes in
            the editor are not part of it and are lost: save first. Terminals open in this exercise are closed.
          </p>
        </ConfirmDialog>
      )}
      {solution && <SolutionDiff files={solution} onClose={() => setSolution(null)} />}
    </div>
  );
}
