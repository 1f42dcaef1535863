/**
 * The Build command's compiler-output readers on real samples (tests/unit/fixtures/compilerOutput/README.md says
 * where each comes from): gcc 12's JSON, zig cc's (clang 22) SARIF, gcc 13+'s SARIF, the text formats, the
 * readable rendering, the streaming reader and the probe's choice of flags.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pointsOnlyOutside, toBuildDiagnostics, type CompilerMessage } from '../../electron/core/build/diagnostics/messages.js';
import { candidateFlags } from '../../electron/core/build/diagnostics/probe.js';
import { CompilerOutputReader, readCompilerOutput } from '../../electron/core/build/diagnostics/reader.js';
import { renderMessages } from '../../electron/core/build/diagnostics/render.js';
import { fromText } from '../../electron/core/build/diagnostics/text.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'compilerOutput');
/** A sample as recorded, its absolute paths (the folder it was compiled in) moved to the fixtures folder. */
const sample = (name: string): string =>
  readFileSync(path.join(FIXTURES, name), 'utf8').replaceAll('file:///tmp/diagw/', `${pathToFileURL(FIXTURES).href}/`);
const read = (name: string) => readCompilerOutput(sample(name), FIXTURES);
const placeOf = (m: CompilerMessage) => [m.file, m.line, m.column, m.endLine, m.endColumn];

describe("gcc's JSON", () => {
  it('gives errors, their notes and warnings in order, with ranges and the warning options as codes', async () => {
    const report = await read('gcc12-c.stderr');
    expect(report.structured).toBe(true);
    expect(report.messages).toEqual([
      { severity: 'error', message: "'weight' undeclared (first use in this function)", file: 'bad.c', line: 6, column: 45, endLine: 6, endColumn: 51 },
      { severity: 'info', message: 'each undeclared identifier is reported only once for each function it appears in', file: 'bad.c', line: 6, column: 45, endLine: 6, endColumn: 51 },
      { severity: 'error', message: "too few arguments to function 'helper'", file: 'bad.c', line: 7, column: 16, endLine: 7, endColumn: 22 },
      { severity: 'info', message: 'declared here', file: 'bad.c', line: 2, column: 12, endLine: 2, endColumn: 18 },
      { severity: 'warning', message: "unused variable 'unused'", code: '-Wunused-variable', file: 'bad.c', line: 4, column: 9, endLine: 4, endColumn: 15 },
      { severity: 'warning', message: "'helper' used but never defined", file: 'bad.c', line: 2, column: 12, endLine: 2, endColumn: 18 },
      // A one-character place: no range (the marker takes the rest of the line, as it always did).
      { severity: 'warning', message: 'control reaches end of non-void function', code: '-Wreturn-type', file: 'bad.c', line: 8, column: 1 },
    ]);
  });

  it('reads C++ too, and renders it as gcc prints text (without the "In function" headings)', async () => {
    const report = await read('gcc12-cpp.stderr');
    expect(report.messages.map((m) => [m.severity, m.line, m.code ?? null])).toEqual([
      ['error', 4, null],
      ['warning', 6, '-Wsign-compare'],
      ['error', 7, null],
      ['warning', 5, '-Wunused-variable'],
    ]);
    const text = readFileSync(path.join(FIXTURES, 'gcc12-cpp.txt'), 'utf8').split('\n').filter((l) => !/: In function /.test(l));
    // gcc also draws the range's start before the caret (`~~^~~~`); the JSON's caret-to-finish range starts at the caret.
    expect(report.output.split('\n')).toEqual(text.map((l) => l.replace('|                   ~~^~~~~~~~~~', '|                     ^~~~~~~~~~')));
  });

  it('keeps the linker\'s lines, which the JSON does not carry, as they came', async () => {
    const report = await read('gcc12-link.stderr');
    expect(report.messages).toEqual([{ severity: 'warning', message: "unused variable 'unused'", code: '-Wunused-variable', file: 'link.c', line: 3, column: 9, endLine: 3, endColumn: 15 }]);
    expect(report.output).toContain("link.c:3:9: warning: unused variable 'unused' [-Wunused-variable]\n    3 |     int unused = 1;\n      |         ^~~~~~\n");
    expect(report.output).toContain("link.c:(.text+0x1): undefined reference to `missing'\n");
    expect(report.output).toMatch(/collect2: error: ld returned 1 exit status\n$/);
    expect(report.output).not.toContain('"kind"');
  });

  it("says when a template error points only into library headers (gcc 12's JSON drops \"required from here\")", async () => {
    const report = await read('gcc12-template.stderr');
    expect(report.messages.length).toBeGreaterThan(3);
    expect(report.messages.every((m) => m.file?.startsWith('/usr/include/'))).toBe(true);
    expect(pointsOnlyOutside(report.messages, FIXTURES)).toBe(true);
    expect(pointsOnlyOutside((await read('gcc12-c.stderr')).messages, FIXTURES)).toBe(false);
  });
});

