import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findExercise, loadCourse } from '../../electron/core/lessons/course.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs('pyforge-course-');
const REAL_LESSONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'lessons');

type Tree = Record<string, string>;

async function writeTree(root: string, tree: Tree): Promise<void> {
  for (const [rel, content] of Object.entries(tree)) {
    const file = path.join(root, rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    if (rel.endsWith('/')) await fs.mkdir(file, { recursive: true });
    else await fs.writeFile(file, content);
  }
}

function lessonMd(id: string, title: string, extra = ''): string {
  return `---\nid: ${id}\ntitle: ${title}\n${extra}---\n\n# ${title}\n\nBody of ${id}.\n`;
}

function exerciseYaml(title: string, kind = 'python'): string {
  return `title: ${title}\nkind: ${kind}\ninstructions: Do ${title}.\nfiles:\n  - main.py\nhints:\n  - think\n  - 42\n`;
}

/** A pack whose lessons are listed in course.yaml in an order that is not alphabetical. */
function goodPack(): Tree {
  return {
    'course.yaml': 'id: test-course\ntitle: Test course\nversion: "1.2"\nlessons:\n  - 02-second\n  - 01-first\n',
    '01-first/lesson.md': lessonMd('first', 'First lesson', 'week: 2\nminutes: 45\n'),
    '01-first/exercises/b-two/exercise.yaml': exerciseYaml('Two'),
    '01-first/exercises/b-two/starter/main.py': 'print(2)\n',
    '01-first/exercises/a-one/exercise.yaml': exerciseYaml('One', 'quiz'),
    '01-first/exercises/a-one/starter/main.py': 'print(1)\n',
    '01-first/exercises/not-a-folder.txt': 'ignored',
    '02-second/lesson.md': lessonMd('second', 'Second lesson', 'week: 1\n'),
  };
}

async function pack(tree: Tree): Promise<string> {
  const base = await tempDir();
  const root = path.join(base, 'course');
  await writeTree(root, tree);
  return root;
}

describe('loadCourse', () => {
  it('loads a good pack: lessons in course.yaml order, exercises sorted by folder, no problems', async () => {
    const root = await pack(goodPack());
    const course = await loadCourse(root);
    expect(course.problems).toEqual([]);
    expect({ id: course.id, title: course.title, version: course.version, root: course.root }).toEqual({
      id: 'test-course',
      title: 'Test course',
      version: '1.2',
      root,
    });
    expect(course.lessons.map((l) => l.id)).toEqual(['second', 'first']);

    const [second, first] = course.lessons;
    expect(second).toMatchObject({ id: 'second', title: 'Second lesson', week: 1, exercises: [] });
    expect(second).not.toHaveProperty('minutes');
    expect(first).toMatchObject({
      id: 'first',
      title: 'First lesson',
      week: 2,
      minutes: 45,
      dir: path.join(root, '01-first'),
      markdownFile: path.join(root, '01-first', 'lesson.md'),
    });
    expect(first!.exercises.map((e) => [e.id, e.title, e.kind])).toEqual([
      ['a-one', 'One', 'quiz'],
      ['b-two', 'Two', 'python'],
    ]);
    expect(first!.exercises[0]).toMatchObject({
      dir: path.join(root, '01-first', 'exercises', 'a-one'),
      instructions: 'Do One.',
      files: ['main.py'],
      hints: ['think'], // non-strings are dropped
    });
  });

  it('finds an exercise by lesson and exercise id', async () => {
    const course = await loadCourse(await pack(goodPack()));
    expect(findExercise(course, 'first', 'b-two')?.exercise.title).toBe('Two');
    expect(findExercise(course, 'first', 'b-two')?.lesson.id).toBe('first');
    expect(findExercise(course, 'second', 'b-two')).toBeNull();
    expect(findExercise(course, 'nope', 'a-one')).toBeNull();
  });

  it('reports bad YAML in exercise.yaml with file, field and a line, and keeps the rest', async () => {
    const tree = goodPack();
    tree['01-first/exercises/b-two/exercise.yaml'] = 'title: Two\nkind: python\n# a comment\ntitle: again\n';
    const course = await loadCourse(await pack(tree));
    expect(course.problems).toHaveLength(1);
    const problem = course.problems[0]!;
    expect(problem).toMatchObject({ file: path.join('01-first', 'exercises', 'b-two', 'exercise.yaml'), field: '(yaml)' });
    expect(problem.reason.length).toBeGreaterThan(0);
    expect(Number.isInteger(problem.line)).toBe(true);
    expect(problem.line).toBeGreaterThanOrEqual(1);
    expect(course.lessons.find((l) => l.id === 'first')!.exercises.map((e) => e.id)).toEqual(['a-one']);
  });

  // KNOWN BUG (see the test report): course.ts parses with prettyErrors:false, so YAMLParseError.linePos is never
  // set and every YAML problem is reported at line 1 (or 2 in front matter). Remove `.fails` once fixed.
  it('reports the line where the YAML error is', async () => {
    const tree = goodPack();
    tree['01-first/exercises/b-two/exercise.yaml'] = 'title: Two\nkind: python\n# a comment\ntitle: again\n';
    tree['02-second/lesson.md'] = '---\nid: second\ntitle: Second\nid: again\n---\n\nbody\n';
    const course = await loadCourse(await pack(tree));
    const exerciseProblem = course.problems.find((p) => p.file.endsWith('exercise.yaml'));
    const lessonProblem = course.problems.find((p) => p.file.endsWith('lesson.md'));
    expect(exerciseProblem?.line).toBe(4);
    expect(lessonProblem?.line).toBe(4);
  });

  it('reports a lesson without front matter and still loads the other lesson', async () => {
    const tree = goodPack();
    tree['02-second/lesson.md'] = '# Second lesson\n\nNo front matter here.\n';
    const course = await loadCourse(await pack(tree));
    expect(course.problems).toEqual([
      { file: path.join('02-second', 'lesson.md'), field: '(front matter)', reason: expect.stringContaining('---'), line: 1 },
    ]);
    expect(course.lessons.map((l) => l.id)).toEqual(['first']);
  });

  it('reports a lesson whose front matter has no title and still loads the other lesson', async () => {
    const tree = goodPack();
    tree['02-second/lesson.md'] = '---\nid: second\nweek: 1\n---\n\nbody\n';
    const course = await loadCourse(await pack(tree));
    expect(course.problems).toEqual([{ file: path.join('02-second', 'lesson.md'), field: 'title', reason: 'is required' }]);
    expect(course.lessons.map((l) => l.id)).toEqual(['first']);
  });

  it('reports a lesson folder without lesson.md', async () => {
    const tree = goodPack();
    delete tree['02-second/lesson.md'];
    tree['02-second/notes.txt'] = 'x';
    const course = await loadCourse(await pack(tree));
    expect(course.problems).toEqual([{ file: path.join('02-second', 'lesson.md'), field: '(file)', reason: 'is missing' }]);
    expect(course.lessons.map((l) => l.id)).toEqual(['first']);
  });

  it('refuses a lessons entry outside the course, even when that folder is a valid lesson', async () => {
    const base = await tempDir();
    const root = path.join(base, 'course');
    await writeTree(base, {
      'outside/lesson.md': lessonMd('outside', 'Outside'),
      'outside/exercises/x/exercise.yaml': exerciseYaml('X'),
      'outside/exercises/x/starter/main.py': '',
    });
    const tree = goodPack();
    tree['course.yaml'] = 'id: c\ntitle: C\nversion: "1"\nlessons:\n  - 01-first\n  - ../outside\n';
    await writeTree(root, tree);
    const course = await loadCourse(root);
    expect(course.lessons.map((l) => l.id)).toEqual(['first']);
    expect(course.problems).toEqual([
      { file: 'course.yaml', field: 'lessons', reason: expect.stringContaining('"../outside"') },
    ]);
  });

  it('reports a lessons entry that is not a folder', async () => {
    const tree = goodPack();
    tree['course.yaml'] = 'id: c\ntitle: C\nversion: "1"\nlessons:\n  - 01-first\n  - 99-missing\n';
    const course = await loadCourse(await pack(tree));
    expect(course.lessons.map((l) => l.id)).toEqual(['first']);
    expect(course.problems).toEqual([{ file: 'course.yaml', field: 'lessons', reason: expect.stringContaining('99-missing') }]);
  });

  it('reports a duplicate lesson id and keeps the first', async () => {
    const tree = goodPack();
    tree['course.yaml'] = 'id: c\ntitle: C\nversion: "1"\nlessons:\n  - 01-first\n  - 02-second\n  - 03-copy\n';
    tree['03-copy/lesson.md'] = lessonMd('first', 'Copy of first');
    const course = await loadCourse(await pack(tree));
    expect(course.lessons.map((l) => [l.id, l.title])).toEqual([
      ['first', 'First lesson'],
      ['second', 'Second lesson'],
    ]);
    expect(course.problems).toEqual([
      { file: path.join('03-copy', 'lesson.md'), field: 'id', reason: 'duplicate lesson id "first"' },
    ]);
  });

  it('reports an exercise without a starter/ folder', async () => {
    const tree = goodPack();
    delete tree['01-first/exercises/b-two/starter/main.py'];
    const course = await loadCourse(await pack(tree));
    expect(course.problems).toEqual([
      {
        file: path.join('01-first', 'exercises', 'b-two', 'exercise.yaml'),
        field: 'starter',
        reason: expect.stringContaining('starter/'),
      },
    ]);
  });

  it('reports an exercise missing its kind and drops only that exercise', async () => {
    const tree = goodPack();
    tree['01-first/exercises/b-two/exercise.yaml'] = 'title: Two\n';
    const course = await loadCourse(await pack(tree));
    expect(course.problems).toEqual([
      { file: path.join('01-first', 'exercises', 'b-two', 'exercise.yaml'), field: 'kind', reason: 'is required' },
    ]);
    expect(course.lessons.find((l) => l.id === 'first')!.exercises.map((e) => e.id)).toEqual(['a-one']);
  });

  it('reports a missing course.yaml and falls back to defaults', async () => {
    const base = await tempDir();
    const course = await loadCourse(base);
    expect(course.lessons).toEqual([]);
    expect(course.problems).toEqual([{ file: 'course.yaml', field: '(file)', reason: 'is missing' }]);
    expect(course.title).toBe('Untitled course');
  });

  it('reports a course.yaml that is not a mapping', async () => {
    const course = await loadCourse(await pack({ 'course.yaml': '- just\n- a list\n' }));
    expect(course.problems).toEqual([{ file: 'course.yaml', field: '(yaml)', reason: 'must be a mapping of fields' }]);
  });
});

describe('the real course in lessons/', () => {
  it('loads with zero problems and at least one exercise with a starter', async () => {
    const course = await loadCourse(REAL_LESSONS);
    expect(course.problems).toEqual([]);
    expect(course.lessons.length).toBeGreaterThan(0);
    const exercises = course.lessons.flatMap((l) => l.exercises);
    expect(exercises.length).toBeGreaterThan(0);
    for (const exercise of exercises) {
      expect((await fs.stat(path.join(exercise.dir, 'starter'))).isDirectory()).toBe(true);
      for (const file of exercise.files) await expect(fs.access(path.join(exercise.dir, 'starter', file))).resolves.toBeUndefined();
    }
  });
});
