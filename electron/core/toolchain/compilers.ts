/**
 * C and C++ compilers, in the order the course uses them: CC/CXX, the compiler CPython was built with
 * (sysconfig), then cc/gcc/clang (c++/g++/clang++) on PATH. A compiler counts as working only once it has
 * built a tiny extension module that the interpreter imports; the verdict is cached per compiler and Python.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../workspace/atomicWrite.js';
import { pythonFacts, type PythonFacts } from './pythonFacts.js';

const execFileAsync = promisify(execFile);

export type Language = 'c' | 'c++';

export interface CompilerVerdict {
  language: Language;
  command: string;
  source: string;
  version: string;
  works: boolean;
  /** The compiler's own words when the proof build failed (last lines). */
  error?: string;
}

const HELLO_C = `#define PY_SSIZE_T_CLEAN
#include <Python.h>
static PyObject *answer(PyObject *self, PyObject *args) { return PyLong_FromLong(42); }
static PyMethodDef methods[] = {{"answer", answer, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "pyforge_hello", NULL, -1, methods};
PyMODINIT_FUNC PyInit_pyforge_hello(void) { return PyModule_Create(&module); }
`;

/** Compiler candidates for a language, most specific first, without duplicates. */
export function compilerCandidates(
  language: Language,
  env: NodeJS.ProcessEnv,
  sysconfigCompiler: string,
  fallback: { command: string; source: string }[] = [],
): { command: string; source: string }[] {
  const fromEnv = language === 'c' ? env.CC : env.CXX;
  const onPath = language === 'c' ? ['cc', 'gcc', 'clang'] : ['c++', 'g++', 'clang++'];
  const list = [
    ...(fromEnv ? [{ command: fromEnv, source: language === 'c' ? 'CC' : 'CXX' }] : []),
    // sysconfig's value may carry flags ("gcc -pthread"): the first word is the compiler.
    ...(sysconfigCompiler ? [{ command: sysconfigCompiler.split(/\s+/)[0]!, source: 'sysconfig' }] : []),
    ...onPath.map((command) => ({ command, source: 'PATH' })),
    ...fallback,
  ];
  return list.filter((c, i) => list.findIndex((d) => d.command === c.command) === i);
}

async function compilerVersion(command: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync(command, ['--version'], { timeout: 15_000, env });
    return stdout.split('\n')[0]?.trim() ?? '';
  } catch {
    return null;
  }
}

/** Builds and imports the hello extension with `command`; returns null on success or the error's tail. */
async function proveCompiler(command: string, language: Language, python: string, info: PythonFacts, env: NodeJS.ProcessEnv): Promise<string | null> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pyforge-cc-'));
  try {
    const source = path.join(dir, language === 'c' ? 'hello.c' : 'hello.cpp');
    await fs.writeFile(source, HELLO_C);
    const output = path.join(dir, `pyforge_hello${info.suffix}`);
    const platformFlags = process.platform === 'darwin' ? ['-bundle', '-undefined', 'dynamic_lookup'] : ['-shared'];
    // Zig's first C++ build compiles libc++ (minutes on 2 cores): the proof is also what warms its cache.
    await execFileAsync(command, [...platformFlags, '-fPIC', `-I${info.include}`, source, '-o', output], { timeout: 15 * 60_000, cwd: dir, env });
    const { stdout } = await execFileAsync(python, ['-I', '-c', `import sys; sys.path.insert(0, ${JSON.stringify(dir)}); import pyforge_hello; print(pyforge_hello.answer())`], { timeout: 15_000 });
    return stdout.trim() === '42' ? null : `the built module answered ${stdout.trim()}`;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return (e.stderr?.trim() || e.message).split('\n').slice(-3).join('\n');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

type Cache = Record<string, boolean>;

/**
 * The first working compiler for `language`, or every candidate's verdict when none works. Verdicts are
 * cached in `cacheFile` (keyed by compiler, its version and the interpreter), so the proof runs once.
 */
export async function findCompiler(
  language: Language,
  python: string,
  env: NodeJS.ProcessEnv,
  cacheFile: string,
  fallback: { command: string; source: string }[] = [],
): Promise<CompilerVerdict[]> {
  const info = await pythonFacts(python, env);
  const cache: Cache = JSON.parse(await fs.readFile(cacheFile, 'utf8').catch(() => '{}')) as Cache;
  const verdicts: CompilerVerdict[] = [];
  for (const { command, source } of compilerCandidates(language, env, language === 'c' ? info.cc : info.cxx, fallback)) {
    const version = await compilerVersion(command, env);
    if (version === null) continue;
    const key = createHash('sha256').update(`${language}\0${command}\0${version}\0${python}`).digest('hex');
    let works = cache[key];
    let error: string | undefined;
    if (works === undefined) {
      error = (await proveCompiler(command, language, python, info, env)) ?? undefined;
      works = error === undefined;
      cache[key] = works;
    }
    verdicts.push({ language, command, source, version, works, ...(error ? { error } : {}) });
    if (works) break;
  }
  await fs.mkdir(path.dirname(cacheFile), { recursive: true });
  await writeFileAtomic(cacheFile, JSON.stringify(cache, null, 2));
  return verdicts;
}