describe('SARIF', () => {
  it("from zig cc (clang 22): the caret, the range around it, workspace paths, without clang's SARIF notice", async () => {
    const report = await read('zig-c.stderr');
    expect(report.messages).toEqual([
      { severity: 'error', message: "use of undeclared identifier 'weight'", file: 'bad.c', line: 6, column: 45, endLine: 6, endColumn: 51 },
      // clang's caret (the missing argument) lies outside the range it highlights (`helper`): no range.
      { severity: 'error', message: 'too few arguments to function call, expected 2, have 1', file: 'bad.c', line: 7, column: 24 },
      { severity: 'info', message: "'helper' declared here", file: 'bad.c', line: 2, column: 12 },
    ]);
    expect(report.output).not.toContain('SARIF');
    expect(report.output).toMatch(/^bad\.c:6:45: error: use of undeclared identifier 'weight'\n {4}6 \| .*\n {6}\| {45}\^~~~~~\n/);
    expect(report.output).toMatch(/\n2 errors generated\.\n$/);
  });

  it("drops clang's rule numbers, which mean nothing to a student", async () => {
    const report = await read('zig-warn.stderr');
    expect(report.messages.map(placeOf)).toEqual([
      ['warn.c', 6, 20, 6, 23],
      ['warn.c', 3, 9, 3, 15],
      ['warn.c', 5, 23, undefined, undefined], // `i < n`: the caret between the two highlighted operands
      ['warn.c', 5, 33, 5, 34],
      ['warn.c', 4, 10, undefined, undefined],
    ]);
    expect(report.messages.some((m) => m.code)).toBe(false);
  });

  it("keeps clang's notes without a place in the text, and its note at the student's line", async () => {
    const report = await read('zig-template.stderr');
    expect(report.messages.filter((m) => m.file === undefined).length).toBeGreaterThan(0);
    expect(report.messages).toContainEqual(expect.objectContaining({ severity: 'info', file: 'tmpl2.cpp', line: 5, column: 10 }));
    expect(report.output).toMatch(/^note: in instantiation of function template specialization/m);
    expect(pointsOnlyOutside(report.messages, FIXTURES)).toBe(false);
  });

  it("from gcc 13+ (indented, as gcc 15 prints it): paths from the PWD base, notes in relatedLocations, options as codes", async () => {
    const report = await read('gcc13-sarif.stderr');
    expect(report.messages).toEqual([
      { severity: 'error', message: "'weight' undeclared (first use in this function)", file: 'bad.c', line: 6, column: 45, endLine: 6, endColumn: 51 },
      { severity: 'info', message: 'each undeclared identifier is reported only once for each function it appears in', file: 'bad.c', line: 6, column: 45, endLine: 6, endColumn: 51 },
      { severity: 'warning', message: "unused variable 'unused'", code: '-Wunused-variable', file: 'bad.c', line: 4, column: 9, endLine: 4, endColumn: 15 },
    ]);
    expect(report.output.split('\n').slice(0, 4)).toEqual(readFileSync(path.join(FIXTURES, 'gcc12-c.txt'), 'utf8').split('\n').slice(1, 5));
  });
});

describe('text', () => {
  it("reads gcc's and clang's lines, their options as codes, and gcc's \"required from here\"", () => {
    const output = [
      'vec.c: In function ‘dot’:',
      'vec.c:4:12: error: ‘undeclared’ undeclared (first use in this function)',
      '/ws/sub/x.h:2:1: warning: unused variable ‘y’ [-Wunused-variable]',
      'vec.c:4:12: note: each undeclared identifier is reported only once',
      'In file included from /usr/include/stdio.h:27:',
      'ring.cpp:5:14:   required from here',
    ].join('\n');
    expect(toBuildDiagnostics(fromText(output), '/ws')).toEqual([
      { file: 'vec.c', line: 4, column: 12, severity: 'error', message: '‘undeclared’ undeclared (first use in this function)' },
      { file: 'sub/x.h', line: 2, column: 1, severity: 'warning', message: 'unused variable ‘y’', code: '-Wunused-variable' },
      { file: 'vec.c', line: 4, column: 12, severity: 'info', message: 'each undeclared identifier is reported only once' },
      { file: 'ring.cpp', line: 5, column: 14, severity: 'info', message: 'required from here' },
    ]);
  });

  it("reads MSVC's format, with and without a column, and passes its linker's line through", async () => {
    const report = await read('msvc.txt');
    expect(report.structured).toBe(false);
    expect(report.output).toBe(readFileSync(path.join(FIXTURES, 'msvc.txt'), 'utf8'));
    expect(report.messages).toEqual([
      { file: 'bad.c', line: 6, column: 45, severity: 'error', message: "'weight': undeclared identifier", code: 'C2065' },
      { file: 'bad.c', line: 4, severity: 'warning', message: "'unused': unreferenced local variable", code: 'C4101' },
      { file: 'C:\\Python312\\include\\pyconfig.h', line: 59, severity: 'error', message: "Cannot open include file: 'io.h': No such file or directory", code: 'C1083' },
    ]);
  });
});

