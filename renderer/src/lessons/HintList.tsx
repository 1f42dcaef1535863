/**
 * An exercise's hints, revealed one at a time. Each reveal is recorded by the service, which returns every hint
 * revealed so far, so they are still there after a reload.
 */
import { useState } from 'react';
import { useApi } from '../api/ApiContext';
import { notifyError } from '../workbench/notifications';
import { LessonMarkdown } from './LessonMarkdown';

interface Props {
  lessonId: string;
  exerciseId: string;
  hintCount: number;
  /** The hints revealed when the exercise was opened. */
  initialHints: string[];
}

export function HintList({ lessonId, exerciseId, hintCount, initialHints }: Props) {
  const api = useApi();
  const [revealed, setRevealed] = useState<string[]>(initialHints);
  const [busy, setBusy] = useState(false);
  // The exercise may be reopened with more hints revealed (another window): show the longer list.
  const hints = revealed.length >= initialHints.length ? revealed : initialHints;

  if (hintCount === 0) return null;

  const reveal = (): void => {
    setBusy(true);
    api
      .call('exercises.hint', { lessonId, exerciseId })
      .then((r) => setRevealed(r.hints), (err: unknown) => notifyError('Could not show the hint', err))
      .finally(() => setBusy(false));
  };

  return (
    <section className="hint-list" aria-label="Hints">
      {hints.map((hint, i) => (
        <div key={i} className="hint" data-testid="hint">
          <span className="hint-label">Hint {i + 1}</span>
          <LessonMarkdown markdown={hint} />
        </div>
      ))}
      {hints.length < hintCount && (
        <button className="secondary-button" onClick={reveal} disabled={busy} data-testid="hint-button">
          Show hint {hints.length + 1} of {hintCount}
        </button>
      )}
    </section>
  );
}
