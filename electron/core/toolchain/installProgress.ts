/**
 * Provisioning progress: named phases, one overall fraction (0..1, so a single bar can show it), and the
 * installer's own output turned into that fraction. uv (non-interactive) prints "Resolved N packages",
 * "Downloading scipy (33.7MiB)" and " Downloaded scipy" for larger files, "Prepared N packages" and
 * "Installed N packages"; pip prints "Collecting x==1" / "Processing x.whl", "Installing collected packages"
 * and "Successfully installed". Pure, so it is unit-tested on recorded output.
 */
import type { Installer } from './provisionLayout.js';

/** 'compiler' is the optional zig install, a job of its own with its own bar. */
export type ProvisionPhase = 'interpreter' | 'venv' | 'download' | 'install' | 'verify' | 'done' | 'compiler';

export interface ProvisionProgress {
  phase: ProvisionPhase;
  /** Overall progress, 0..1, never decreasing; null while the length of a step is unknown. */
  fraction: number | null;
  message: string;
}

/** Each phase's share of the bar: downloading dominates a cold run, so it gets most. */
export const PHASE_SPANS: Record<ProvisionPhase, readonly [number, number]> = {
  interpreter: [0, 0.03],
  venv: [0.03, 0.06],
  download: [0.06, 0.8],
  install: [0.8, 0.92],
  verify: [0.92, 0.99],
  done: [1, 1],
  compiler: [0, 1],
};

/** The overall fraction for `within` (0..1) of `phase`; null stays null. */
export function overallFraction(phase: ProvisionPhase, within: number | null): number | null {
  if (within === null) return null;
  const [start, end] = PHASE_SPANS[phase];
  return start + (end - start) * Math.min(1, Math.max(0, within));
}

const UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9 };

/** "33.7MiB" / "1.2 MB" -> bytes, or null. */
export function parseSize(text: string): number | null {
  const m = /^([\d.]+)\s*([KMG]?i?B|kB)$/.exec(text.trim());
  const unit = m ? UNITS[m[2]!] : undefined;
  return m && unit ? Number(m[1]) * unit : null;
}

/** What one installer line means: a phase and how far into it (0..1), before mapping to the overall bar. */
export interface PhaseUpdate {
  phase: ProvisionPhase;
  within: number | null;
  message: string;
}

/** Reads an installer's output lines and says how far it got. */
export class InstallerProgress {
  private total: number;
  private readonly announced = new Map<string, number>();
  private downloadedBytes = 0;
  private collected = 0;

  /** `expected`: how many packages the lock pins, until the installer says how many it resolved. */
  constructor(
    private readonly installer: Installer,
    expected: number,
  ) {
    this.total = Math.max(1, expected);
  }

  /** The progress one output line means, or null when it says nothing new. */
  line(raw: string): PhaseUpdate | null {
    const text = raw.trim();
    if (!text) return null;
    return this.installer === 'uv' ? this.uvLine(text) : this.pipLine(text);
  }

  private at(phase: ProvisionPhase, within: number | null, message: string): PhaseUpdate {
    return { phase, within, message };
  }

  private uvLine(text: string): PhaseUpdate | null {
    let m: RegExpExecArray | null;
    if ((m = /^Resolved (\d+) packages?/.exec(text))) {
      this.total = Math.max(1, Number(m[1]));
      return this.at('download', 0, text);
    }
    if ((m = /^Downloading (\S+) \(([^)]+)\)/.exec(text))) {
      this.announced.set(m[1]!, parseSize(m[2]!) ?? 0);
      return this.at('download', this.downloadFraction(), text);
    }
    if ((m = /^Downloaded (\S+)/.exec(text))) {
      this.downloadedBytes += this.announced.get(m[1]!) ?? 0;
      return this.at('download', this.downloadFraction(), text);
    }
    if (/^Prepared \d+ packages?/.test(text)) return this.at('install', 0, text);
    if (/^(Installed|Audited) \d+ packages?/.test(text)) return this.at('install', 1, text);
    return null;
  }

  private downloadFraction(): number {
    const announced = [...this.announced.values()].reduce((a, b) => a + b, 0);
    return announced > 0 ? this.downloadedBytes / announced : 0;
  }

  private pipLine(text: string): PhaseUpdate | null {
    if (/^(Collecting|Processing) \S/.test(text)) {
      this.collected += 1;
      return this.at('download', this.collected / this.total, text);
    }
    if (/^Installing collected packages:/.test(text)) return this.at('install', 0, `Installing ${this.collected} packages`);
    if (/^Successfully installed /.test(text)) return this.at('install', 1, `Installed ${this.collected} packages`);
    return null;
  }
}
