import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../electron/core/errors.js';
import { parseProgress, serializeProgress } from '../../electron/core/progress/format.js';
import { buildOverview, findStartedExercises, type OverviewCourse } from '../../electron/core/progress/overview.js';
import { exerciseWorkspaceDir, progressFile } from '../../electron/core/progress/paths.js';
import { ProgressStore, ProgressVersionError, type DamagedProgressInfo } from '../../electron/core/progress/store.js';
import { TEMP_MARKER } from '../../electron/core/workspace/atomicWrite.js';
import { exists, useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs('pyforge-progress-');
const COURSE = 'production-python';

function course(lessons: OverviewCourse['lessons']): OverviewCourse {
  return { id: COURSE, lessons };
}

const baseCourse = course([
  { id: 'event-driven', week: 1, title: 'Events', exercises: [{ id: 'event-bus', title: 'Bus' }, { id: 'debounce', title: 'Debounce' }, { id: 'weak', title: 'Weak' }] },
  { id: 'mvc-undo', week: 2, title: 'MVC', exercises: [{ id: 'command-undo', title: 'Undo' }, { id: 'mvc-split', title: 'Split' }] },
  { id: 'extras', title: 'Extras', exercises: [{ id: 'bonus', title: 'Bonus' }] },
]);

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
}

describe('ProgressStore records', () => {
  it('records checks, hints and solution views and reads them back', async () => {
    const store = new ProgressStore(await tempDir());
    expect(await store.get(COURSE)).toEqual({});
    const t1 = new Date('2026-03-02T10:00:00.000Z');
    const t2 = new Date('2026-03-02T10:05:00.000Z');
    await store.recordCheck(COURSE, 'debounce', 'event-driven', 'failed', t1);
    const after = await store.recordCheck(COURSE, 'debounce', 'event-driven', 'error', t2);
    expect(after).toEqual({ attempts: 2, passed: false, lastCheckedAt: t2.toISOString(), lastResult: 'error', hintsUsed: 0, solutionViewed: false, lessonId: 'event-driven' });
    await store.recordHint(COURSE, 'event-bus', 'event-driven', 1);
    await store.recordSolutionViewed(COURSE, 'event-bus', 'event-driven');

    const got = await store.get(COURSE);
    expect(got.debounce).toEqual(after);
    expect(got['event-bus']).toEqual({ attempts: 0, passed: false, hintsUsed: 1, solutionViewed: true, lessonId: 'event-driven' });
    expect(await store.get('another-course')).toEqual({});

    const onDisk = (await readJson(store.file)) as { version: number; courses: Record<string, { exercises: Record<string, unknown> }> };
    expect(store.file).toBe(progressFile(path.dirname(path.dirname(store.file))));
    expect(onDisk.version).toBe(1);
    expect(Object.keys(onDisk.courses[COURSE]!.exercises).sort()).toEqual(['debounce', 'event-bus']);
  });

  it('counts every one of 50 concurrent checks', async () => {
    const store = new ProgressStore(await tempDir());
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.recordCheck(COURSE, 'debounce', 'event-driven', i === 25 ? 'passed' : 'failed')));
    const entry = (await store.get(COURSE)).debounce!;
    expect(entry.attempts).toBe(50);
    expect(entry.passed).toBe(true);
  });

  it('never loses an update between two stores over the same file in one process', async () => {
    const dir = await tempDir();
    const [a, b] = [new ProgressStore(dir), new ProgressStore(dir)];
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).recordCheck(COURSE, 'debounce', 'event-driven', 'failed')));
    expect((await a.get(COURSE)).debounce!.attempts).toBe(20);
  });

  it('sets firstPassedAt once and keeps passed after a later failure', async () => {
    const store = new ProgressStore(await tempDir());
    const first = new Date('2026-03-02T10:00:00.000Z');
    await store.recordCheck(COURSE, 'debounce', 'event-driven', 'passed', first);
    await store.recordCheck(COURSE, 'debounce', 'event-driven', 'failed', new Date('2026-03-03T10:00:00.000Z'));
    const last = new Date('2026-03-04T10:00:00.000Z');
    const entry = await store.recordCheck(COURSE, 'debounce', 'event-driven', 'passed', last);
    expect(entry.passed).toBe(true);
    expect(entry.firstPassedAt).toBe(first.toISOString());
    expect(entry.lastCheckedAt).toBe(last.toISOString());
    expect(entry.attempts).toBe(3);
  });

  it('keeps the highest number of hints revealed', async () => {
    const store = new ProgressStore(await tempDir());
    await store.recordHint(COURSE, 'debounce', 'event-driven', 3);
    await store.recordHint(COURSE, 'debounce', 'event-driven', 1);
    expect((await store.get(COURSE)).debounce!.hintsUsed).toBe(3);
    await store.recordHint(COURSE, 'debounce', 'event-driven', 4);
    expect((await store.get(COURSE)).debounce!.hintsUsed).toBe(4);
  });

  it('rejects bad input with a bad_request error and writes nothing', async () => {
    const store = new ProgressStore(await tempDir());
    const bad = [
      store.recordHint(COURSE, 'debounce', 'event-driven', -1),
      store.recordHint(COURSE, 'debounce', 'event-driven', 1.5),
      store.recordCheck(COURSE, 'debounce', 'event-driven', 'maybe' as 'passed'),
      store.recordCheck(COURSE, 'debounce', 'event-driven', 'passed', new Date('not a date')),
      store.recordCheck(COURSE, '', 'event-driven', 'passed'),
    ];
    for (const p of bad) await expect(p).rejects.toMatchObject({ code: 'bad_request' });
    expect(await exists(store.file)).toBe(false);
  });

  it('treats an id such as __proto__ as a plain key', async () => {
    const store = new ProgressStore(await tempDir());
    await store.recordCheck(COURSE, '__proto__', 'event-driven', 'passed');
    const got = await store.get(COURSE);
    expect(Object.hasOwn(got, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect((await new ProgressStore(path.dirname(path.dirname(store.file))).get(COURSE))['__proto__']?.attempts).toBe(1);
  });
});

