/**
 * Benchmark runs are kept per workspace in `.pyforge/bench-history.json` (the newest 20), so a student sees
 * how a change moved the numbers. Written atomically; a damaged file starts a new history.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { BenchHistoryEntry, BenchReport } from '../api.js';
import { writeFileAtomic } from '../workspace/atomicWrite.js';

const KEEP = 20;

function historyFile(workspace: string): string {
  return path.join(workspace, '.pyforge', 'bench-history.json');
}

export async function readBenchHistory(workspace: string): Promise<BenchHistoryEntry[]> {
  try {
    const value: unknown = JSON.parse(await fs.readFile(historyFile(workspace), 'utf8'));
    return Array.isArray(value) ? (value as BenchHistoryEntry[]) : [];
  } catch {
    return [];
  }
}

export async function appendBenchHistory(workspace: string, script: string, bench: BenchReport): Promise<BenchHistoryEntry[]> {
  const history = [...(await readBenchHistory(workspace)), { at: new Date().toISOString(), script, results: bench.results }].slice(-KEEP);
  await fs.mkdir(path.dirname(historyFile(workspace)), { recursive: true });
  await writeFileAtomic(historyFile(workspace), JSON.stringify(history));
  return history;
}
