/**
 * The course format's validation: each broken fixture pack gives the problem a lecturer needs (file, line,
 * field, reason), a good pack and the real lessons/ give none, and `npm run lessons:validate` prints them as
 * `file:line: field: reason` with exit codes 0, 1 and 2.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CourseProblem } from '../../electron/core/api.js';
import { loadCourse } from '../../electron/core/lessons/course.js';
import { fieldName, formatProblem } from '../../electron/core/lessons/schema.js';
import { parseYaml } from '../../electron/core/lessons/yamlSource.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs('pyforge-validate-');
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

type Tree = Record<string, string>;

const EXERCISE_YAML = [
  'title: Event bus',
  'kind: python',
  'instructions: |',
  '  Implement `EventBus`.',
  'files:',
  '  - event_bus.py',
  'hints:',
  '  - Keep a list per topic.',
  '  - Sort by priority.',
  'check:',
  '  timeout_seconds: 30',
  '',
].join('\n');

function exercise(dir: string, yaml = EXERCISE_YAML): Tree {
  return {
    [`${dir}/exercise.yaml`]: yaml,
    [`${dir}/starter/event_bus.py`]: 'class EventBus: ...\n',
    [`${dir}/solution/event_bus.py`]: 'class EventBus:\n    pass\n',
    [`${dir}/tests/test_event_bus.py`]: 'def test_bus():\n    assert True\n',
  };
}

function goodPack(): Tree {
  return {
    'course.yaml': 'id: test-course\ntitle: Test course\nversion: "1"\nlessons:\n  - 01-events\n  - 02-more\n',
    '01-events/lesson.md': '---\nid: events\ntitle: Events\nweek: 1\nminutes: 90\nobjectives:\n  - Explain a bus\nreading:\n  - Fluent Python, ch. 7\n---\n\n# Events\n',
    ...exercise('01-events/exercises/event-bus'),
    '02-more/lesson.md': '---\nid: more\ntitle: More\n---\n\n# More\n',
    ...exercise('02-more/exercises/second'),
  };
}

const EXERCISE_FILE = path.join('01-events', 'exercises', 'event-bus', 'exercise.yaml');

async function writeTree(root: string, tree: Tree): Promise<void> {
  for (const [rel, content] of Object.entries(tree)) {
    const file = path.join(root, rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
}

/** Writes the pack to <temp>/course and returns both folders. */
async function pack(tree: Tree): Promise<{ base: string; root: string }> {
  const base = await tempDir();
  const root = path.join(base, 'course');
  await writeTree(root, tree);
  return { base, root };
}

async function problemsOf(tree: Tree, prepare?: (root: string, base: string) => Promise<void>): Promise<CourseProblem[]> {
  const { base, root } = await pack(tree);
  await prepare?.(root, base);
  return (await loadCourse(root)).problems;
}

/** goodPack() with the first exercise's exercise.yaml replaced. */
function withExerciseYaml(yaml: string): Tree {
  return { ...goodPack(), '01-events/exercises/event-bus/exercise.yaml': yaml };
}

