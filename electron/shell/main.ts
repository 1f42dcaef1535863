/**
 * The Electron shell: one window, locked down per Electron's security checklist, serving the built renderer
 * from the `pyforge://app` scheme and carrying the API over IPC. All behaviour lives in electron/core.
 */
import { app, BrowserWindow, ipcMain, net, protocol, session, shell, type WebContents } from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL, type Response } from '../core/api.js';
import { contentSecurityPolicy } from '../core/csp.js';
import type { Dispatch } from '../core/dispatch.js';
import { createAppDispatcher } from '../core/handlers.js';
import { resolveAppPaths } from '../core/paths.js';
import { createAppServices, type AppServices } from '../core/services.js';
import { ClientSession } from '../core/session.js';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl, isExternalWebLink, mimeTypeOf, resolveAppAsset, secureWebPreferences } from './security.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// Unpackaged: dist/electron/main.js inside the repository. Packaged: lessons/ and python-runtime/ are extra resources.
const appRoot = path.resolve(here, '..', '..');
const resourcesDir = app.isPackaged ? process.resourcesPath : appRoot;
const rendererDir = path.join(appRoot, 'dist', 'renderer');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

const sessions = new Map<number, ClientSession>();

function forbidden(message: string): Response {
  return { ok: false, error: { code: 'forbidden_sender', message } };
}

function serveRenderer(): void {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(rendererDir, request.url);
    if (!file) return new Response('not found', { status: 404 });
    const upstream = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
    if (!upstream?.ok) return new Response('not found', { status: 404 });
    return new Response(upstream.body, {
      headers: { 'Content-Type': mimeTypeOf(file), 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function createWindow(services: AppServices): void {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    title: 'PyForge',
    show: false,
    webPreferences: secureWebPreferences(path.join(here, 'preload.cjs')),
  });
  const contents = window.webContents;
  const id = contents.id;
  const dispose = (): void => {
    void sessions.get(id)?.dispose();
    sessions.delete(id);
  };
  // Each page load gets a fresh session: a reload (Ctrl+R) or a crashed renderer must not leave the old page's
  // terminals running, unreachable and counted against the limit.
  const startSession = (): void => {
    dispose();
    sessions.set(id, new ClientSession(services, (event, payload) => {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event, payload);
    }));
  };
  startSession();
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) startSession();
  });
  contents.on('destroyed', dispose);
  contents.on('render-process-gone', startSession);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
}

function serveApi(dispatch: Dispatch<ClientSession>): void {
  ipcMain.handle(IPC_REQUEST_CHANNEL, async (event, method: unknown, params: unknown) => {
    // Only our own windows' top frames, showing our own pages, may call the API.
    const session = sessions.get(event.sender.id);
    if (!session || event.senderFrame !== event.sender.mainFrame || !isAppUrl(event.senderFrame?.url)) {
      return forbidden('requests are accepted only from PyForge windows');
    }
    return dispatch(session, method, params);
  });
}

/** The headless grader from the packaged binary: `pyforge --check <lesson/exercise> [--workspace DIR] [--json]`. */
function runHeadlessCheck(args: string[]): void {
  app.dock?.hide();
  void import('../cli/checkCommand.js')
    .then(({ runCheckCommand }) => runCheckCommand(args, resourcesDir))
    .then(
      (code) => app.exit(code),
      (err: unknown) => {
        console.error('check:', err);
        app.exit(2);
      },
    );
}

const checkFlag = process.argv.indexOf('--check');
if (checkFlag >= 0) runHeadlessCheck(process.argv.slice(checkFlag + 1));
else startApp();

function startApp(): void {
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => app.quit());

  app
    .whenReady()
    .then(async () => {
      session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
      serveRenderer();
      const services = await createAppServices(resolveAppPaths(resourcesDir), app.getVersion());
      serveApi(createAppDispatcher());
      createWindow(services);
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) createWindow(services);
      });
    })
    .catch((err: unknown) => {
      console.error('PyForge could not start:', err);
      app.exit(1);
    });
}
