/**
 * What to type into a terminal to run a Python snippet with its shell's Python. Pure, so it is unit-tested
 * (and run in a real pty by tests/integration/runSnippet.test.ts).
 *
 * POSIX shells get a here-document, so the student sees the code in the terminal and can recall it with ↑:
 *
 *     python3 - <<'PYFORGE'
 *     …the snippet, byte for byte…
 *     PYFORGE
 *
 * The quoted delimiter turns off every expansion inside ($, `, \), blank lines and indentation pass through
 * unchanged (unlike pasting into Python's REPL, where a blank line ends a block), and bash does no history
 * expansion of `!` in a here-document's body. It is typed line by line, which bash and zsh echo cleanly with
 * their "> " prompt. A tab, though, would start completion: a snippet with tabs goes as a bracketed paste
 * when the shell asked for one (it then takes the text literally), else as the one-line form below.
 * Shells without here-documents (PowerShell, cmd, fish, nu) get one line that decodes the snippet from base64,
 * a string no shell's quoting rules can touch.
 */

/** Shells whose syntax includes POSIX here-documents. */
const POSIX_SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ksh93', 'mksh', 'pdksh', 'ash', 'yash', 'posh', 'busybox']);
/** Windows shells, where the interpreter (and a virtual environment's) is `python`, not `python3`. */
const WINDOWS_SHELLS = new Set(['powershell', 'pwsh', 'cmd']);
const DELIMITER = 'PYFORGE';
/** Bracketed paste (DECSET 2004): the shell takes what is between these literally. */
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

export interface ShellTraits {
  /** The shell's executable, as `terminal.create` reports it: "/bin/bash", "C:\\…\\powershell.exe". */
  shell: string;
  /** Whether the program in the terminal asked for bracketed paste (xterm.js's `modes.bracketedPasteMode`). */
  bracketedPaste: boolean;
}

export function shellName(shell: string): string {
  const base = shell.split(/[\\/]/).pop() ?? shell;
  return base.toLowerCase().replace(/\.exe$/, '');
}

/** The here-document's end marker: a line of the snippet that equals it would end the snippet early. */
export function heredocDelimiter(lines: readonly string[]): string {
  const taken = new Set(lines);
  let delimiter = DELIMITER;
  for (let n = 1; taken.has(delimiter); n++) delimiter = `${DELIMITER}_${n}`;
  return delimiter;
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  // Chunked: String.fromCharCode(...bytes) overflows the call stack for a large snippet.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** `python3 - <<'PYFORGE'`, the lines, the delimiter; joined with "\n", no newline at the end. */
export function heredocCommand(source: string, python = 'python3'): string {
  const lines = source.split('\n');
  const delimiter = heredocDelimiter(lines);
  return [`${python} - <<'${delimiter}'`, ...lines, delimiter].join('\n');
}

/** One line for any shell; compile() names the source in tracebacks, and __name__ stays '__main__'. */
export function oneLineCommand(source: string, python = 'python3'): string {
  return `${python} -c "exec(compile(__import__('base64').b64decode('${base64Utf8(source)}').decode('utf-8'), '<lesson snippet>', 'exec'))"`;
}

/** The keystrokes (Enter included, as "\r") that run `code` with the terminal's Python. */
export function pythonRunInput(code: string, { shell, bracketedPaste }: ShellTraits): string {
  const source = code.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const name = shellName(shell);
  const python = WINDOWS_SHELLS.has(name) ? 'python' : 'python3';
  // A terminal's Enter is CR; the pty turns it into the newline the shell reads.
  const keys = (text: string): string => text.replace(/\n/g, '\r');
  if (POSIX_SHELLS.has(name) && !source.includes('\t')) return `${keys(heredocCommand(source, python))}\r`;
  if (POSIX_SHELLS.has(name) && bracketedPaste) return `${PASTE_START}${keys(heredocCommand(source, python))}${PASTE_END}\r`;
  return `${oneLineCommand(source, python)}\r`;
}
