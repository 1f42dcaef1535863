/**
 * A lesson's Run button in a real interactive bash behind xterm.js (headless), wired as TerminalView wires it:
 * the keystrokes `pythonRunInput` builds must run the snippet byte for byte: blank lines inside a class, tab
 * indentation, `!`, `$` and backticks.
 */
import headless from '@xterm/headless';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PtySession } from '../../electron/core/terminal/ptySession.js';
import { toolchainEnv } from '../../electron/core/toolchain/env.js';
import { findPython, type PythonInfo } from '../../electron/core/toolchain/python.js';
import { pythonRunInput } from '../../renderer/src/terminal/pythonCommand.js';
import { useTempDirs } from '../helpers/temp.js';
import { waitFor } from '../helpers/wait.js';

const tempDir = useTempDirs('pyforge-snippet-');
let python: PythonInfo | null = null;
const sessions: PtySession[] = [];

beforeAll(async () => {
  python = await findPython();
  expect(python, 'python3 must be installed for the integration tests').not.toBeNull();
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

/** An interactive bash behind a headless xterm, wired as TerminalView wires the real one. */
async function startTerminal(rcLines: string[] = []) {
  const cwd = await tempDir();
  const term = new headless.Terminal({ cols: 100, rows: 40, allowProposedApi: true });
  let output = '';
  const session: PtySession = new PtySession({
    file: '/bin/bash',
    args: ['--norc', '--noprofile', '-i'],
    cwd,
    env: { ...toolchainEnv(python), PS1: '$ ', TERM: 'xterm-256color', HOME: cwd },
    cols: 100,
    rows: 40,
    onData: (data) => {
      output += data;
      term.write(data);
      session.acknowledge(data.length);
    },
    onExit: () => undefined,
  });
  sessions.push(session);
  term.onData((data) => session.write(data));
  for (const line of rcLines) session.write(`${line}\r`);
  session.write('echo READY\r');
  await waitFor(() => /[\r\n]READY\r\n/.test(output), { what: 'the shell prompt', detail: () => JSON.stringify(output) });
  return { term, output: () => output };
}

const SNIPPET = [
  'class Greeter:',
  '\tdef hello(self):',
  '\t\treturn "hi!"  # !! $HOME `date`',
  '',
  '',
  '\tdef price(self):',
  "\t\treturn '$5'",
  '',
  'g = Greeter()',
  'print("OUT:", g.hello(), g.price(), "\\t".join("ab"))',
].join('\n');
const EXPECTED = 'OUT: hi! $5 a\tb';

describe('running a lesson snippet in the terminal', () => {
  it('types a here-document that bash runs byte for byte', async () => {
    const t = await startTerminal();
    const spaced = SNIPPET.replace(/\t/g, '    ');
    const input = pythonRunInput(spaced, { shell: '/bin/bash', bracketedPaste: t.term.modes.bracketedPasteMode });
    expect(input).toContain("<<'PYFORGE'");
    t.term.input(input);
    await waitFor(() => t.output().includes(EXPECTED), { what: EXPECTED, detail: () => JSON.stringify(t.output().slice(-3000)) });
  });

  it('pastes tab-indented code, bracketed, so bash does not complete on the tabs', async () => {
    // On by default since bash 5.1; said explicitly so an older bash tests the same thing.
    const t = await startTerminal(["bind 'set enable-bracketed-paste on'"]);
    await waitFor(() => t.term.modes.bracketedPasteMode, { what: 'bracketed paste on' });
    const input = pythonRunInput(SNIPPET, { shell: '/bin/bash', bracketedPaste: t.term.modes.bracketedPasteMode });
    expect(input.startsWith('\x1b[200~')).toBe(true);
    t.term.input(input);
    await waitFor(() => t.output().includes(EXPECTED), { what: EXPECTED, detail: () => JSON.stringify(t.output().slice(-3000)) });
  });

  it('sends tab-indented code as one line when the shell takes no bracketed paste', async () => {
    const t = await startTerminal(["bind 'set enable-bracketed-paste off'"]);
    await waitFor(() => !t.term.modes.bracketedPasteMode, { what: 'bracketed paste off' });
    const input = pythonRunInput(SNIPPET, { shell: '/bin/bash', bracketedPaste: false });
    expect(input).not.toContain('<<');
    t.term.input(input);
    await waitFor(() => t.output().includes(EXPECTED), { what: EXPECTED, detail: () => JSON.stringify(t.output().slice(-3000)) });
  });
});
