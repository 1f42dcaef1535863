import { describe, expect, it } from 'vitest';
import { builderArgs } from '../../electron/core/build/service.js';
import { fastPlan } from '../../electron/core/build/fastPath.js';
import type { PythonFacts } from '../../electron/core/toolchain/pythonFacts.js';
import type { Exercise } from '../../electron/core/lessons/course.js';

const facts: PythonFacts = { include: '/py/include', suffix: '.cpython-312-x86_64-linux-gnu.so', cc: 'gcc -pthread', cxx: 'g++ -pthread', version: '3.12.1', pybind11: '/site/pybind11/include' };

describe('the C/C++ fast path', () => {
  it("plans an extension with sysconfig's include and suffix, the proven compiler first", () => {
    const plan = fastPlan({ kind: 'extension', cxx: false, pybind11: false, name: 'vec', sources: ['vec.c'], workspace: '/ws', facts, env: { CC: 'clang' }, platform: 'linux' });
    expect(plan.argv).toEqual(['clang', '-shared', '-fPIC', '-O2', '-Wall', '-I/py/include', 'vec.c']);
    expect(plan.artifact).toBe('/ws/build/vec.cpython-312-x86_64-linux-gnu.so');
  });

  it("falls back to sysconfig's compiler with its flags, adds pybind11's headers and C++17, and names libraries per platform", () => {
    const pybind = fastPlan({ kind: 'extension', cxx: true, pybind11: true, name: 'ring', sources: ['ring.cpp'], workspace: '/ws', facts, env: {}, platform: 'linux' });
    expect(pybind.argv).toEqual(['g++', '-pthread', '-shared', '-fPIC', '-O2', '-Wall', '-I/py/include', '-I/site/pybind11/include', '-std=c++17', 'ring.cpp']);
    expect(pybind.includes).toEqual(['/py/include', '/site/pybind11/include']);
    expect(pybind.compiler).toEqual(['g++', '-pthread']); // where the diagnostics flags go
    const mac = fastPlan({ kind: 'library', cxx: false, pybind11: false, name: 'qsort', sources: ['q.c'], workspace: '/ws', facts, env: {}, platform: 'darwin' });
    expect(mac.argv.slice(2, 3)).toEqual(['-dynamiclib']);
    expect(mac.artifact).toBe('/ws/build/libqsort.dylib');
  });
});

describe('builderArgs', () => {
  const ex = (kind: Exercise['kind'], build: Exercise['build']): Pick<Exercise, 'kind' | 'build'> => ({ kind, build });
  it("maps an exercise's build step onto pyforge_build's command line", () => {
    expect(builderArgs(ex('rust-extension', { kind: 'maturin' }))).toEqual(['pyo3', '--out-dir', 'build']);
    expect(builderArgs(ex('c-extension', { kind: 'setuptools' }))).toEqual(['setuptools']);
    expect(builderArgs(ex('c-extension', { command: ['make', 'all'] }))).toEqual(['command', '--', 'make', 'all']);
    expect(builderArgs(ex('cpp-extension', { kind: 'ctypes', sources: ['ring.cpp'], name: 'ring' }))).toEqual(['shared-library-cpp', '--name', 'ring', '--out-dir', 'build', 'ring.cpp']);
    expect(builderArgs(ex('python', undefined))).toBeNull();
  });
});
