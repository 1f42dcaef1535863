// `npm run build`: the renderer (Vite) and the Node side (esbuild) into dist/.
// With --if-stale, does nothing when dist/ is newer than every source file.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newestMtime, root, runOrExit } from './lib.mjs';

const STAMP = path.join(root, 'dist', '.built');
const SOURCES = ['electron', 'renderer', 'scripts/build.mjs', 'scripts/build-electron.mjs', 'package-lock.json'];

if (process.argv.includes('--if-stale') && existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestMtime(SOURCES)) {
  process.exit(0);
}
console.log('Building PyForge (renderer and host)…');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
runOrExit(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
runOrExit(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')]);
mkdirSync(path.dirname(STAMP), { recursive: true });
writeFileSync(STAMP, new Date().toISOString());
