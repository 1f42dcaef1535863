// Helpers shared by the npm scripts. Node built-ins only: these run before dependencies are installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const INSTALL_STAMP = path.join(root, 'node_modules', '.pyforge-installed');

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export function runOrExit(command, args, options) {
  const status = run(command, args, options);
  if (status !== 0) process.exit(status);
}

/** Newest modification time among the files under `dirs` (recursively), skipping node_modules and dist. */
export function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    let stat;
    try {
      stat = statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules' && name !== 'dist') visit(path.join(p, name));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const p of paths) visit(path.join(root, p));
  return newest;
}

/**
 * `npm ci` when node_modules is missing or older than package-lock.json. The Electron binary is never part of
 * this step (its download needs a network these machines lack); `npm start` fetches it on demand.
 */
export function ensureDependencies() {
  const lock = path.join(root, 'package-lock.json');
  const stampTime = existsSync(INSTALL_STAMP) ? statSync(INSTALL_STAMP).mtimeMs : 0;
  if (stampTime >= statSync(lock).mtimeMs && existsSync(path.join(root, 'node_modules', '.package-lock.json'))) return;
  console.log('Installing dependencies (npm ci)…');
  runOrExit(npm, ['ci', '--no-audit', '--no-fund'], { env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
  writeFileSync(INSTALL_STAMP, new Date().toISOString());
}

/** node-pty is a native module: after a rebuild for Electron it cannot load in Node, and vice versa. */
const ABI_STAMP = path.join(root, 'node_modules', '.pyforge-native-target');
export function nativeTarget() {
  return existsSync(ABI_STAMP) ? readFileSync(ABI_STAMP, 'utf8').trim() : 'node';
}
export function setNativeTarget(target) {
  writeFileSync(ABI_STAMP, target);
}
export function ensureNativeForNode() {
  if (nativeTarget() === 'node') return;
  console.log('Rebuilding node-pty for Node…');
  runOrExit(npm, ['rebuild', 'node-pty']);
  setNativeTarget('node');
}

export { npm };