describe('the readable rendering', () => {
  it("is gcc's own text for gcc's JSON of a C file (the \"In function\" headings aside)", async () => {
    const gcc = readFileSync(path.join(FIXTURES, 'gcc12-c.txt'), 'utf8');
    expect((await read('gcc12-c.stderr')).output).toBe(gcc.replace(/^.*(: In function |: At top level:).*\n/gm, ''));
  });

  it('keeps tabs under tabs, runs a multi-line range to the end of its first line, and shows what it cannot read without source', () => {
    const lines = (file: string) => (file === 'tab.c' ? ['\tint x = call(a,', '\t\tb);'] : undefined);
    expect(
      renderMessages(
        [
          { severity: 'error', message: 'bad call', file: 'tab.c', line: 1, column: 10, endLine: 2, endColumn: 5 },
          { severity: 'info', message: 'no such file', file: 'gone.c', line: 3, column: 1, code: 'X1' },
          { severity: 'info', message: 'nowhere' },
        ],
        lines,
      ),
    ).toBe(['tab.c:1:10: error: bad call', '    1 | \tint x = call(a,', '      | \t        ^~~~~~~', 'gone.c:3:1: note: no such file [X1]', 'note: nowhere', ''].join('\n'));
  });
});

describe('the streaming reader', () => {
  it('passes text through as it comes and renders a document split across chunks once it is whole, in order', async () => {
    const seen: string[] = [];
    const reader = new CompilerOutputReader(FIXTURES, (text) => seen.push(text));
    const json = sample('gcc12-link.stderr');
    const cut = json.indexOf('"option"');
    reader.push('gcc: note: first\n');
    reader.push(json.slice(0, cut));
    expect(seen).toEqual(['gcc: note: first\n']);
    reader.push(json.slice(cut), 'stderr');
    const report = await reader.end();
    expect(seen.join('')).toBe(report.output);
    expect(report.output.indexOf('gcc: note: first')).toBe(0);
    expect(report.output.indexOf('link.c:3:9: warning')).toBeLessThan(report.output.indexOf('undefined reference'));
  });

  it('gives text without documents back unchanged, and a bracket that starts no document as text', async () => {
    const text = 'a.c:1:2: error: x\n[not json]\n{ "reason": 1 \nplain\n';
    const report = await readCompilerOutput(text, FIXTURES);
    expect(report).toMatchObject({ output: text, structured: false });
    expect(report.messages).toHaveLength(1);
  });
});

describe("the probe's candidates", () => {
  it('picks SARIF for clang and zig, SARIF then JSON for gcc 13+, JSON for gcc 9-12, text otherwise', () => {
    expect(candidateFlags('clang version 22.1.8\nTarget: x86_64-unknown-linux-gnu')).toEqual(['-fdiagnostics-format=sarif']);
    expect(candidateFlags('Apple clang version 15.0.0 (clang-1500.3.9.4)')).toEqual(['-fdiagnostics-format=sarif']);
    const gcc = (first: string) => `${first}\nCopyright (C) 2022 Free Software Foundation, Inc.\n`;
    expect(candidateFlags(gcc('gcc (Debian 12.2.0-14+deb12u1) 12.2.0'))).toEqual(['-fdiagnostics-format=json']);
    expect(candidateFlags(gcc('g++ (GCC) 14.2.1 20240912 (Red Hat 14.2.1-3)'))).toEqual(['-fdiagnostics-format=sarif-stderr', '-fdiagnostics-format=json']);
    expect(candidateFlags(gcc('cc (GCC) 8.5.0 20210514 (Red Hat 8.5.0-4)'))).toEqual([]);
    expect(candidateFlags('Microsoft (R) C/C++ Optimizing Compiler Version 19.38.33130 for x64')).toEqual([]);
  });
});
