/**
 * The API's exercise handlers: opening an exercise, its checks, hints and solution, reset and restore, and
 * the progress they record. Checks and progress are keyed by course id + exercise id, so a course update keeps
 * a student's history.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runBuild } from './build/service.js';
import { OutputBatcher } from './run/outputBatcher.js';
import type { Handlers } from './dispatch.js';
import type { Exercise, Lesson } from './lessons/course.js';
import { exerciseBackupsDir } from './progress/paths.js';
import { findStartedExercises } from './progress/overview.js';
import { listBackups, resetWorkspace, restoreBackup } from './progress/backups.js';
import type { ClientSession } from './session.js';

type ExerciseMethods =
  | 'exercises.open'
  | 'exercises.hint'
  | 'exercises.solution'
  | 'exercises.reset'
  | 'exercises.backups'
  | 'exercises.restore'
  | 'checks.run'
  | 'checks.cancel'
  | 'build.run'
  | 'build.cancel'
  | 'progress.overview';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

async function locate(session: ClientSession, lessonId: string, exerciseId: string): Promise<{ courseId: string; lesson: Lesson; exercise: Exercise; workspaceRoot: string }> {
  const { services } = session;
  const course = await services.course();
  const { lesson, exercise } = await services.exercise(lessonId, exerciseId);
  const { workspace } = await services.openExerciseWorkspace(course, lesson, exercise);
  return { courseId: course.id, lesson, exercise, workspaceRoot: workspace.root };
}

/** After a reset or restore the folder was replaced: its terminals and warm checker were inside the old one. */
async function afterReplace(session: ClientSession, lessonId: string, exerciseId: string): Promise<void> {
  const { services } = session;
  const course = await services.course();
  const { lesson, exercise } = await services.exercise(lessonId, exerciseId);
  const { workspace } = await services.openExerciseWorkspace(course, lesson, exercise);
  services.checks.forget(workspace.root);
  if ((await session.currentWorkspace()).root === workspace.root) {
    await session.killTerminalsIn(workspace.root);
    session.setWorkspace(workspace);
  }
}

/** Builds in progress, by id, for Cancel. */
const builds = new Map<string, AbortController>();