describe('validating a course pack', () => {
  it('finds no problem in a good pack', async () => {
    const { root } = await pack(goodPack());
    const course = await loadCourse(root);
    expect(course.problems).toEqual([]);
    expect(course.lessons.flatMap((l) => l.exercises.map((e) => `${l.id}/${e.id}`))).toEqual(['events/event-bus', 'more/second']);
  });

  it('reports bad YAML at its line', async () => {
    const yaml = EXERCISE_YAML.replace('timeout_seconds: 30', 'timeout_seconds: about: 30');
    expect(await problemsOf(withExerciseYaml(yaml))).toEqual([
      { file: EXERCISE_FILE, line: 11, field: '(yaml)', reason: expect.stringContaining('Nested mappings') as string },
    ]);
  });

  it('reports bad YAML in front matter at its line in lesson.md', async () => {
    const tree = goodPack();
    tree['02-more/lesson.md'] = '---\nid: more\ntitle: More\nweek: [1\n---\n\n# More\n';
    const [problem] = await problemsOf(tree);
    expect(problem).toMatchObject({ file: path.join('02-more', 'lesson.md'), field: '(yaml)' });
    expect(problem!.line).toBeGreaterThanOrEqual(4);
  });

  it('reports a missing required field', async () => {
    const yaml = EXERCISE_YAML.replace('instructions: |\n  Implement `EventBus`.\n', '');
    expect(await problemsOf(withExerciseYaml(yaml))).toEqual([{ file: EXERCISE_FILE, line: 1, field: 'instructions', reason: 'is required' }]);
  });

  it('reports an unknown kind, naming the kinds there are', async () => {
    const yaml = EXERCISE_YAML.replace('kind: python', 'kind: quiz');
    expect(await problemsOf(withExerciseYaml(yaml))).toEqual([
      { file: EXERCISE_FILE, line: 2, field: 'kind', reason: expect.stringMatching(/"quiz" is not one of: python, c-extension, .*benchmark/) as string },
    ]);
  });

  it('reports an unknown top-level key, with the field it is probably a typo of', async () => {
    const yaml = `${EXERCISE_YAML}hint: one more\n`;
    expect(await problemsOf(withExerciseYaml(yaml))).toEqual([
      { file: EXERCISE_FILE, line: 12, field: 'hint', reason: expect.stringContaining('did you mean "hints"') as string },
    ]);
  });

  it('reports a nested field with its dotted name and line', async () => {
    const yaml = EXERCISE_YAML.replace('timeout_seconds: 30', 'timeout_seconds: 900\n  memory: 512');
    expect(await problemsOf(withExerciseYaml(yaml))).toEqual([
      { file: EXERCISE_FILE, line: 11, field: 'check.timeout_seconds', reason: 'must be at most 600 (found 900)' },
      { file: EXERCISE_FILE, line: 12, field: 'check.memory', reason: expect.stringContaining('did you mean "memory_mib"') as string },
    ]);
  });

  it('reports a files path that escapes the pack', async () => {
    const yaml = EXERCISE_YAML.replace('  - event_bus.py', '  - event_bus.py\n  - ../../etc/passwd');
    expect(await problemsOf(withExerciseYaml(yaml))).toEqual([
      { file: EXERCISE_FILE, line: 7, field: 'files[1]', reason: expect.stringContaining('leads out of starter/') as string },
    ]);
  });

  it('reports an absolute path', async () => {
    const yaml = `${EXERCISE_YAML}profile:\n  entry: /usr/bin/python3\n`;
    expect(await problemsOf(withExerciseYaml(yaml))).toEqual([
      { file: EXERCISE_FILE, line: 13, field: 'profile.entry', reason: expect.stringContaining('absolute path') as string },
    ]);
  });

  it('reports a files path that leaves the pack through a symbolic link', async () => {
    const yaml = EXERCISE_YAML.replace('  - event_bus.py', '  - event_bus.py\n  - secret.txt');
    const problems = await problemsOf(withExerciseYaml(yaml), async (root, base) => {
      await fs.writeFile(path.join(base, 'secret.txt'), 'not for students\n');
      await fs.symlink(path.join(base, 'secret.txt'), path.join(root, '01-events', 'exercises', 'event-bus', 'starter', 'secret.txt'));
    });
    expect(problems).toEqual([
      { file: EXERCISE_FILE, line: 7, field: 'files[1]', reason: '"secret.txt" leads outside starter/ through a symbolic link' },
    ]);
  });

  it('reports a files entry that is not in starter/', async () => {
    const yaml = EXERCISE_YAML.replace('  - event_bus.py', '  - event_bus.py\n  - missing.py');
    expect(await problemsOf(withExerciseYaml(yaml))).toEqual([
      { file: EXERCISE_FILE, line: 7, field: 'files[1]', reason: '"missing.py" does not exist in starter/' },
    ]);
  });

  it('reports a missing starter/ and drops the exercise', async () => {
    const tree = goodPack();
    delete tree['01-events/exercises/event-bus/starter/event_bus.py'];
    const { root } = await pack(tree);
    const course = await loadCourse(root);
    expect(course.problems).toEqual([{ file: EXERCISE_FILE, field: 'starter', reason: expect.stringContaining('no starter/ folder') as string }]);
    expect(course.lessons[0]!.exercises).toEqual([]);
  });

  it('reports a tests/ folder without a test_*.py file', async () => {
    const tree = goodPack();
    delete tree['01-events/exercises/event-bus/tests/test_event_bus.py'];
    tree['01-events/exercises/event-bus/tests/helpers.py'] = '';
    tree['01-events/exercises/event-bus/tests/__pycache__/test_old.py'] = '';
    expect(await problemsOf(tree)).toEqual([{ file: EXERCISE_FILE, field: 'tests', reason: expect.stringContaining('no test_*.py') as string }]);
  });

  it('accepts test files in a subfolder of tests/', async () => {
    const tree = goodPack();
    delete tree['01-events/exercises/event-bus/tests/test_event_bus.py'];
    tree['01-events/exercises/event-bus/tests/unit/test_bus.py'] = '';
    expect(await problemsOf(tree)).toEqual([]);
  });

  it('reports duplicate lesson ids at the second one', async () => {
    const tree = goodPack();
    tree['02-more/lesson.md'] = '---\ntitle: More\nid: events\n---\n';
    expect(await problemsOf(tree)).toEqual([
      { file: path.join('02-more', 'lesson.md'), line: 3, field: 'id', reason: expect.stringContaining('duplicate lesson id "events"') as string },
    ]);
  });

  it('orders exercises as the front matter lists them, then the rest alphabetically, and reports a missing one', async () => {
    const tree = { ...goodPack(), ...exercise('01-events/exercises/alpha'), ...exercise('01-events/exercises/zeta') };
    tree['01-events/lesson.md'] = '---\nid: events\ntitle: Events\nexercises:\n  - zeta\n  - missing\n  - event-bus\n---\n';
    const { root } = await pack(tree);
    const course = await loadCourse(root);
    expect(course.lessons[0]!.exercises.map((e) => e.id)).toEqual(['zeta', 'event-bus', 'alpha']);
    expect(course.problems).toEqual([
      { file: path.join('01-events', 'lesson.md'), line: 6, field: 'exercises[1]', reason: expect.stringContaining('no exercise folder "missing"') as string },
    ]);
  });

  it('reports an exercise id used by two lessons (progress is keyed by it) and keeps the first', async () => {
    const tree = { ...goodPack(), ...exercise('02-more/exercises/event-bus') };
    const { root } = await pack(tree);
    const course = await loadCourse(root);
    expect(course.lessons[1]!.exercises.map((e) => e.id)).toEqual(['second']);
    expect(course.problems).toEqual([
      { file: path.join('02-more', 'exercises', 'event-bus', 'exercise.yaml'), field: 'id', reason: expect.stringContaining('duplicate exercise id "event-bus" (lesson "events" has one)') as string },
    ]);
  });

  it('reports an exercise folder whose name is not a valid id', async () => {
    const tree = { ...goodPack(), ...exercise('01-events/exercises/Event_Bus2') };
    expect(await problemsOf(tree)).toEqual([
      { file: path.join('01-events', 'exercises', 'Event_Bus2'), field: 'id', reason: expect.stringContaining('"Event_Bus2" is not a valid id') as string },
    ]);
  });

  it('reports a build with both command and kind', async () => {
    const yaml = `${EXERCISE_YAML}build:\n  kind: setuptools\n  command: [python, setup.py, build_ext]\n`;
    expect(await problemsOf(withExerciseYaml(yaml))).toEqual([
      { file: EXERCISE_FILE, line: 12, field: 'build', reason: expect.stringContaining('not both') as string },
    ]);
  });

  it('reports fewer hints than the content guide asks for, and none as an error', async () => {
    const one = EXERCISE_YAML.replace('  - Sort by priority.\n', '');
    expect(await problemsOf(withExerciseYaml(one))).toEqual([{ file: EXERCISE_FILE, line: 7, field: 'hints', reason: expect.stringContaining('has 1 hint') as string }]);
    const none = EXERCISE_YAML.replace('  - Keep a list per topic.\n  - Sort by priority.\n', '').replace('hints:', 'hints: []');
    expect(await problemsOf(withExerciseYaml(none))).toEqual([{ file: EXERCISE_FILE, line: 7, field: 'hints', reason: expect.stringContaining('at least 1 hint') as string }]);
  });

  it('reports every problem of a file at once, in line order', async () => {
    const yaml = 'kind: quiz\nhint: x\ninstructions: ""\nfiles: [/abs]\nhints: [a, b]\n';
    const problems = await problemsOf(withExerciseYaml(yaml));
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [1, 'title'],
      [1, 'kind'],
      [2, 'hint'],
      [3, 'instructions'],
      [4, 'files[0]'],
    ]);
  });

  it('reports bad course.yaml fields and still loads its lessons', async () => {
    const tree = goodPack();
    tree['course.yaml'] = 'id: Test Course\ntitle: Test\nversion: "1"\nlesson: []\nlessons:\n  - 01-events\n';
    const { root } = await pack(tree);
    const course = await loadCourse(root);
    expect(course.problems).toEqual([
      { file: 'course.yaml', line: 1, field: 'id', reason: expect.stringContaining('not a valid id') as string },
      { file: 'course.yaml', line: 4, field: 'lesson', reason: expect.stringContaining('did you mean "lessons"') as string },
    ]);
    expect(course.lessons.map((l) => l.id)).toEqual(['events']);
  });
});

