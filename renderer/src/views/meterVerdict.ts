/**
 * The leak meter's verdict in words. The host decides whether it leaks (the checks' own rule: any net refcount
 * change leaks references; blocks beyond a generous bound leak memory); this says how much, per call, which is
 * what a student compares with their code ("one Py_DECREF missing on each call"). Pure, so it is unit-tested.
 */
import type { MeterReport } from '../../../electron/core/api';
import { formatBytes, formatCount } from './format';

export interface MeterVerdict {
  leaks: boolean;
  /** One line: "Leaks one reference per call", "No leak". */
  text: string;
  /** What the numbers were, and what usually causes it. */
  detail: string;
}

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

function counted(n: number, noun: string): string {
  return `${NUMBER_WORDS[n] ?? n} ${noun}${n === 1 ? '' : 's'}`;
}

/** "one reference per call", "about 1.5 references per call", "3 references over 2000 calls" (rarer than one a call). */
function amount(total: number, calls: number, noun: string): string {
  const perCall = total / calls;
  if (perCall < 0.5) return `${counted(total, noun)} over ${calls} calls`;
  const rounded = Math.round(perCall);
  if (Math.abs(perCall - rounded) < 0.05) return `${counted(rounded, noun)} per call`;
  return `about ${perCall >= 10 ? perCall.toFixed(0) : perCall.toFixed(1)} ${noun}s per call`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function meterVerdict(report: MeterReport): MeterVerdict {
  const last = report.series[report.series.length - 1];
  const calls = last?.calls ?? report.calls;
  if (!last || calls <= 0) return { leaks: false, text: 'No measurements', detail: 'The meter recorded no calls.' };
  const parts: string[] = [];
  const details: string[] = [];

  if (report.leaksReferences && last.refcountChange < 0) {
    parts.push(`loses ${amount(-last.refcountChange, calls, 'reference')}`);
    details.push(
      `The arguments' reference counts fell by ${-last.refcountChange} over ${calls} calls: a Py_DECREF too many (or a borrowed reference treated as owned). The object may be freed while still in use, which crashes later, somewhere else.`,
    );
  } else if (report.leaksReferences) {
    parts.push(`leaks ${amount(last.refcountChange, calls, 'reference')}`);
    details.push(
      `The arguments' reference counts rose by ${last.refcountChange} over ${calls} calls: something keeps a reference and never gives it back (a missing Py_DECREF, or a container that keeps every argument), so they are never freed.`,
    );
  }
  if (report.leaksBlocks) {
    parts.push(`${parts.length ? 'and ' : 'leaks '}${amount(last.allocatedBlocks, calls, 'memory block')}`);
    details.push(`Python's allocator holds ${formatCount(last.allocatedBlocks)} more blocks (${formatBytes(last.tracedBytes)} traced) than before the calls: memory that is never released.`);
  }
  if (parts.length === 0) {
    return {
      leaks: false,
      text: 'No leak',
      detail: `Over ${calls} calls the arguments' reference counts came back to where they started, and ${
        last.allocatedBlocks > 0
          ? `memory grew by only ${last.allocatedBlocks} blocks, too little to be a leak (the meter's own records take some)`
          : 'memory stayed flat'
      }.`,
    };
  }
  return { leaks: true, text: capitalise(parts.join(' ')), detail: details.join(' ') };
}
