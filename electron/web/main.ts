/** `npm run web`: starts PyForge in browser mode on loopback and prints the URL with this run's token. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppDispatcher } from '../core/handlers.js';
import { resolveAppPaths } from '../core/paths.js';
import { createAppServices } from '../core/services.js';
import { generateToken } from './auth.js';
import { isLoopback, parseWebArgs } from './cli.js';
import { startWebHost } from './host.js';

// The bundle sits in dist/electron/; the repository (or the unpacked app) is two levels up.
const appRoot = process.env.PYFORGE_RESOURCES_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const version = (JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { version: string }).version;

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(command, [url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseWebArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  if (!isLoopback(options.host)) {
    console.warn(`WARNING: binding ${options.host}: anyone who can reach this address and learns the token can run code as you.`);
  }
  const services = await createAppServices(resolveAppPaths(appRoot), version);
  const host = await startWebHost({
    host: options.host,
    port: options.port,
    token: generateToken(),
    staticDir: path.join(appRoot, 'dist', 'renderer'),
    services,
    dispatch: createAppDispatcher(),
    log: (message) => console.error(`[pyforge] ${message}`),
  });
  console.log(`PyForge (browser mode) is running at ${host.url}`);
  console.log(`Data folder: ${services.paths.dataDir}. Press Ctrl+C to stop.`);
  // Tell the person at the console what the toolchain is doing (the page shows it too).
  let lastState = '';
  services.toolchain.onChange((state) => {
    if (state.state === lastState) return;
    lastState = state.state;
    if (state.state === 'provisioning') console.log(`Installing the course environment for Python ${state.base} (first run only)…`);
    else if (state.state === 'ready') console.log(`Course environment ready: ${state.python.envDir ?? state.python.executable}`);
    else if (state.state === 'failed') console.warn(`Course environment not available: ${state.message}`);
  });
  if (options.open) openInBrowser(host.url);

  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  const hint =
    e.code === 'EADDRINUSE'
      ? ': that port is already in use; choose another with --port N, or leave --port out to get a free one'
      : e.code === 'EADDRNOTAVAIL'
        ? ': that address is not one of this machine\'s; leave --host out to use 127.0.0.1'
        : '';
  console.error(`PyForge could not start: ${e.message}${hint}`);
  process.exit(1);
});
