/**
 * The app's long-lived services, shared by every client: the course, the data folders and the toolchain.
 * Created once per host process (Electron main or web host).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError } from './errors.js';
import { CourseCache } from './lessons/courseCache.js';
import { findExercise, type Course, type Exercise, type Lesson } from './lessons/course.js';
import type { AppPaths } from './paths.js';
import { exerciseWorkspaceDir } from './progress/paths.js';
import { CheckService, type CheckTarget } from './checks/service.js';
import { checkTargetFor } from './checks/target.js';
import { ProgressStore } from './progress/store.js';
import { InterpreterChoices } from './toolchain/interpreterChoices.js';
import { ToolchainService } from './toolchain/service.js';
import { Workspace } from './workspace/workspace.js';

export interface AppServices {
  readonly paths: AppPaths;
  readonly version: string;
  readonly toolchain: ToolchainService;
  /** Each workspace's interpreter, when the student picked one other than the default. */
  readonly interpreterChoices: InterpreterChoices;
  readonly checks: CheckService;
  /** The interpreter and environment for checks and builds in a workspace (its chosen interpreter's). */
  checkEnvironment(workspace: string): Promise<{ python: string; env: NodeJS.ProcessEnv }>;
  readonly progress: ProgressStore;
  /** What a check of this exercise runs: the pack's tests against the student's workspace, with its limits. */
  checkTarget(exercise: Exercise, workspaceRoot: string, ids: { runId: string; lessonId: string }): CheckTarget;
  course(): Promise<Course>;
  lesson(lessonId: string): Promise<Lesson>;
  exercise(lessonId: string, exerciseId: string): Promise<{ lesson: Lesson; exercise: Exercise }>;
  /** The student's copy of an exercise, created from its starter on first open. */
  openExerciseWorkspace(course: Course, lesson: Lesson, exercise: Exercise): Promise<{ workspace: Workspace; created: boolean }>;
  scratchWorkspace(): Promise<Workspace>;
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}

/**
 * Copies the starter into a temp folder beside the destination, then renames it into place, so a crash
 * mid-copy never leaves a half workspace that would later be mistaken for the student's work.
 */
async function copyStarter(starterDir: string, destination: string): Promise<void> {
  const temp = `${destination}.partial-${process.pid}-${Date.now()}`;
  await fs.mkdir(path.dirname(destination), { recursive: true });
  await fs.rm(temp, { recursive: true, force: true });
  await fs.cp(starterDir, temp, { recursive: true, errorOnExist: false });
  await fs.rename(temp, destination);
}

/**
 * @param env the environment to discover interpreters in; `PYFORGE_PROVISION=off` only reports the course
 *   environment's status instead of installing it (for tests that do not need it).
 */
export async function createAppServices(paths: AppPaths, version: string, env: NodeJS.ProcessEnv = process.env): Promise<AppServices> {
  const toolchain = new ToolchainService(paths, env);
  // Discovery takes a few hundred ms and provisioning seconds: the app starts at once and shows progress.
  void toolchain.start({ provision: env.PYFORGE_PROVISION !== 'off' });
  const workspacesDir = path.join(paths.dataDir, 'workspaces');
  const interpreterChoices = new InterpreterChoices(paths.dataDir);
  const courseCache = new CourseCache(paths.lessonsDir);
  // Checks run with the workspace's own interpreter (its course environment), never writing bytecode beside
  // the student's files or the read-only lesson pack.
  const checkEnvironment = async (workspace: string): Promise<{ python: string; env: NodeJS.ProcessEnv }> => {
    // A check or build started while the course environment is still installing waits for it.
    await toolchain.settled();
    const choice = await interpreterChoices.get(workspace);
    const python = choice ? await toolchain.environmentFor(choice) : await toolchain.pythonForProcesses();
    if (!python) throw new Error('no Python to run the checks with: `npm run doctor` says what is missing');
    const env = await toolchain.processEnvironment(choice, { waitForCompilers: true });
    return { python: python.executable, env: { ...env, PYTHONDONTWRITEBYTECODE: '1' } };
  };
  const checks = new CheckService(paths.runtimeDir, checkEnvironment);

  const services: AppServices = {
    paths,
    version,
    toolchain,
    interpreterChoices,
    checks,
    checkEnvironment,
    progress: new ProgressStore(paths.dataDir),
    checkTarget: (exercise, workspaceRoot, { runId, lessonId }) => checkTargetFor(exercise, lessonId, workspaceRoot, runId),
    // Cached until a file under lessons/ changes: a lecturer editing a lesson sees it at once.
    course: () => courseCache.get(),
    async lesson(lessonId) {
      const lesson = (await services.course()).lessons.find((l) => l.id === lessonId);
      if (!lesson) throw new ApiError('not_found', `no lesson "${lessonId}" in the course`);
      return lesson;
    },
    async exercise(lessonId, exerciseId) {
      const found = findExercise(await services.course(), lessonId, exerciseId);
      if (!found) throw new ApiError('not_found', `no exercise "${exerciseId}" in lesson "${lessonId}"`);
      return found;
    },
    async openExerciseWorkspace(course, lesson, exercise) {
      const root = exerciseWorkspaceDir(paths.dataDir, course.id, lesson.id, exercise.id);
      let created = false;
      if (!(await exists(root))) {
        const starter = path.join(exercise.dir, 'starter');
        if (!(await exists(starter))) {
          throw new ApiError('not_found', `exercise "${exercise.id}" has no starter/ folder; ask the course author to add one`);
        }
        await copyStarter(starter, root);
        created = true;
      }
      return { workspace: await Workspace.open(root, `${lesson.title} · ${exercise.title}`), created };
    },
    scratchWorkspace: () => Workspace.open(path.join(workspacesDir, 'scratch'), 'Scratch'),
  };
  return services;
}
