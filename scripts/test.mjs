// `npm test`: set up, then run every check: lint, type check, build, and all test projects (unit,
// integration, lessons, e2e in Debian's headless Chromium). Ends with a one-line summary.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDependencies, ensureNativeForNode, root, run } from './lib.mjs';

ensureDependencies();
ensureNativeForNode();

const chromium = process.env.PYFORGE_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`The end-to-end tests need Chromium at ${chromium}. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set PYFORGE_CHROMIUM.`);
  process.exit(1);
}

const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
const steps = [
  ['lint', [bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.']],
  ['type check (electron)', [bin('typescript', 'bin/tsc'), '-p', 'electron/tsconfig.json']],
  ['type check (renderer)', [bin('typescript', 'bin/tsc'), '-p', 'renderer/tsconfig.json']],
  ['type check (tests)', [bin('typescript', 'bin/tsc'), '-p', 'tests/tsconfig.json']],
  ['build', [path.join(root, 'scripts', 'build.mjs')]],
];
for (const [name, command] of steps) {
  console.log(`\n▶ ${name}`);
  const status = run(process.execPath, command);
  if (status !== 0) {
    console.error(`✖ ${name} failed`);
    process.exit(status);
  }
}

console.log('\n▶ tests');
const report = path.join(root, 'dist', 'test-results.json');
mkdirSync(path.dirname(report), { recursive: true });
const extra = process.argv.slice(2);
const status = run(process.execPath, [bin('vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);
if (existsSync(report)) {
  const { numPassedTests = 0, numFailedTests = 0, numPendingTests = 0, numTodoTests = 0 } = JSON.parse(readFileSync(report, 'utf8'));
  console.log(`\n${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`);
}
process.exit(status);
