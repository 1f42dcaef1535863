/** What a check of an exercise runs: the pack's tests against a workspace, with the exercise's limits. */
import path from 'node:path';
import type { Exercise } from '../lessons/course.js';
import type { CheckTarget } from './service.js';

export function checkTargetFor(exercise: Exercise, lessonId: string, workspace: string, runId: string): CheckTarget {
  const { timeoutSeconds, memoryMiB, cpuSeconds, outputKiB } = exercise.check;
  return {
    runId,
    lessonId,
    exerciseId: exercise.id,
    testsDir: path.join(exercise.dir, 'tests'),
    workspace,
    timeoutSeconds,
    limits: {
      ...(memoryMiB ? { memoryBytes: memoryMiB * 1024 * 1024 } : {}),
      // The CPU limit is per process: by default as long as the wall-clock timeout.
      cpuSeconds: cpuSeconds ?? timeoutSeconds,
    },
    ...(outputKiB ? { outputBytes: outputKiB * 1024 } : {}),
  };
}