export const exerciseHandlers: Pick<Handlers<ClientSession>, ExerciseMethods> = {
  'exercises.open': async ({ lessonId, exerciseId }, session) => {
    const { services } = session;
    const course = await services.course();
    const { lesson, exercise } = await services.exercise(lessonId, exerciseId);
    const { workspace, created } = await services.openExerciseWorkspace(course, lesson, exercise);
    session.setWorkspace(workspace);
    const openFiles = exercise.files.length ? exercise.files : (await listFiles(workspace.root)).slice(0, 5);
    const progress = (await services.progress.get(course.id))[exercise.id] ?? null;
    // The first check then costs a fork, not a Python start: the checker warms up while the student reads.
    void services.checks.prewarm(services.checkTarget(exercise, workspace.root, { runId: 'prewarm', lessonId: lesson.id })).catch(() => undefined);
    return {
      workspace: workspace.info,
      title: exercise.title,
      instructions: exercise.instructions,
      openFiles,
      created,
      kind: exercise.kind,
      buildable: Boolean(exercise.build),
      ...(exercise.view ? { view: exercise.view } : {}),
      ...(exercise.profile ? { profileEntry: exercise.profile.entry } : {}),
      mypy: Boolean(exercise.mypy),
      hintCount: exercise.hints.length,
      hints: exercise.hints.slice(0, progress?.hintsUsed ?? 0),
      progress,
    };
  },
  'exercises.hint': async ({ lessonId, exerciseId }, session) => {
    const { services } = session;
    const course = await services.course();
    const { lesson, exercise } = await services.exercise(lessonId, exerciseId);
    const used = (await services.progress.get(course.id))[exercise.id]?.hintsUsed ?? 0;
    const revealed = Math.min(exercise.hints.length, used + 1);
    await services.progress.recordHint(course.id, exercise.id, lesson.id, revealed);
    return { hints: exercise.hints.slice(0, revealed), hintCount: exercise.hints.length };
  },
  'exercises.solution': async ({ lessonId, exerciseId }, session) => {
    const { courseId, lesson, exercise, workspaceRoot } = await locate(session, lessonId, exerciseId);
    const solutionDir = path.join(exercise.dir, 'solution');
    const names = await listFiles(solutionDir);
    const files = await Promise.all(
      names.map(async (name) => ({
        path: name,
        solution: await fs.readFile(path.join(solutionDir, name), 'utf8'),
        current: await fs.readFile(path.join(workspaceRoot, name), 'utf8').catch(() => null),
      })),
    );
    await session.services.progress.recordSolutionViewed(courseId, exercise.id, lesson.id);
    return { files };
  },
  'exercises.reset': async ({ lessonId, exerciseId }, session) => {
    const { courseId, lesson, exercise, workspaceRoot } = await locate(session, lessonId, exerciseId);
    const backup = await resetWorkspace({
      workspaceDir: workspaceRoot,
      starterDir: path.join(exercise.dir, 'starter'),
      backupsDir: exerciseBackupsDir(session.services.paths.dataDir, courseId, lesson.id, exercise.id),
      label: 'before reset',
    });
    await afterReplace(session, lessonId, exerciseId);
    return { backup };
  },
  'exercises.backups': async ({ lessonId, exerciseId }, session) => {
    const { courseId, lesson, exercise } = await locate(session, lessonId, exerciseId);
    return { backups: await listBackups(exerciseBackupsDir(session.services.paths.dataDir, courseId, lesson.id, exercise.id)) };
  },
  'exercises.restore': async ({ lessonId, exerciseId, backupId }, session) => {
    const { courseId, lesson, exercise, workspaceRoot } = await locate(session, lessonId, exerciseId);
    const result = await restoreBackup({
      workspaceDir: workspaceRoot,
      backupsDir: exerciseBackupsDir(session.services.paths.dataDir, courseId, lesson.id, exercise.id),
      backupId,
    });
    await afterReplace(session, lessonId, exerciseId);
    return result;
  },
  'checks.run': async ({ lessonId, exerciseId, runId }, session) => {
    const { services } = session;
    const { courseId, lesson, exercise, workspaceRoot } = await locate(session, lessonId, exerciseId);
    session.emit('checks.progress', { phase: 'started', runId, lessonId, exerciseId });
    const target = services.checkTarget(exercise, workspaceRoot, { runId, lessonId: lesson.id });
    const result = await services.checks.run(target, (progress) =>
      session.emit('checks.progress', progress.phase === 'collected' ? { phase: 'collected', runId, total: progress.total } : { phase: 'test', runId, test: progress.test }),
    );
    if (result.status !== 'cancelled') await services.progress.recordCheck(courseId, exercise.id, lesson.id, result.status);
    return result;
  },
  'checks.cancel': ({ runId }, { services }) => {
    services.checks.cancel(runId);
    return null;
  },
  'build.run': async ({ lessonId, exerciseId, buildId }, session) => {
    const { services } = session;
    const { exercise, workspaceRoot } = await locate(session, lessonId, exerciseId);
    const { python, env } = await services.checkEnvironment(workspaceRoot);
    const abort = new AbortController();
    builds.set(buildId, abort);
    const output = new OutputBatcher<'out'>((chunk) => session.emit('build.output', { buildId, chunk }));
    try {
      return await runBuild({
        buildId,
        exercise,
        workspace: workspaceRoot,
        python,
        env,
        runtimeDir: services.paths.runtimeDir,
        signal: abort.signal,
        onOutput: (chunk) => output.push(chunk, 'out'),
      });
    } finally {
      output.flush();
      builds.delete(buildId);
    }
  },
  'build.cancel': ({ buildId }) => {
    builds.get(buildId)?.abort();
    return null;
  },
  'progress.overview': async (_params, { services }) => {
    const course = await services.course();
    return services.progress.overview(course, await findStartedExercises(services.paths.dataDir, course));
  },
};
