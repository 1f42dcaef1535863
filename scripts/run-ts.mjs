// Runs a TypeScript file (a benchmark, a tool) in Node: esbuild bundles it to a temp file, dependencies stay external.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs FILE.ts [args...]');
  process.exit(2);
}
// The bundle is written inside the repository tree so bare imports resolve from its node_modules.
const outfile = path.join(root, 'dist', 'run', `${path.basename(entry, '.ts')}-${process.pid}.mjs`);
try {
  await build({ entryPoints: [path.resolve(entry)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', sourcemap: 'inline', logLevel: 'warning' });
  const result = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...args], { stdio: 'inherit', cwd: root });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(outfile, { force: true });
}
