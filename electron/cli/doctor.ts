/**
 * `npm run doctor`: the toolchain table for lab administrators (and `--json` for scripts). Exit code 0 when
 * everything needed is ok, 1 when something is missing or broken.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveAppPaths } from '../core/paths.js';
import { runDoctor, type DoctorRow } from '../core/toolchain/doctor.js';
import { ToolchainService } from '../core/toolchain/service.js';

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

const paths = resolveAppPaths(appRoot);
if (process.argv.includes('--install-zig')) {
  // The same job as the panel's "Install zig" button, with its progress printed; Ctrl+C cancels it cleanly.
  const toolchain = new ToolchainService(paths);
  toolchain.onChange((s) => {
    if (s.state === 'provisioning') console.log(`${s.progress.fraction === null ? '' : `${Math.round(s.progress.fraction * 100)}% `}${s.progress.message}`);
    if (s.state === 'failed') console.error(`zig: ${s.message}`);
  });
  process.once('SIGINT', () => toolchain.cancel());
  await toolchain.start({ provision: false });
  await toolchain.installFallbackCompiler();
}
const report = await runDoctor(paths);
if (process.argv.includes('--json')) console.log(JSON.stringify(report.rows, null, 2));
else console.log(table(report.rows));
const bad = report.rows.some((r) => r.status === 'missing' || r.status === 'broken');
process.exitCode = bad ? 1 : 0;
