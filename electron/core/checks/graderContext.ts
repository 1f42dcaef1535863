/**
 * What the headless grader needs, set up the way the app sets itself up: the course, the toolchain (the course
 * environment is installed on first use, with its progress on stderr) and a check service. The grader runs
 * one check per workspace, so it starts a fresh checker each time instead of a warm one.
 */
import { loadCourse, type Course } from '../lessons/course.js';
import { resolveAppPaths } from '../paths.js';
import { exerciseWorkspaceDir } from '../progress/paths.js';
import { ToolchainService } from '../toolchain/service.js';
import { CheckService } from './service.js';

export interface GraderContext {
  course: Course;
  checks: CheckService;
  studentWorkspace(lessonId: string, exerciseId: string): string;
  dispose(): void;
}

export async function createGraderContext(resourcesDir: string, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<GraderContext> {
  const paths = resolveAppPaths(resourcesDir, env);
  const course = await loadCourse(paths.lessonsDir);
  for (const p of course.problems) log(`warning: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.field}: ${p.reason}`);
  // The Rust prebuild is the app's background job; a grading run only needs it when it builds Rust.
  const toolchain = new ToolchainService(paths, { ...env, PYFORGE_RUST_PREBUILD: 'off' });
  let lastMessage = '';
  toolchain.onChange((s) => {
    if (s.state === 'provisioning' && s.progress.message !== lastMessage) log((lastMessage = s.progress.message));
  });
  await toolchain.start({ provision: env.PYFORGE_PROVISION !== 'off' });
  const state = toolchain.state;
  if (state.state === 'failed') throw new Error(`the course environment is not available: ${state.message}`);
  const checks = new CheckService(
    paths.runtimeDir,
    async () => {
      const python = await toolchain.pythonForProcesses();
      if (!python) throw new Error('no Python to run the checks with: `npm run doctor` says what is missing');
      return { python: python.executable, env: { ...(await toolchain.processEnvironment(null, { waitForCompilers: true })), PYTHONDONTWRITEBYTECODE: '1' } };
    },
    false,
  );
  return {
    course,
    checks,
    studentWorkspace: (lessonId, exerciseId) => exerciseWorkspaceDir(paths.dataDir, course.id, lessonId, exerciseId),
    dispose: () => checks.dispose(),
  };
}
