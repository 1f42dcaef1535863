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
  return `title: ${title}\nkind: ${kind}\ninstructions: Do ${title}.\nfiles:\n  - main.py\nhints:\n  - think\n  - think harder\n`;
}

/** A complete exercise folder: exercise.yaml, starter/, solution/ and tests/ with one test file. */
function exercise(dir: string, yaml: string): Tree {
  return {
    [`${dir}/exercise.yaml`]: yaml,
    [`${dir}/starter/main.py`]: 'print(0)\n',
    [`${dir}/solution/main.py`]: 'print(1)\n',
    [`${dir}/tests/test_main.py`]: 'def test_main():\n    assert True\n',
  };
}

/** A pack whose lessons are listed in course.yaml in an order that is not alphabetical. */
function goodPack(): Tree {
  return {
    'course.yaml': 'id: test-course\ntitle: Test course\nversion: "1.2"\nlessons:\n  - 02-second\n  - 01-first\n',
    '01-first/lesson.md': lessonMd('first', 'First lesson', 'week: 2\nminutes: 45\n'),
    ...exercise('01-first/exercises/b-two', exerciseYaml('Two')),
    ...exercise('01-first/exercises/a-one', exerciseYaml('One', 'benchmark')),
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
      ['a-one', 'One', 'benchmark'],
      ['b-two', 'Two', 'python'],
    ]);
    expect(first!.exercises[0]).toEqual({
      id: 'a-one',
      title: 'One',
      kind: 'benchmark',
      dir: path.join(root, '01-first', 'exercises', 'a-one'),
      instructions: 'Do One.',
      files: ['main.py'],
      hints: ['think', 'think harder'],
      check: { timeoutSeconds: 60 },
    });
    expect(first).toMatchObject({ objectives: [], reading: [] });
  });

  it('parses every exercise.yaml field into camelCase, and the lesson objectives and reading', async () => {
    const tree = goodPack();
    tree['02-second/lesson.md'] = lessonMd('second', 'Second', 'objectives:\n  - Explain X\nreading:\n  - "Fluent Python: ch. 1"\n');
    tree['01-first/exercises/b-two/exercise.yaml'] = [
      exerciseYaml('Two', 'c-extension'),
      'check:\n  timeout_seconds: 120\n  memory_mib: 512\n  cpu_seconds: 30\n  output_kib: 64\n',
      'build:\n  kind: setuptools\n  sources:\n    - main.py\n',
      'profile:\n  entry: main.py\n',
      'view: refcount\n',
    ].join('');
    const course = await loadCourse(await pack(tree));
    expect(course.problems).toEqual([]);
    expect(course.lessons[0]).toMatchObject({ objectives: ['Explain X'], reading: ['Fluent Python: ch. 1'] });
    expect(findExercise(course, 'first', 'b-two')?.exercise).toMatchObject({
      kind: 'c-extension',
      check: { timeoutSeconds: 120, memoryMiB: 512, cpuSeconds: 30, outputKiB: 64 },
      build: { kind: 'setuptools', sources: ['main.py'] },
      profile: { entry: 'main.py' },
      view: 'refcount',
    });
  });

  it('reports a bad optional front-matter field and keeps the lesson without it', async () => {
    const tree = goodPack();
    tree['01-first/lesson.md'] = lessonMd('first', 'First lesson', 'week: 25\nobjectives:\n  - One\n  - Two: three\n');
    const course = await loadCourse(await pack(tree));
    expect(course.problems).toEqual([
      { file: path.join('01-first', 'lesson.md'), line: 4, field: 'week', reason: expect.stringContaining('at most 20') },
      { file: path.join('01-first', 'lesson.md'), line: 7, field: 'objectives[1]', reason: expect.stringContaining('quotes') },
    ]);
    const first = course.lessons.find((l) => l.id === 'first')!;
    expect(first).not.toHaveProperty('week');
    expect(first.objectives).toEqual(['One']);
    expect(first.exercises).toHaveLength(2);
  });

  it('reports a single hint as advice and still loads the exercise', async () => {
    const tree = goodPack();
    tree['01-first/exercises/b-two/exercise.yaml'] = 'title: Two\nkind: python\ninstructions: Do it.\nhints:\n  - only one\n';
    const course = await loadCourse(await pack(tree));
    expect(course.problems).toEqual([
      { file: path.join('01-first', 'exercises', 'b-two', 'exercise.yaml'), line: 4, field: 'hints', reason: expect.stringContaining('has 1 hint') },
    ]);
    expect(findExercise(course, 'first', 'b-two')?.exercise.hints).toEqual(['only one']);
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
    // A missing field has no line of its own: the problem points at the start of the front matter.
    expect(course.problems).toEqual([{ file: path.join('02-second', 'lesson.md'), line: 2, field: 'title', reason: 'is required' }]);
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
    await writeTree(base, { 'outside/lesson.md': lessonMd('outside', 'Outside'), ...exercise('outside/exercises/x', exerciseYaml('X')) });
    const tree = goodPack();
    tree['course.yaml'] = 'id: c\ntitle: C\nversion: "1"\nlessons:\n  - 01-first\n  - ../outside\n';
    await writeTree(root, tree);
    const course = await loadCourse(root);
    expect(course.lessons.map((l) => l.id)).toEqual(['first']);
    expect(course.problems).toEqual([
      { file: 'course.yaml', line: 6, field: 'lessons[1]', reason: expect.stringContaining('"../outside"') },
    ]);
  });

  it('reports a lessons entry that is not a folder', async () => {
    const tree = goodPack();
    tree['course.yaml'] = 'id: c\ntitle: C\nversion: "1"\nlessons:\n  - 01-first\n  - 99-missing\n';
    const course = await loadCourse(await pack(tree));
    expect(course.lessons.map((l) => l.id)).toEqual(['first']);
    expect(course.problems).toEqual([{ file: 'course.yaml', line: 6, field: 'lessons[1]', reason: expect.stringContaining('99-missing') }]);
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
      { file: path.join('03-copy', 'lesson.md'), line: 2, field: 'id', reason: `duplicate lesson id "first" (already used by ${path.join('01-first', 'lesson.md')})` },
    ]);
  });

  it('reports an exercise without a starter/ folder', async () => {
    const tree = goodPack();
    delete tree['01-first/exercises/b-two/starter/main.py'];
    const course = await loadCourse(await pack(tree));
    // main.py is still listed in `files`, but with no starter/ at all that one problem says it all.
    expect(course.problems).toEqual([
      {
        file: path.join('01-first', 'exercises', 'b-two', 'exercise.yaml'),
        field: 'starter',
        reason: expect.stringContaining('starter/'),
      },
    ]);
    expect(findExercise(course, 'first', 'b-two')).toBeNull();
  });

  it('reports an exercise missing its kind and drops only that exercise', async () => {
    const tree = goodPack();
    tree['01-first/exercises/b-two/exercise.yaml'] = 'title: Two\ninstructions: Do it.\nhints: [a, b]\n';
    const course = await loadCourse(await pack(tree));
    expect(course.problems).toEqual([
      { file: path.join('01-first', 'exercises', 'b-two', 'exercise.yaml'), line: 1, field: 'kind', reason: 'is required' },
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
    expect(course.problems).toEqual([{ file: 'course.yaml', line: 1, field: '(yaml)', reason: expect.stringContaining('must be a mapping of fields') }]);
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
