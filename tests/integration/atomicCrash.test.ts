/**
 * A real crash: a child node process saves one file over and over with writeFileAtomic and is SIGKILLed at
 * random moments. Whatever moment the kill lands, the file must hold one whole version, never a torn mix.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTempFileName } from '../../electron/core/workspace/atomicWrite.js';
import { Workspace } from '../../electron/core/workspace/workspace.js';
import { makeTempDir, removeDir } from '../helpers/temp.js';
import { sleep } from '../helpers/wait.js';

const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'electron', 'core', 'workspace', 'atomicWrite.ts');
const N = 4 * 1024 * 1024;
const KILLS = 20;

let dir: string;
let childScript: string;

beforeAll(async () => {
  dir = await makeTempDir('pyforge-crash-');
  // The child runs in plain node, so it gets the real module compiled to JS (not a copy of the algorithm).
  const moduleFile = path.join(dir, 'atomicWrite.mjs');
  await build({ entryPoints: [SOURCE], format: 'esm', platform: 'node', bundle: true, outfile: moduleFile, logLevel: 'silent' });
  childScript = path.join(dir, 'saver.mjs');
  await fs.writeFile(
    childScript,
    `import { writeFileAtomic } from ${JSON.stringify(pathToFileURL(moduleFile).href)};
const [file, size] = [process.argv[2], Number(process.argv[3])];
const versions = [Buffer.alloc(size, 'B'), Buffer.alloc(size, 'A')];
for (let i = 0; ; i++) {
  await writeFileAtomic(file, versions[i % 2]);
  if (i === 0) process.stdout.write('saved\\n');
}
`,
  );
});

afterAll(async () => {
  if (dir) await removeDir(dir);
});

function waitForFirstSave(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('saved')) resolve();
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code, signal) => reject(new Error(`saver exited early (${code ?? signal}): ${err}`)));
  });
}

function killAndWait(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('writeFileAtomic under SIGKILL', () => {
  it(`leaves a whole version after each of ${KILLS} kills, and Workspace.open clears the leftovers`, async () => {
    const workspaceDir = path.join(dir, 'ws');
    await fs.mkdir(workspaceDir);
    const file = path.join(workspaceDir, 'data.txt');
    const allA = Buffer.alloc(N, 'A');
    const allB = Buffer.alloc(N, 'B');
    await fs.writeFile(file, allA);

    const seen = { A: 0, B: 0 };
    for (let i = 0; i < KILLS; i++) {
      const child = spawn(process.execPath, [childScript, file, String(N)], { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        await waitForFirstSave(child);
        await sleep(Math.random() * 120);
      } finally {
        await killAndWait(child);
      }
      expect(child.signalCode, 'the saver must die by SIGKILL, not finish').toBe('SIGKILL');

      const content = await fs.readFile(file);
      expect(content.length, `kill ${i}: file length`).toBe(N);
      const isA = content.equals(allA);
      const isB = content.equals(allB);
      expect(isA || isB, `kill ${i}: the file is a torn mix of versions`).toBe(true);
      seen[isA ? 'A' : 'B'] += 1;
    }
    expect(seen.A + seen.B).toBe(KILLS);
    // Kills that land mid-save leave temp files beside the target; a later start must clear them.
    const leftovers = (await fs.readdir(workspaceDir)).filter(isTempFileName);
    console.info(`atomicCrash: versions after kills A=${seen.A} B=${seen.B}; temp files left by the kills: ${leftovers.length}`);

    await Workspace.open(workspaceDir, 'crash');
    const names = await fs.readdir(workspaceDir);
    expect(names).toEqual(['data.txt']);
    const final = await fs.readFile(file);
    expect(final.equals(allA) || final.equals(allB)).toBe(true);
  });
});
