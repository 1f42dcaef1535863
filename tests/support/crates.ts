/**
 * Makes sure the PyO3 crates are vendored (`npm run runtime:crates`, which needs crates.io once), exactly once
 * even when several test files in parallel workers ask at the same moment: a lock folder serialises them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './webApp.js';

const VENDORED = path.join(repoRoot, 'python-runtime', 'crates', 'vendor', 'pyo3');
const LOCK = path.join(repoRoot, 'python-runtime', '.crates-vendoring.lock');

export async function ensureVendoredCrates(timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(VENDORED)) {
    try {
      mkdirSync(LOCK);
    } catch {
      if (Date.now() > deadline) throw new Error(`another test has been vendoring the crates for too long (remove ${LOCK} if none is running)`);
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (existsSync(VENDORED)) return;
      const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'runtime-crates.mjs')], { cwd: repoRoot, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`npm run runtime:crates failed:\n${run.stdout}${run.stderr}`);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
