/**
 * The progress store across real process deaths: a child records checks through a real ProgressStore, and
 * is either allowed to finish (a restart) or SIGKILLed at a random moment mid-loop. After each death the file
 * must be valid JSON whose count is one the child reached: never torn, never behind a count it confirmed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { progressFile } from '../../electron/core/progress/paths.js';
import { ProgressStore } from '../../electron/core/progress/store.js';
import { isTempFileName } from '../../electron/core/workspace/atomicWrite.js';
import { useTempDirs } from '../helpers/temp.js';
import { isAlive, sleep, waitFor } from '../helpers/wait.js';
import { repoRoot } from '../support/webApp.js';

const COURSE = 'production-python';
const EXERCISE = 'debounce';
const KILLS = 10;
const tempDir = useTempDirs('pyforge-progress-crash-');

/** A writer child: `node scripts/run-ts.mjs` (the parent) runs progressWriter.ts in a grandchild (the writer). */
class Writer {
  readonly process: ChildProcess;
  writerPid: number | null = null;
  /** Counts the writer confirmed, in order. */
  readonly confirmed: number[] = [];
  stderr = '';
  readonly exited: Promise<void>;

  constructor(dataDir: string, count?: number) {
    const args = ['scripts/run-ts.mjs', 'tests/support/progressWriter.ts', dataDir, COURSE, EXERCISE, ...(count === undefined ? [] : [String(count)])];
    this.process = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
    let pending = '';
    this.process.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [word, value] = line.split(' ');
        if (word === 'pid') this.writerPid = Number(value);
        else if (word === 'confirmed') this.confirmed.push(Number(value));
      }
    });
    this.process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  get lastConfirmed(): number | undefined {
    return this.confirmed.at(-1);
  }

  /** Kills the writer itself; run-ts.mjs then removes its bundle and exits. */
  async kill(): Promise<void> {
    if (this.writerPid !== null && isAlive(this.writerPid)) process.kill(this.writerPid, 'SIGKILL');
    await this.exited;
  }
}

const live: Writer[] = [];
afterEach(async () => {
  // A failed assertion must not leave a writer looping in the background.
  for (const writer of live.splice(0)) {
    await writer.kill();
    if (writer.process.exitCode === null && writer.process.signalCode === null) writer.process.kill('SIGKILL');
  }
});

function start(dataDir: string, count?: number): Writer {
  const writer = new Writer(dataDir, count);
  live.push(writer);
  return writer;
}

/** The attempts count in the file, read raw: a damaged file must fail here, not be quietly moved aside. */
async function attemptsOnDisk(dataDir: string): Promise<number> {
  const text = await fs.readFile(progressFile(dataDir), 'utf8');
  const data = JSON.parse(text) as { version: number; courses: Record<string, { exercises: Record<string, { attempts: number }> }> };
  expect(data.version).toBe(1);
  return data.courses[COURSE]!.exercises[EXERCISE]!.attempts;
}

describe('ProgressStore across processes', () => {
  it('survives a restart: a new store reads what an earlier process wrote', async () => {
    const dataDir = await tempDir();
    const first = start(dataDir, 5);
    await first.exited;
    expect(first.process.exitCode, first.stderr).toBe(0);
    expect(first.confirmed).toEqual([1, 2, 3, 4, 5]);

    const entry = (await new ProgressStore(dataDir).get(COURSE))[EXERCISE]!;
    expect(entry).toMatchObject({ attempts: 5, passed: true, lessonId: 'lesson' });

    const second = start(dataDir, 3);
    await second.exited;
    expect(second.process.exitCode, second.stderr).toBe(0);
    expect(second.confirmed).toEqual([6, 7, 8]);
    const after = (await new ProgressStore(dataDir).get(COURSE))[EXERCISE]!;
    expect(after.attempts).toBe(8);
    expect(after.firstPassedAt).toBe(entry.firstPassedAt);
  });

  it(`keeps a valid file, never behind a confirmed count, through ${KILLS} SIGKILLs mid-write`, async () => {
    const dataDir = await tempDir();
    let confirmedSoFar = 0;
    let committedUnconfirmed = 0;
    for (let i = 0; i < KILLS; i++) {
      const writer = start(dataDir);
      // Kill only once the writer is in its loop (past esbuild and start-up), at a random moment in it.
      await waitFor(() => writer.lastConfirmed !== undefined || writer.process.exitCode !== null, {
        timeoutMs: 20_000,
        what: `writer ${i} to confirm a first write`,
        detail: () => writer.stderr,
      });
      expect(writer.lastConfirmed, `writer ${i} died early: ${writer.stderr}`).toBeDefined();
      expect(writer.confirmed[0], `writer ${i} must continue from the count on disk`).toBe(confirmedSoFar + 1);
      await sleep(20 + Math.random() * 180);
      const writerPid = writer.writerPid!;
      await writer.kill();
      expect(isAlive(writerPid), `kill ${i}: the writer is still running`).toBe(false);
      const lastConfirmed = writer.lastConfirmed!;

      const onDisk = await attemptsOnDisk(dataDir);
      expect(onDisk, `kill ${i}: the file is behind a confirmed count`).toBeGreaterThanOrEqual(lastConfirmed);
      // At most the one write in flight may have landed without being printed.
      expect(onDisk, `kill ${i}: the file holds a count the writer never reached`).toBeLessThanOrEqual(lastConfirmed + 1);
      if (onDisk === lastConfirmed + 1) committedUnconfirmed += 1;
      const store = new ProgressStore(dataDir, { onDamaged: () => expect.fail(`kill ${i}: the file was damaged`) });
      expect((await store.get(COURSE))[EXERCISE]?.attempts).toBe(onDisk);
      confirmedSoFar = onDisk;
    }
    const dir = path.dirname(progressFile(dataDir));
    const names = await fs.readdir(dir);
    expect(names.filter((n) => n.includes('.damaged-'))).toEqual([]);
    console.info(
      `progressCrash: ${KILLS} kills, final count ${confirmedSoFar}; ${committedUnconfirmed} kills landed after a rename but before the print; ` +
        `temp files left by kills mid-write: ${names.filter(isTempFileName).length}`,
    );
  });
});
