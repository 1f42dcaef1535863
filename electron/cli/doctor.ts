/**
 * `npm run doctor`: the toolchain table for lab administrators (and `--json` for scripts). Exit code 0 when
 * everything needed is ok, 1 when something is missing or broken.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveAppPaths } from '../core/paths.js';
import { runDoctor, type DoctorRow } from '../core/toolchain/doctor.js';

const appRoot = process.env.PYFORGE_RESOURCES_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function table(rows: DoctorRow[]): string {
  const columns: [string, (r: DoctorRow) => string][] = [
    ['component', (r) => r.component],
    ['status', (r) => r.status],
    ['version', (r) => r.version ?? ''],
    ['path', (r) => r.path ?? ''],
    ['fix', (r) => r.fix ?? ''],
  ];
  const widths = columns.map(([title, get]) => Math.min(60, Math.max(title.length, ...rows.map((r) => get(r).length))));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns.map(([t]) => t.toUpperCase())), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map(([, get]) => get(r))))].join('\n');
}

const report = await runDoctor(resolveAppPaths(appRoot));
if (process.argv.includes('--json')) console.log(JSON.stringify(report.rows, null, 2));
else console.log(table(report.rows));
const bad = report.rows.some((r) => r.status === 'missing' || r.status === 'broken');
process.exitCode = bad ? 1 : 0;
