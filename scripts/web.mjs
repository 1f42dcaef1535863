// `npm run web [-- --port N --host ADDRESS --open]`: set up if needed, build if stale, serve browser mode.
import path from 'node:path';
import { ensureDependencies, ensureNativeForNode, root, run } from './lib.mjs';

ensureDependencies();
ensureNativeForNode();
const built = run(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-stale']);
if (built !== 0) process.exit(built);
// Replace this process's work with the host's; signals reach it because it shares our terminal.
process.exitCode = run(process.execPath, [path.join(root, 'dist', 'electron', 'web.js'), ...process.argv.slice(2)]);
