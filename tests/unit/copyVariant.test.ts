import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyVariant } from '../../electron/core/checks/grader.js';
import type { Exercise } from '../../electron/core/lessons/course.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'pyforge-variant-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

describe('copyVariant', () => {
  write('starter/kernel.c', 'TODO');
  write('starter/timeline_gil.py', 'TASKS = {}');
  write('starter/src/lib.rs', 'todo!()');
  write('solution/kernel.c', 'done');
  write('solution/src/lib.rs', 'fn done() {}');
  const exercise = { id: 'x', dir: root } as Exercise;

  it('lays solution/ over starter/: shared files come from starter, changed ones from solution', async () => {
    const { dir, remove } = await copyVariant(exercise, 'solution');
    expect(readFileSync(path.join(dir, 'kernel.c'), 'utf8')).toBe('done');
    expect(readFileSync(path.join(dir, 'src', 'lib.rs'), 'utf8')).toBe('fn done() {}');
    expect(readFileSync(path.join(dir, 'timeline_gil.py'), 'utf8')).toBe('TASKS = {}');
    await remove();
    expect(existsSync(dir)).toBe(false);
  });

  it('copies starter/ as it is', async () => {
    const { dir, remove } = await copyVariant(exercise, 'starter');
    expect(readFileSync(path.join(dir, 'kernel.c'), 'utf8')).toBe('TODO');
    await remove();
  });
});
