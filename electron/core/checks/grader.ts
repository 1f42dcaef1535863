/**
 * The headless grader, for lecturers and CI: the same checks, the same runner and the same toolchain as the
 * app, on a submission folder or on the pack's own starter or solution. Results as a JSON document modelled on
 * Exercism's test-runner results v3 (documented in README.md) and as a short human summary.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckResult } from '../api.js';
import { findExercise, type Course, type Exercise, type Lesson } from '../lessons/course.js';
import type { CheckService } from './service.js';
import { checkTargetFor } from './target.js';

/** Finds an exercise by "lesson/exercise", by an exercise id that is unique in the course, or by its folder. */
export function resolveExercise(course: Course, spec: string): { lesson: Lesson; exercise: Exercise } | string {
  const folder = path.resolve(spec);
  for (const lesson of course.lessons) {
    for (const exercise of lesson.exercises) if (path.resolve(exercise.dir) === folder) return { lesson, exercise };
  }
  const [a, b] = spec.split('/');
  if (a && b) {
    // The lesson by its id ("event-driven") or its folder ("01-event-driven").
    const lesson = course.lessons.find((l) => l.id === a || path.basename(l.dir) === a);
    return (lesson && findExercise(course, lesson.id, b)) ?? `no exercise "${b}" in lesson "${a}"`;
  }
  const matches = course.lessons.flatMap((lesson) => lesson.exercises.filter((e) => e.id === spec).map((exercise) => ({ lesson, exercise })));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) return `"${spec}" is in several lessons: say which, e.g. ${matches.map((m) => `${m.lesson.id}/${spec}`).join(' or ')}`;
  const all = course.lessons.flatMap((l) => l.exercises.map((e) => `${l.id}/${e.id}`));
  return `no exercise "${spec}"; the course has: ${all.join(', ')}`;
}

export type Variant = 'starter' | 'solution';

/** A throw-away copy of the pack's starter or solution, as a student's workspace would hold it. */
export async function copyVariant(exercise: Exercise, variant: Variant): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `pyforge-${variant}-${exercise.id}-`));
  // solution/ holds only what the solution changes (lessons/README.md): the rest is the starter's, as in a
  // student's workspace, so a script or manifest shared by both is written once and cannot drift.
  if (variant === 'solution') await fs.cp(path.join(exercise.dir, 'starter'), dir, { recursive: true });
  await fs.cp(path.join(exercise.dir, variant), dir, { recursive: true, force: true });
  return { dir, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}


export async function grade(checks: CheckService, exercise: Exercise, lessonId: string, workspace: string): Promise<CheckResult> {
  return checks.run(checkTargetFor(exercise, lessonId, workspace, `grade-${process.pid}-${Date.now()}`), () => undefined);
}

/** Exercism v3 statuses: pass / fail / error, and skip for a skipped test (an extension). */
const STATUS = { passed: 'pass', failed: 'fail', error: 'error', skipped: 'skip', cancelled: 'error' } as const;

export interface ResultsJson {
  version: 3;
  status: 'pass' | 'fail' | 'error';
  message?: string;
  exercise: string;
  summary: string;
  counts: CheckResult['counts'];
  duration_ms: number;
  tests: {
    name: string;
    test: string;
    status: 'pass' | 'fail' | 'error' | 'skip';
    message?: string;
    output?: string;
    file?: string;
    line?: number;
    duration_ms: number;
  }[];
}

export function resultsJson(result: CheckResult): ResultsJson {
  const status = result.status === 'passed' ? 'pass' : result.status === 'failed' ? 'fail' : 'error';
  return {
    version: 3,
    status,
    ...(status === 'error' ? { message: result.problem?.details ? `${result.summary}\n${result.problem.details}` : result.summary } : {}),
    exercise: `${result.lessonId}/${result.exerciseId}`,
    summary: result.summary,
    counts: result.counts,
    duration_ms: result.durationMs,
    tests: result.tests.map((t) => ({
      name: t.title,
      test: t.nodeid,
      status: STATUS[t.status],
      ...(t.message ? { message: t.details ? `${t.message}\n\n${t.details}` : t.message } : {}),
      ...(t.output ? { output: t.output } : {}),
      ...(t.file ? { file: t.file } : {}),
      ...(t.line ? { line: t.line } : {}),
      duration_ms: t.durationMs,
    })),
  };
}

const MARK = { passed: '✓', failed: '✗', error: '!', skipped: '-' } as const;

export function humanSummary(result: CheckResult): string {
  const lines = [`${result.lessonId}/${result.exerciseId}: ${result.summary}`];
  for (const t of result.tests) {
    lines.push(`  ${MARK[t.status]} ${t.title}`);
    if (t.status === 'failed' || t.status === 'error') {
      const where = t.file ? ` (${t.file}${t.line ? `:${t.line}` : ''})` : '';
      lines.push(`      ${(t.message ?? '').split('\n')[0]}${where}`);
    }
  }
  if (result.problem?.details) lines.push('', result.problem.details.trim().split('\n').slice(-12).join('\n'));
  return lines.join('\n');
}
