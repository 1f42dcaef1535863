/**
 * Human-readable sizes and durations for run summaries. Limits are configured in powers of two, so they read
 * best in binary units ("1 GiB"); amounts of output are read like file sizes, in decimal units ("199 MB").
 */

const BINARY = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const;
const DECIMAL = ['bytes', 'kB', 'MB', 'GB', 'TB'] as const;

function format(bytes: number, base: number, units: readonly string[]): string {
  let value = bytes;
  let unit = 0;
  while (value >= base && unit < units.length - 1) {
    value /= base;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} ${value === 1 ? 'byte' : 'bytes'}`;
  // One decimal below 10 ("1.5 GiB"), none above ("199 MB"); drop a trailing ".0".
  const text = value < 10 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value));
  return `${text} ${units[unit]}`;
}

/** A limit: "1 GiB", "384 MiB", "256 KiB". */
export function formatLimitBytes(bytes: number): string {
  return format(bytes, 1024, BINARY);
}

/** An amount of data: "199 MB", "12 kB". */
export function formatAmount(bytes: number): string {
  return format(bytes, 1000, DECIMAL);
}

/** "2 s", "1.5 s", "250 ms", "2 min", "1 min 30 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) {
    const s = ms / 1000;
    return `${Number.isInteger(s) ? s : s.toFixed(1).replace(/\.0$/, '')} s`;
  }
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}