describe('ProgressStore overview', () => {
  it('gives each exercise a status and counts per lesson, week and course', async () => {
    const store = new ProgressStore(await tempDir());
    await store.recordCheck(COURSE, 'event-bus', 'event-driven', 'passed');
    await store.recordCheck(COURSE, 'debounce', 'event-driven', 'failed');
    await store.recordHint(COURSE, 'command-undo', 'mvc-undo', 1);
    await store.recordSolutionViewed(COURSE, 'bonus', 'extras');
    await store.recordHint(COURSE, 'mvc-split', 'mvc-undo', 0); // revealing nothing starts nothing

    const overview = await store.overview(baseCourse, new Set(['weak']));
    expect(overview.courseId).toBe(COURSE);
    expect(overview.weeks.map((w) => w.week)).toEqual([1, 2, null]);
    const statuses = Object.fromEntries(overview.weeks.flatMap((w) => w.lessons.flatMap((l) => l.exercises.map((e) => [e.id, e.status]))));
    expect(statuses).toEqual({ 'event-bus': 'done', debounce: 'in-progress', weak: 'in-progress', 'command-undo': 'in-progress', 'mvc-split': 'not-started', bonus: 'in-progress' });
    const week1 = overview.weeks[0]!;
    expect(week1.lessons[0]!.counts).toEqual({ done: 1, inProgress: 2, notStarted: 0, total: 3 });
    expect(week1.counts).toEqual(week1.lessons[0]!.counts);
    expect(overview.weeks[1]!.counts).toEqual({ done: 0, inProgress: 1, notStarted: 1, total: 2 });
    expect(overview.counts).toEqual({ done: 1, inProgress: 4, notStarted: 1, total: 6 });
    expect(week1.lessons[0]!.exercises[0]!.progress?.attempts).toBe(1);
    expect(week1.lessons[0]!.exercises[2]!.progress).toBeNull();
    expect(overview.weeks[2]!.lessons[0]).not.toHaveProperty('week');
  });

  it('groups lessons by week in the order weeks first appear', () => {
    const c = course([
      { id: 'a', week: 2, title: 'A', exercises: [] },
      { id: 'b', week: 1, title: 'B', exercises: [] },
      { id: 'c', week: 2, title: 'C', exercises: [] },
    ]);
    const overview = buildOverview(c, {});
    expect(overview.weeks.map((w) => [w.week, w.lessons.map((l) => l.id)])).toEqual([[2, ['a', 'c']], [1, ['b']]]);
    expect(overview.counts.total).toBe(0);
  });

  it('does not show an exercise the course dropped, but keeps it on disk', async () => {
    const store = new ProgressStore(await tempDir());
    await store.recordCheck(COURSE, 'retired', 'event-driven', 'passed');
    await store.recordCheck(COURSE, 'event-bus', 'event-driven', 'passed');
    const overview = await store.overview(baseCourse);
    const shown = overview.weeks.flatMap((w) => w.lessons.flatMap((l) => l.exercises.map((e) => e.id)));
    expect(shown).not.toContain('retired');
    expect(overview.counts.done).toBe(1);
    // Another write must not drop it either.
    await store.recordHint(COURSE, 'debounce', 'event-driven', 1);
    const onDisk = (await readJson(store.file)) as { courses: Record<string, { exercises: Record<string, { passed: boolean }> }> };
    expect(onDisk.courses[COURSE]!.exercises.retired?.passed).toBe(true);
    expect((await store.get(COURSE)).retired?.passed).toBe(true);
  });

  it('keeps progress through a course update that adds an exercise and renames a lesson', async () => {
    const store = new ProgressStore(await tempDir());
    await store.recordCheck(COURSE, 'event-bus', 'event-driven', 'passed');
    await store.recordHint(COURSE, 'debounce', 'event-driven', 2);
    // The update: the lesson is renamed (new id, new folder), moved after another, and gains an exercise.
    const updated = course([
      { id: 'mvc-undo', week: 1, title: 'MVC', exercises: [{ id: 'command-undo', title: 'Undo' }] },
      {
        id: 'events-and-buses',
        week: 2,
        title: 'Events, revised',
        exercises: [{ id: 'new-one', title: 'New' }, { id: 'event-bus', title: 'Bus' }, { id: 'debounce', title: 'Debounce' }],
      },
    ]);
    const overview = await new ProgressStore(path.dirname(path.dirname(store.file))).overview(updated);
    const lesson = overview.weeks[1]!.lessons[0]!;
    expect(lesson.id).toBe('events-and-buses');
    expect(lesson.exercises.map((e) => [e.id, e.status])).toEqual([
      ['new-one', 'not-started'],
      ['event-bus', 'done'],
      ['debounce', 'in-progress'],
    ]);
    // The next record notes the exercise's new lesson, keeping everything else.
    const entry = await store.recordCheck(COURSE, 'event-bus', 'events-and-buses', 'failed');
    expect(entry).toMatchObject({ attempts: 2, passed: true, lessonId: 'events-and-buses' });
  });

  it('finds started exercises from their workspace folders', async () => {
    const dataDir = await tempDir();
    await fs.mkdir(exerciseWorkspaceDir(dataDir, COURSE, 'mvc-undo', 'mvc-split'), { recursive: true });
    // A workspace under another lesson id does not count for this lesson's exercise.
    await fs.mkdir(exerciseWorkspaceDir(dataDir, COURSE, 'old-lesson', 'debounce'), { recursive: true });
    expect([...(await findStartedExercises(dataDir, baseCourse))]).toEqual(['mvc-split']);
  });
});

