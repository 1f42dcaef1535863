/**
 * Numbers as the views print them. Pure, so the wording is unit-tested.
 *
 * Times keep three significant figures: a profile or a benchmark is noisy in the third digit already, and more
 * digits only make the columns harder to compare.
 */

function significant(value: number, digits = 3): string {
  if (value === 0) return '0';
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(decimals, 6));
}

/** A profile's time, in ms below a second and s above ("0.042 ms", "12.3 ms", "1.24 s"). */
export function formatProfileTime(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds >= 1) return `${significant(seconds)} s`;
  const ms = seconds * 1000;
  if (ms > 0 && ms < 0.001) return '< 0.001 ms';
  return `${significant(ms)} ms`;
}

/** A benchmark's time, from nanoseconds to seconds ("85.2 ns", "3.10 µs", "12.0 ms", "1.50 s"). */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 s';
  if (abs < 1e-6) return `${significant(seconds * 1e9)} ns`;
  if (abs < 1e-3) return `${significant(seconds * 1e6)} µs`;
  if (abs < 1) return `${significant(seconds * 1e3)} ms`;
  return `${significant(seconds)} s`;
}

/** A time for an axis label, without trailing zeros: "10 ms", "2.5 µs", "1 s". */
export function formatSecondsCompact(seconds: number): string {
  return formatSeconds(seconds).replace(/^(-?\d+)\.0+(?= )/, '$1').replace(/^(-?\d+\.\d*?)0+(?= )/, '$1');
}

/** A part of a total as a percentage: "12.3 %", "< 0.1 %", "100 %". */
export function formatShare(part: number, total: number): string {
  if (!(total > 0)) return '–';
  const share = (part / total) * 100;
  if (share > 0 && share < 0.1) return '< 0.1 %';
  if (share >= 99.95) return '100 %';
  return `${share.toFixed(1)} %`;
}

/** A benchmark size, compact for an axis: 10, 100, 1k, 10k, 2.5M. */
export function formatSize(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${+(n / 1e9).toPrecision(3)}G`;
  if (abs >= 1e6) return `${+(n / 1e6).toPrecision(3)}M`;
  if (abs >= 1e3) return `${+(n / 1e3).toPrecision(3)}k`;
  return String(+n.toPrecision(3));
}

/** A count with thin thousands separators ("12 345"), the same in every locale. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

/** Bytes as a rough size: "512 B", "3.2 KiB", "1.5 MiB" (negative when memory was freed). */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '−' : '';
  const abs = Math.abs(bytes);
  if (abs < 1024) return `${sign}${Math.round(abs)} B`;
  if (abs < 1024 ** 2) return `${sign}${(abs / 1024).toFixed(1)} KiB`;
  return `${sign}${(abs / 1024 ** 2).toFixed(1)} MiB`;
}
