// `npm start`: set up, build, and launch PyForge: the Electron desktop app where it can run, else browser
// mode (printing the URL and opening the default browser). `npm start -- --browser` forces browser mode.
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureDependencies, ensureNativeForNode, nativeTarget, npm, root, run, runOrExit, setNativeTarget } from './lib.mjs';

const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const passThrough = args.filter((a) => a !== '--browser');

ensureDependencies();

/** The Electron binary's path, fetching it once if needed (its download fails on machines without internet). */
function electronBinary() {
  const require = createRequire(path.join(root, 'package.json'));
  const locate = () => {
    try {
      return require('electron'); // the package's index resolves to the binary's path, or throws when absent
    } catch {
      return null;
    }
  };
  const found = locate();
  if (found) return found;
  console.log('Fetching the Electron binary (once)…');
  const status = run(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], { timeout: 180_000 });
  return status === 0 ? locate() : null;
}

function whyNoDesktop() {
  if (forceBrowser) return 'browser mode was asked for';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY is not set)';
  return null;
}

let reason = whyNoDesktop();
const binary = reason ? null : electronBinary();
if (!reason && !binary) reason = 'the Electron binary is not installed and could not be downloaded';

runOrExit(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-stale']);

if (binary) {
  if (nativeTarget() !== 'electron') {
    console.log('Rebuilding native modules for Electron…');
    runOrExit(npm, ['exec', '--', 'electron-builder', 'install-app-deps']);
    setNativeTarget('electron');
  }
  process.exitCode = run(binary, [root, ...passThrough]);
} else {
  console.log(`Starting PyForge in browser mode: ${reason}.`);
  ensureNativeForNode();
  process.exitCode = run(process.execPath, [path.join(root, 'dist', 'electron', 'web.js'), '--open', ...passThrough]);
}
