/**
 * mypy on save, for the exercises whose exercise.yaml asks for it (`mypy: true`, the typing exercises): after
 * each save of a Python file the workspace is type-checked with mypy --strict (`lint.mypy`, a few seconds) and
 * the errors become markers (owner 'pyforge-mypy') and Problems rows. Saves during a run queue one more run;
 * an answer for an exercise no longer open is dropped.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../../../electron/core/api';
import { fromHostDiagnostics, type Diagnostic } from '../editor/diagnostics';
import type { EditorStore } from '../editor/editorStore';
import { isLintable } from './useLint';

export const MYPY_SOURCE = 'mypy';
export const MYPY_MARKER_OWNER = 'pyforge-mypy';

/** @param exercise "lesson/exercise" of the open exercise when it asks for mypy, else null. */
export function useTypeCheck(api: Pick<ApiClient, 'call'>, store: EditorStore, exercise: string | null): Diagnostic[] {
  // Each answer is kept with the exercise it is for, so another exercise never shows it.
  const [result, setResult] = useState<{ exercise: string; diagnostics: Diagnostic[] } | null>(null);

  useEffect(() => {
    if (!exercise) return;
    let live = true;
    let running = false;
    let again = false;
    const run = (): void => {
      if (running) {
        again = true; // one more run after this one: it sees every save made meanwhile
        return;
      }
      running = true;
      api
        .call('lint.mypy', {})
        .then(
          (r) => live && setResult({ exercise, diagnostics: fromHostDiagnostics(MYPY_SOURCE, r.diagnostics) }),
          () => undefined, // no mypy result is no marker: the checks still grade the types
        )
        .finally(() => {
          running = false;
          if (live && again) {
            again = false;
            run();
          }
        });
    };
    run();
    const off = store.onDidSave((path) => isLintable(path) && run());
    return () => {
      live = false;
      off();
    };
  }, [api, store, exercise]);

  const shown = useMemo(() => (exercise && result?.exercise === exercise ? result.diagnostics : []), [exercise, result]);
  useEffect(() => store.setDiagnostics(MYPY_MARKER_OWNER, shown), [store, shown]);
  return shown;
}
