/**
 * Which measuring buttons an exercise card shows, and which file each one runs. Pure, so the choices are
 * unit-tested. The exercise's `view:` names its tool (lessons/README.md); a bench_*.py, meter_*.py or timeline_*.py the
 * student wrote shows its button too, in any exercise, since it can only be meant for that tool.
 */
import type { FileEntry } from '../../../electron/core/api';

export interface ToolFiles {
  bench: string[];
  meter: string[];
  timeline: string[];
  /** Python files a profile could run: not tests, not PyForge's or a virtual environment's. */
  python: string[];
}

const BENCH = /^bench_.+\.py$/;
const METER = /^meter_.+\.py$/;
const TIMELINE = /^timeline_.+\.py$/;
const TEST = /^(test_.+|.+_test|conftest)\.py$/;
const HIDDEN = /(^|\/)(\.[^/]*|__pycache__|site-packages)(\/|$)/;

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function toolFiles(entries: readonly FileEntry[]): ToolFiles {
  const files = entries.filter((e) => e.kind === 'file' && e.path.endsWith('.py') && !HIDDEN.test(e.path)).map((e) => e.path);
  const sorted = (paths: string[]): string[] => [...paths].sort((a, b) => a.localeCompare(b));
  return {
    bench: sorted(files.filter((p) => BENCH.test(basename(p)))),
    meter: sorted(files.filter((p) => METER.test(basename(p)))),
    timeline: sorted(files.filter((p) => TIMELINE.test(basename(p)))),
    python: sorted(files.filter((p) => !TEST.test(basename(p)) && !p.startsWith('tests/'))),
  };
}

export interface ToolButtons {
  profile: boolean;
  bench: boolean;
  meter: boolean;
  timeline: boolean;
}

export function toolButtons(view: string | undefined, profileEntry: string | undefined, files: ToolFiles): ToolButtons {
  return {
    profile: view === 'flamegraph' || !!profileEntry,
    bench: view === 'benchmark' || files.bench.length > 0,
    meter: view === 'refcount' || files.meter.length > 0,
    timeline: view === 'timeline' || files.timeline.length > 0,
  };
}

/**
 * What Profile runs: the exercise's profile entry, else the file open in the editor when it is Python, else
 * the only Python file; with several and none of those, the student picks (the list is returned).
 */
export function profileTarget(profileEntry: string | undefined, activePath: string | null | undefined, files: ToolFiles): string | string[] {
  if (profileEntry) return profileEntry;
  if (activePath?.endsWith('.py')) return activePath;
  return files.python.length === 1 ? files.python[0]! : files.python;
}

/** What Benchmark, Leak meter or Timeline runs: the only candidate, or the list to pick from (empty: none yet). */
export function singleOrChoice(candidates: readonly string[]): string | string[] {
  return candidates.length === 1 ? candidates[0]! : [...candidates];
}
