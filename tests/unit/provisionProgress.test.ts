/** Installer output to progress, on output recorded from uv 0.13.9 and pip 23.2 installing the course lock. */
import { describe, expect, it } from 'vitest';
import { InstallerProgress, PHASE_SPANS, overallFraction, parseSize, type PhaseUpdate } from '../../electron/core/toolchain/installProgress.js';

const UV_COLD = `Using Python 3.12.1 environment at: /d/envs/e.partial-1-ab
Resolved 25 packages in 202ms
Downloading pygments (1.2MiB)
Downloading mypy (14.8MiB)
Downloading numpy (15.0MiB)
Downloading scipy (33.7MiB)
 Downloaded pygments
 Downloaded numpy
 Downloaded mypy
 Downloaded scipy
Prepared 25 packages in 1.21s
Installed 25 packages in 102ms
 + ast-serialize==0.13.1
 + cffi==2.1.1`;

const UV_WHEELHOUSE = `Using Python 3.12.1 environment at: /d/envs/e.partial-1-ab
Resolved 25 packages in 15ms
Prepared 25 packages in 1.12s
Installed 25 packages in 124ms`;

const PIP = `Looking in links: /wheels/linux-x86_64/py3.12
Processing /wheels/linux-x86_64/py3.12/ast_serialize-0.13.1-cp39-abi3-manylinux_2_17_x86_64.whl (from -r lock.txt (line 3))
Collecting numpy==2.5.5 (from -r lock.txt (line 300))
  Downloading numpy-2.5.5-cp312-cp312-manylinux_2_27_x86_64.whl (15.0 MB)
Processing /wheels/linux-x86_64/py3.12/scipy-1.18.1-cp312-cp312-manylinux_2_27_x86_64.whl (from -r lock.txt (line 500))
Installing collected packages: ast-serialize, numpy, scipy
Successfully installed ast-serialize-0.13.1 numpy-2.5.5 scipy-1.18.1`;

function feed(parser: InstallerProgress, output: string): PhaseUpdate[] {
  return output.split('\n').map((line) => parser.line(line)).filter((u): u is PhaseUpdate => u !== null);
}

const overall = (updates: PhaseUpdate[]): number[] => updates.map((u) => overallFraction(u.phase, u.within)!);

describe('uv output', () => {
  it('weights downloads by their announced size, then moves to install on "Prepared"', () => {
    const updates = feed(new InstallerProgress('uv', 30), UV_COLD);
    expect(updates[0]).toEqual({ phase: 'download', within: 0, message: 'Resolved 25 packages in 202ms' });
    const downloaded = updates.filter((u) => u.message.startsWith('Downloaded'));
    const total = 1.2 + 14.8 + 15 + 33.7;
    expect(downloaded.map((u) => u.within)).toEqual([1.2 / total, (1.2 + 15) / total, (1.2 + 15 + 14.8) / total, 1].map((x) => expect.closeTo(x, 6)));
    expect(updates.at(-2)).toEqual({ phase: 'install', within: 0, message: 'Prepared 25 packages in 1.21s' });
    expect(updates.at(-1)).toEqual({ phase: 'install', within: 1, message: 'Installed 25 packages in 102ms' });
    const fractions = overall(updates);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  it('goes straight to install when nothing needs downloading (wheelhouse, warm cache)', () => {
    const phases = feed(new InstallerProgress('uv', 25), UV_WHEELHOUSE).map((u) => `${u.phase}:${u.within}`);
    expect(phases).toEqual(['download:0', 'install:0', 'install:1']);
  });

  it('ignores lines it does not know', () => {
    const parser = new InstallerProgress('uv', 25);
    for (const line of ['', '   ', ' + numpy==2.5.5', 'warning: Failed to hardlink files', 'Using Python 3.12.1 environment at: x']) expect(parser.line(line)).toBeNull();
  });
});

describe('pip output', () => {
  it('counts collected packages against the lock, then install', () => {
    const updates = feed(new InstallerProgress('pip', 3), PIP);
    expect(updates.map((u) => `${u.phase}:${u.within?.toFixed(2)}`)).toEqual(['download:0.33', 'download:0.67', 'download:1.00', 'install:0.00', 'install:1.00']);
    expect(updates.at(-1)!.message).toBe('Installed 3 packages');
  });
});

describe('overall fraction', () => {
  it('maps each phase onto consecutive spans of one bar, ending at 1', () => {
    const order = ['interpreter', 'venv', 'download', 'install', 'verify', 'done'] as const;
    // Consecutive up to verify; 'done' is the bar's end.
    for (let i = 1; i < order.length - 1; i++) expect(PHASE_SPANS[order[i]!][0]).toBeCloseTo(PHASE_SPANS[order[i - 1]!][1] ?? 0, 2);
    expect(overallFraction('download', 0.5)).toBeCloseTo(0.43);
    expect(overallFraction('install', 7)).toBe(PHASE_SPANS.install[1]);
    expect(overallFraction('done', 1)).toBe(1);
    expect(overallFraction('interpreter', null)).toBeNull();
  });

  it('reads uv and pip sizes', () => {
    expect(parseSize('33.7MiB')).toBeCloseTo(33.7 * 1024 * 1024);
    expect(parseSize('512KiB')).toBe(512 * 1024);
    expect(parseSize('15.0 MB')).toBe(15e6);
    expect(parseSize('lots')).toBeNull();
  });
});
