/**
 * Makes sure the PyO3 crates are vendored (`npm run runtime:crates`, which needs crates.io once), exactly once
 * even when several test files in parallel workers ask at the same moment: a lock folder serialises them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './webApp.js';

const VENDORED = path.join(repoRoot, 'python-runtime', 'crates', 'vendor', 'pyo3');
const LOCK = path.join(repoRoot, 'python-runtime', '.crates-vendoring.lock');

/** Vendored, and from the template's current lock (a crate added to the template needs vendoring again). */
function vendoredAndCurrent(): boolean {
  const read = (file: string): string | null => (existsSync(file) ? readFileSync(file, 'utf8') : null);
  const vendored = read(path.join(repoRoot, 'python-runtime', 'crates', 'Cargo.lock'));
  return existsSync(VENDORED) && vendored !== null && vendored === read(path.join(repoRoot, 'python-runtime', 'crates-template', 'Cargo.lock'));
}

export async function ensureVendoredCrates(timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!vendoredAndCurrent()) {
    try {
      mkdirSync(LOCK);
    } catch {
      if (Date.now() > deadline) throw new Error(`another test has been vendoring the crates for too long (remove ${LOCK} if none is running)`);
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (vendoredAndCurrent()) return;
      const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'runtime-crates.mjs')], { cwd: repoRoot, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`npm run runtime:crates failed:\n${run.stdout}${run.stderr}`);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
