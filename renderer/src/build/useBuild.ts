/** React glue for the build: one store per open exercise that has a build step, and its snapshot. */
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { ApiClient } from '../../../electron/core/api';
import type { BuildStep } from '../checks/checkStore';
import { BuildStore, type BuildSnapshot, type ExerciseRef } from './buildStore';

/** A store while the open exercise is buildable; a new one for another exercise (the old build is cancelled). */
export function useBuildStore(api: ApiClient, exercise: (ExerciseRef & { buildable: boolean }) | null): BuildStore | null {
  const lessonId = exercise?.buildable ? exercise.lessonId : undefined;
  const exerciseId = exercise?.buildable ? exercise.exerciseId : undefined;
  const store = useMemo(() => (lessonId && exerciseId ? new BuildStore(api, { lessonId, exerciseId }) : null), [api, lessonId, exerciseId]);
  // dispose() can be undone by the next run(), so React's development double effects do no harm.
  useEffect(() => () => store?.dispose(), [store]);
  return store;
}

const NO_STORE = (): (() => void) => () => undefined;
const NO_SNAPSHOT = (): null => null;

export function useBuildSnapshot(store: BuildStore | null): BuildSnapshot | null {
  return useSyncExternalStore(store?.subscribe ?? NO_STORE, store?.getSnapshot ?? NO_SNAPSHOT);
}

/** The build store as the check store's build step. */
export function buildStepOf(store: BuildStore): BuildStep {
  return { run: () => store.run(), cancel: () => store.cancel() };
}