describe('ProgressStore file safety', () => {
  it('moves a damaged file aside, reports it and starts fresh', async () => {
    const dataDir = await tempDir();
    const file = progressFile(dataDir);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, '{"version": 1, "courses": {"x": ');
    const reports: DamagedProgressInfo[] = [];
    const store = new ProgressStore(dataDir, { onDamaged: (info) => reports.push(info) });

    expect(await store.get(COURSE)).toEqual({});
    const names = await fs.readdir(path.dirname(file));
    const damaged = names.filter((n) => n.startsWith('progress.json.damaged-'));
    expect(damaged).toHaveLength(1);
    expect(damaged[0]).not.toMatch(/:/);
    expect(await fs.readFile(path.join(path.dirname(file), damaged[0]!), 'utf8')).toBe('{"version": 1, "courses": {"x": ');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.reason).toMatch(/not valid JSON/);
    expect(reports[0]!.damagedCopy).toBe(path.join(path.dirname(file), damaged[0]!));

    await store.recordCheck(COURSE, 'debounce', 'event-driven', 'passed');
    expect((await store.get(COURSE)).debounce?.attempts).toBe(1);
    expect(reports).toHaveLength(1);
  });

  it('treats a wrong shape as damaged too', () => {
    for (const text of ['', '[]', '{"courses": {}}', '{"version": "1"}', '{"version": 1, "courses": {"c": {"exercises": {"e": {"attempts": -1}}}}}']) {
      expect(parseProgress(text).kind, text).toBe('damaged');
    }
    expect(parseProgress('{"version": 1}')).toEqual({ kind: 'ok', data: new Map() });
  });

  it('refuses a file from a newer version and leaves it byte for byte', async () => {
    const dataDir = await tempDir();
    const file = progressFile(dataDir);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const newer = '{"version": 2, "courses": {"production-python": {"things": "we cannot read"}}}\n';
    await fs.writeFile(file, newer);
    const store = new ProgressStore(dataDir);

    const err = await store.recordCheck(COURSE, 'debounce', 'event-driven', 'passed').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProgressVersionError);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ProgressVersionError).version).toBe(2);
    expect((err as Error).message).toMatch(/newer PyForge.*left untouched/);
    await expect(store.get(COURSE)).rejects.toBeInstanceOf(ProgressVersionError);
    expect(await fs.readFile(file, 'utf8')).toBe(newer);
    expect(await fs.readdir(path.dirname(file))).toEqual(['progress.json']);
  });

  it('round-trips the format and writes fields in one order', () => {
    const data = new Map([[COURSE, new Map([['e', { lessonId: 'l', solutionViewed: false, hintsUsed: 1, passed: false, attempts: 2 }]])]]);
    const text = serializeProgress(data);
    expect(Object.keys((JSON.parse(text) as { courses: Record<string, { exercises: Record<string, object> }> }).courses[COURSE]!.exercises.e!)).toEqual([
      'attempts',
      'passed',
      'hintsUsed',
      'solutionViewed',
      'lessonId',
    ]);
    expect(parseProgress(text)).toEqual({ kind: 'ok', data });
  });

  it('removes temp files an old crash left, but not a fresh one that may be a save in flight', async () => {
    const dataDir = await tempDir();
    const dir = path.dirname(progressFile(dataDir));
    await fs.mkdir(dir, { recursive: true });
    const old = path.join(dir, `.progress.json${TEMP_MARKER}aaaaaaaaaaaa`);
    const fresh = path.join(dir, `.progress.json${TEMP_MARKER}bbbbbbbbbbbb`);
    await fs.writeFile(old, '{');
    await fs.writeFile(fresh, '{');
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await fs.utimes(old, twoMinutesAgo, twoMinutesAgo);
    await new ProgressStore(dataDir).get(COURSE);
    expect(await exists(old)).toBe(false);
    expect(await exists(fresh)).toBe(true);
  });
});
