/** The API's handlers: each maps one method of `api.ts` onto the services, for one client session. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { APP_NAME, type InterpreterChoice } from './api.js';
import { ApiError } from './errors.js';
import { createDispatcher, type Dispatch, type Handlers } from './dispatch.js';
import { exerciseHandlers } from './exerciseHandlers.js';
import { runHandlers } from './runHandlers.js';
import { splitFrontMatter } from './lessons/frontMatter.js';
import type { ClientSession } from './session.js';
import { runDoctor } from './toolchain/doctor.js';

/** What the interpreter picker shows: the usable interpreters and this workspace's choice. */
async function interpreterChoice(session: ClientSession): Promise<InterpreterChoice> {
  const { reports, defaultExecutable } = await session.services.toolchain.interpreters();
  const interpreters = reports.flatMap((r) =>
    r.executable && r.version && r.status !== 'refused'
      ? [{ executable: r.executable, version: r.version, source: r.source, status: r.status, reason: r.reason, isDefault: r.executable === defaultExecutable }]
      : [],
  );
  return { interpreters, selected: await session.services.interpreterChoices.get((await session.currentWorkspace()).root) };
}

export const handlers: Handlers<ClientSession> = {
  ...exerciseHandlers,
  ...runHandlers,
  'app.info': async (_params, { services }) => ({
    name: APP_NAME,
    version: services.version,
    platform: `${os.platform()}-${os.arch()}`,
    dataDir: services.paths.dataDir,
    python: await services.toolchain.pythonForProcesses(),
  }),
  'lessons.list': async (_params, { services }) => {
    const course = await services.course();
    return {
      course: { id: course.id, title: course.title, version: course.version },
      lessons: course.lessons.map(({ id, title, week, minutes, exercises }) => ({
        id,
        title,
        ...(week !== undefined ? { week } : {}),
        ...(minutes !== undefined ? { minutes } : {}),
        exercises: exercises.map(({ id: exerciseId, title: exerciseTitle, kind }) => ({ id: exerciseId, title: exerciseTitle, kind })),
      })),
      problems: course.problems,
    };
  },
  'lessons.get': async ({ lessonId }, { services }) => {
    const lesson = await services.lesson(lessonId);
    const { body } = splitFrontMatter(await fs.readFile(lesson.markdownFile, 'utf8'));
    const exercises = lesson.exercises.map(({ id, title, kind }) => ({ id, title, kind }));
    return {
      lesson: { id: lesson.id, title: lesson.title, exercises, ...(lesson.week !== undefined ? { week: lesson.week } : {}) },
      markdown: body,
    };
  },
  'workspace.current': async (_params, session) => (await session.currentWorkspace()).info,
  'workspace.list': async (_params, session) => {
    const workspace = await session.currentWorkspace();
    return { workspace: workspace.info, ...(await workspace.list()) };
  },
  'workspace.read': async ({ path: rel }, session) => ({
    path: rel,
    content: await (await session.currentWorkspace()).read(rel),
  }),
  'workspace.write': async ({ path: rel, content }, session) => ({
    path: rel,
    bytes: await (await session.currentWorkspace()).write(rel, content),
  }),
  'workspace.interpreter': (_params, session) => interpreterChoice(session),
  'workspace.setInterpreter': async ({ executable }, session) => {
    if (executable !== null) {
      const usable = await session.services.toolchain.usableInterpreter(executable);
      if (typeof usable === 'string') throw new ApiError('bad_request', usable);
    }
    await session.services.interpreterChoices.set((await session.currentWorkspace()).root, executable);
    return interpreterChoice(session);
  },
  'toolchain.doctor': async (_params, { services }) => ({ rows: (await runDoctor(services.paths)).rows }),
  'toolchain.status': (_params, { services }) => services.toolchain.state,
  'toolchain.provision': (_params, { services }) => {
    const { state } = services.toolchain.state;
    if (state === 'missing' || state === 'failed') void services.toolchain.start();
    return services.toolchain.state;
  },
  'toolchain.installCompiler': (_params, { services }) => {
    if (services.toolchain.state.state !== 'provisioning') void services.toolchain.installFallbackCompiler();
    return services.toolchain.state;
  },
  'toolchain.cancel': (_params, { services }) => {
    services.toolchain.cancel();
    return null;
  },
  'terminal.create': ({ cols, rows }, session) => session.createTerminal(cols, rows),
  'terminal.input': ({ id, data }, session) => {
    session.terminal(id).write(data);
    return null;
  },
  'terminal.resize': ({ id, cols, rows }, session) => {
    session.terminal(id).resize(cols, rows);
    return null;
  },
  'terminal.ack': ({ id, chars }, session) => {
    session.terminal(id).acknowledge(chars);
    return null;
  },
  'terminal.kill': async ({ id }, session) => {
    await session.killTerminal(id);
    return null;
  },
};

export function createAppDispatcher(log: (err: unknown) => void = (err) => console.error(err)): Dispatch<ClientSession> {
  return createDispatcher(handlers, log);
}
