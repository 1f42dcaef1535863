/**
 * Which structured diagnostics a C/C++ compiler can write, asked once per compiler command and kept for the
 * process (as pythonFacts keeps an interpreter's facts). `--version` names the family and version, which give
 * the candidates; a trial compile of one `#warning` with each candidate, in order, proves the flag and that
 * the reader understands what comes back. Anything else (MSVC's cl, gcc before 9, a wrapper that hides
 * what it runs, a failed trial) keeps text diagnostics. Measured here: gcc 12 `--version` ~1 ms, its trial ~7 ms;
 * zig cc ~20 ms and ~30 ms once its cache is warm.
 */
import { spawn } from 'node:child_process';
import { readCompilerOutput } from './reader.js';

const PROBE_TIMEOUT_MS = 30_000;

/**
 * The flags to try, best first, from `<cc> --version`:
 *  - gcc 13+: SARIF on stderr (gcc 15 deprecates its own JSON format), else JSON; gcc 9-12: JSON;
 *  - clang (Apple's too) and zig cc, which reports clang's version: SARIF.
 */
export function candidateFlags(version: string): string[] {
  if (/\bclang version \d+/.test(version)) return ['-fdiagnostics-format=sarif'];
  if (!/Free Software Foundation/.test(version)) return [];
  // "gcc (Debian 12.2.0-14+deb12u1) 12.2.0", "cc (GCC) 8.5.0 20210514 (Red Hat 8.5.0-4)"
  const major = Number(/\)\s+(\d+)\.\d+/.exec(version.split('\n', 1)[0] ?? '')?.[1] ?? 0);
  if (major >= 13) return ['-fdiagnostics-format=sarif-stderr', '-fdiagnostics-format=json'];
  if (major >= 9) return ['-fdiagnostics-format=json'];
  return [];
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(argv: readonly string[], env: NodeJS.ProcessEnv, input: string): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...env, LC_ALL: 'C' }, timeout: PROBE_TIMEOUT_MS, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', () => resolve({ code: null, stdout, stderr }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined); // a compiler that exits before reading its input
    child.stdin.end(input);
  });
}

/** Whether `flag` makes the compiler write a document the reader parses, with the trial's one warning in it. */
async function proves(compiler: readonly string[], flag: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const trial = await run([...compiler, flag, '-fsyntax-only', '-x', 'c', '-'], env, '#warning pyforge-probe\n');
  const report = await readCompilerOutput(trial.stdout + trial.stderr, process.cwd());
  // Not the exit code: zig cc fails a -fsyntax-only compile of stdin after diagnosing it (it renames an object
  // file that was never written). The document with the trial's warning in it is the proof.
  return report.structured && report.messages.some((m) => m.severity === 'warning' && m.message.includes('pyforge-probe'));
}

async function probe(compiler: readonly string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const version = await run([...compiler, '--version'], env, '');
  if (version.code !== 0) return [];
  for (const flag of candidateFlags(version.stdout)) if (await proves(compiler, flag, env)) return [flag];
  return [];
}

const flagsCache = new Map<string, Promise<string[]>>();

/** The flags that make `compiler` (its command words, "gcc -pthread") write structured diagnostics; [] for text. */
export function structuredDiagnosticsFlags(compiler: readonly string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const key = compiler.join('\0');
  let flags = flagsCache.get(key);
  if (!flags) {
    flags = probe(compiler, env).catch(() => []);
    flagsCache.set(key, flags);
  }
  return flags;
}