describe('the real course in lessons/', () => {
  it('has no problems', async () => {
    const course = await loadCourse(path.join(REPO, 'lessons'));
    expect(course.problems.map((p) => formatProblem(p))).toEqual([]);
    expect(course.lessons.length).toBeGreaterThan(0);
  });
});

describe('problem helpers', () => {
  it('names fields as dotted paths with indexes', () => {
    expect(fieldName(['check', 'timeout_seconds'])).toBe('check.timeout_seconds');
    expect(fieldName(['files', 2])).toBe('files[2]');
    expect(fieldName(['build', 'sources', 0])).toBe('build.sources[0]');
  });

  it('formats a problem like a compiler message, with or without a line', () => {
    expect(formatProblem({ file: 'a/exercise.yaml', line: 3, field: 'kind', reason: 'bad' })).toBe('a/exercise.yaml:3: kind: bad');
    expect(formatProblem({ file: 'a/exercise.yaml', field: 'tests', reason: 'bad' })).toBe('a/exercise.yaml: tests: bad');
  });

  it('finds the line of a key, a list item, and the nearest ancestor of a missing field', () => {
    const parsed = parseYaml('# comment\ntitle: x\ncheck:\n  timeout_seconds: 5\nfiles:\n  - a\n  - b\n', 10);
    if (!parsed.ok) throw new Error(parsed.reason);
    const { lineOf } = parsed.source;
    expect(lineOf(['title'])).toBe(11);
    expect(lineOf(['check', 'timeout_seconds'])).toBe(13);
    expect(lineOf(['files', 1])).toBe(16);
    expect(lineOf(['check', 'memory_mib'])).toBe(12);
    expect(lineOf(['nope'])).toBe(11);
  });
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `npm run lessons:validate` does; INIT_CWD stands for the folder the lecturer is in. */
function runCli(args: string[], initCwd: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'electron/cli/lessonsValidate.ts', ...args], {
      cwd: REPO,
      env: { ...process.env, INIT_CWD: initCwd },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run lessons:validate', () => {
  it('prints every problem as file:line: field: reason, relative to the current folder, and exits 1', async () => {
    const tree = withExerciseYaml(EXERCISE_YAML.replace('kind: python', 'kind: quiz'));
    tree['02-more/lesson.md'] = '---\nid: more\ntitle: More\nweek: 0\n---\n';
    const { base } = await pack(tree);
    const { code, stdout } = await runCli(['course'], base);
    expect(stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^course\/01-events\/exercises\/event-bus\/exercise\.yaml:2: kind: "quiz" is not one of: /) as string,
      'course/02-more/lesson.md:4: week: must be at least 1 (found 0)',
      '2 lessons, 1 exercise, 2 problems',
    ]);
    expect(code).toBe(1);
  }, 30_000);

  it('exits 0 on a good pack', async () => {
    const { base, root } = await pack(goodPack());
    const { code, stdout } = await runCli([root], base);
    expect(stdout.trim()).toBe('2 lessons, 2 exercises, 0 problems');
    expect(code).toBe(0);
  }, 30_000);

  it('exits 2 with a clear message for a folder that does not exist', async () => {
    const base = await tempDir();
    const { code, stdout, stderr } = await runCli(['no-such-course'], base);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${path.join(base, 'no-such-course')} does not exist`);
  }, 30_000);
});
