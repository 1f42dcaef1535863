import { describe, expect, it } from 'vitest';
import { heredocDelimiter, pythonRunInput, shellName } from '../../renderer/src/terminal/pythonCommand.js';

const bash = { shell: '/bin/bash', bracketedPaste: true };
const snippet = ['class A:', '    def f(self):', '        return "hi!"  # $HOME `x` \\n', '', '', '    def g(self):', '        return 2', '', 'print(A().f())'].join('\n');

/** The code a one-line base64 command carries. */
function decodedSnippet(input: string): string {
  const b64 = /b64decode\('([A-Za-z0-9+/=]+)'\)/.exec(input)?.[1];
  if (!b64) throw new Error(`no base64 in ${input}`);
  return Buffer.from(b64, 'base64').toString('utf8');
}

describe('pythonRunInput', () => {
  it('types a quoted here-document into a POSIX shell, the snippet byte for byte, then Enter', () => {
    const input = pythonRunInput(snippet, bash);
    expect(input).toBe(`python3 - <<'PYFORGE'\r${snippet.replace(/\n/g, '\r')}\rPYFORGE\r`);
  });

  it('keeps blank lines and indentation, drops trailing newlines and normalises CRLF', () => {
    const input = pythonRunInput('if True:\r\n    x = 1\r\n\r\n    print(x)\r\n\r\n', { shell: '/usr/bin/zsh', bracketedPaste: false });
    expect(input.split('\r')).toEqual(["python3 - <<'PYFORGE'", 'if True:', '    x = 1', '', '    print(x)', 'PYFORGE', '']);
  });

  it('picks a delimiter no line of the snippet equals', () => {
    expect(heredocDelimiter(['print(1)'])).toBe('PYFORGE');
    expect(heredocDelimiter(['PYFORGE', 'PYFORGE_1'])).toBe('PYFORGE_2');
    const lines = pythonRunInput('s = """\nPYFORGE\n"""\nprint(s)', bash).split('\r');
    expect(lines[0]).toBe("python3 - <<'PYFORGE_1'");
    expect(lines.at(-2)).toBe('PYFORGE_1');
  });

  it('never types a tab, which would start completion: a bracketed paste, else one line', () => {
    const tabbed = 'for i in range(2):\n\tprint(i)';
    expect(pythonRunInput(tabbed, bash)).toBe(`\x1b[200~python3 - <<'PYFORGE'\rfor i in range(2):\r\tprint(i)\rPYFORGE\x1b[201~\r`);
    const typed = pythonRunInput(tabbed, { shell: '/bin/bash', bracketedPaste: false });
    expect(typed).not.toContain('\t');
    expect(typed.indexOf('\r')).toBe(typed.length - 1);
    expect(decodedSnippet(typed)).toBe(tabbed);
  });

  it('gives shells without here-documents one base64 line, with python on Windows', () => {
    const fish = pythonRunInput(snippet, { shell: '/usr/bin/fish', bracketedPaste: true });
    expect(fish.startsWith('python3 -c "')).toBe(true);
    expect(fish.indexOf('\r')).toBe(fish.length - 1);
    expect(decodedSnippet(fish)).toBe(snippet);
    const powershell = pythonRunInput('print("é ✓")', { shell: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', bracketedPaste: false });
    expect(powershell.startsWith('python -c "')).toBe(true);
    expect(powershell).not.toMatch(/[$`]/);
    expect(decodedSnippet(powershell)).toBe('print("é ✓")');
  });

  it('encodes a large snippet without overflowing the stack', () => {
    const big = 'x = 1\n'.repeat(20_000).trimEnd();
    expect(decodedSnippet(pythonRunInput(big, { shell: 'pwsh', bracketedPaste: false }))).toBe(big);
  });
});

describe('shellName', () => {
  it('takes the executable name from either kind of path', () => {
    expect(shellName('/bin/bash')).toBe('bash');
    expect(shellName('C:\\Program Files\\PowerShell\\7\\pwsh.EXE')).toBe('pwsh');
  });
});
