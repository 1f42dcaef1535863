/**
 * The Electron shell (electron/shell/main.ts) run in plain Node against a fake `electron` module, since the
 * Electron binary cannot run here. The fake records what main.ts asks of Electron, so each item of the
 * security checklist is checked on the wiring itself, not only on the pure policy in security.ts.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_REQUEST_CHANNEL } from '../../electron/core/api.js';
import { contentSecurityPolicy } from '../../electron/core/csp.js';
import { listProcesses } from '../../electron/core/terminal/processTree.js';
import { commandLine, isRunning } from '../helpers/procs.js';
import { makeTempDir, removeDir } from '../helpers/temp.js';
import { waitFor } from '../helpers/wait.js';

const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;

  /** The part of Node's EventEmitter that main.ts uses (on / once) plus `emit` for the tests. */
  class Emitter {
    private readonly listeners = new Map<string, Listener[]>();

    on(name: string, listener: Listener): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }

    once(name: string, listener: Listener): this {
      const wrapper: Listener = (...args) => {
        this.off(name, wrapper);
        return listener(...args);
      };
      return this.on(name, wrapper);
    }

    off(name: string, listener: Listener): this {
      this.listeners.set(name, (this.listeners.get(name) ?? []).filter((l) => l !== listener));
      return this;
    }

    emit(name: string, ...args: unknown[]): boolean {
      const listeners = [...(this.listeners.get(name) ?? [])];
      for (const listener of listeners) listener(...args);
      return listeners.length > 0;
    }

    listenerCount(name: string): number {
      return this.listeners.get(name)?.length ?? 0;
    }
  }

  interface FakeFrame {
    url: string;
  }
  interface WindowOpenDetails {
    url: string;
  }
  type WindowOpenHandler = (details: WindowOpenDetails) => { action: string };

  let nextContentsId = 41;

  class FakeWebContents extends Emitter {
    readonly id = nextContentsId++;
    readonly mainFrame: FakeFrame = { url: 'pyforge://app/index.html' };
    readonly send = vi.fn();
    destroyed = false;
    windowOpenHandler: WindowOpenHandler | null = null;

    setWindowOpenHandler(handler: WindowOpenHandler): void {
      this.windowOpenHandler = handler;
    }

    isDestroyed(): boolean {
      return this.destroyed;
    }

    /** What Electron does when the page's renderer goes away for good. */
    destroy(): void {
      this.destroyed = true;
      this.emit('destroyed');
    }
  }

  class FakeApp extends Emitter {
    readonly isPackaged = false;
    readonly enableSandbox = vi.fn();
    readonly quit = vi.fn();
    readonly exit = vi.fn();
    readonly getVersion = vi.fn(() => '9.9.9-test');
    private resolveReady: () => void = () => undefined;
    private readonly ready = new Promise<void>((resolve) => {
      this.resolveReady = resolve;
    });

    whenReady(): Promise<void> {
      return this.ready;
    }

    /** The tests decide when Electron becomes ready, so they can see what happened before. */
    becomeReady(): void {
      this.resolveReady();
    }
  }

  const app = new FakeApp();

  class FakeBrowserWindow extends Emitter {
    static readonly instances: FakeBrowserWindow[] = [];
    static getAllWindows(): FakeBrowserWindow[] {
      return FakeBrowserWindow.instances.filter((w) => !w.webContents.destroyed);
    }

    readonly webContents = new FakeWebContents();
    readonly loadURL = vi.fn(() => Promise.resolve());
    readonly show = vi.fn();

    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.instances.push(this);
      // Electron announces every new WebContents on the app while the window is being constructed.
      app.emit('web-contents-created', { preventDefault: () => undefined }, this.webContents);
    }
  }

  type IpcHandler = (event: unknown, ...args: unknown[]) => Promise<unknown>;
  type ProtocolHandler = (request: { url: string }) => Promise<Response>;
  type PermissionHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void;

  const ipcHandlers = new Map<string, IpcHandler>();
  const protocolHandlers = new Map<string, ProtocolHandler>();
  const permissionHandlers: PermissionHandler[] = [];

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: vi.fn((channel: string, handler: IpcHandler) => {
        ipcHandlers.set(channel, handler);
      }),
    },
    net: {
      // Never touches the disk: the tests only check which file main.ts asked for.
      fetch: vi.fn((_url: string) => Promise.resolve(new Response('<!doctype html><title>PyForge</title>', { status: 200 }))),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn((scheme: string, handler: ProtocolHandler) => {
        protocolHandlers.set(scheme, handler);
      }),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn((handler: PermissionHandler) => {
          permissionHandlers.push(handler);
        }),
      },
    },
    shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
  };

  return { electron, app, FakeBrowserWindow, FakeWebContents, ipcHandlers, protocolHandlers, permissionHandlers };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

type FakeWindow = InstanceType<typeof fake.FakeBrowserWindow>;
type FakeContents = InstanceType<typeof fake.FakeWebContents>;

const APP_URL = 'pyforge://app/index.html';
const previousDataDir = process.env.PYFORGE_DATA_DIR;
let dataDir = '';
let window: FakeWindow;
let contents: FakeContents;
const beforeReady = { enableSandbox: 0, registerSchemes: 0 };
/** Shell pids this file started, killed in afterAll should a test fail half-way. */
const startedPids = new Set<number>();

function ipcHandler(): (event: unknown, method: unknown, params?: unknown) => Promise<unknown> {
  const handler = fake.ipcHandlers.get(IPC_REQUEST_CHANNEL);
  if (!handler) throw new Error(`no IPC handler registered on ${IPC_REQUEST_CHANNEL}`);
  return handler;
}

/** An IPC event as Electron builds it for a request from the window's own top frame. */
function legitimateEvent(): { sender: FakeContents; senderFrame: FakeContents['mainFrame'] } {
  return { sender: contents, senderFrame: contents.mainFrame };
}

function protocolHandler(): (request: { url: string }) => Promise<Response> {
  const handler = fake.protocolHandlers.get('pyforge');
  if (!handler) throw new Error('no protocol handler registered for pyforge');
  return handler;
}

function preventable(): { preventDefault: ReturnType<typeof vi.fn> } {
  return { preventDefault: vi.fn() };
}

async function childPids(): Promise<Set<number>> {
  return new Set((await listProcesses()).filter((p) => p.ppid === process.pid).map((p) => p.pid));
}

beforeAll(async () => {
  dataDir = await makeTempDir('pyforge-shell-');
  process.env.PYFORGE_DATA_DIR = dataDir;
  process.env.PYFORGE_PROVISION = 'off'; // the shell's tests do not need the course environment installed
  await import('../../electron/shell/main.js');
  beforeReady.enableSandbox = fake.app.enableSandbox.mock.calls.length;
  beforeReady.registerSchemes = fake.electron.protocol.registerSchemesAsPrivileged.mock.calls.length;
  fake.app.becomeReady();
  window = await waitFor(() => fake.FakeBrowserWindow.instances[0], {
    timeoutMs: 25_000,
    what: 'main.ts to open its window',
    detail: () => `app.exit calls: ${JSON.stringify(fake.app.exit.mock.calls)}`,
  });
  contents = window.webContents;
  // createWindow registers its listeners right after the constructor; serveApi runs before it.
  await waitFor(() => window.loadURL.mock.calls.length > 0, { what: 'the window to load its page' });
}, 30_000);

afterAll(async () => {
  for (const pid of startedPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  delete process.env.PYFORGE_PROVISION;
  if (previousDataDir === undefined) delete process.env.PYFORGE_DATA_DIR;
  else process.env.PYFORGE_DATA_DIR = previousDataDir;
  if (dataDir) await removeDir(dataDir);
});

describe('electron/shell/main.ts', () => {
  it('starts without error', () => {
    expect(fake.app.exit).not.toHaveBeenCalled();
    expect(fake.FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('enables the sandbox and registers pyforge as a standard, secure scheme before the app is ready', () => {
    expect(beforeReady.enableSandbox).toBe(1);
    expect(beforeReady.registerSchemes).toBe(1);
    expect(fake.app.enableSandbox).toHaveBeenCalledTimes(1);
    const [schemes] = fake.electron.protocol.registerSchemesAsPrivileged.mock.calls[0] as [
      Array<{ scheme: string; privileges: Record<string, boolean> }>,
    ];
    expect(schemes).toEqual([expect.objectContaining({ scheme: 'pyforge', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it("creates the window with Electron's secure webPreferences and the bundled preload", () => {
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
    });
    expect(prefs.preload).toEqual(expect.stringMatching(/preload\.cjs$/));
    expect(path.isAbsolute(prefs.preload as string)).toBe(true);
  });

  it('loads the app from pyforge://app/index.html', () => {
    expect(window.loadURL).toHaveBeenCalledWith(APP_URL);
  });

  it('prevents every navigation and redirect of the window', () => {
    const navigate = preventable();
    contents.emit('will-navigate', navigate, 'https://evil.example/');
    expect(navigate.preventDefault).toHaveBeenCalled();
    const redirect = preventable();
    contents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
  });

  it('prevents attaching a <webview>', () => {
    const attach = preventable();
    contents.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window and opens only http(s) links in the system browser', () => {
    const handler = contents.windowOpenHandler;
    expect(handler).toBeTypeOf('function');
    fake.electron.shell.openExternal.mockClear();
    const urls = [
      'https://docs.python.org/3/',
      'http://example.org/page',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'pyforge://app/index.html',
      'not a url',
    ];
    for (const url of urls) expect(handler!({ url }), url).toEqual({ action: 'deny' });
    expect(fake.electron.shell.openExternal.mock.calls).toEqual([['https://docs.python.org/3/'], ['http://example.org/page']]);
  });

  it('locks down any other WebContents the app creates too', () => {
    const other = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', preventable(), other);
    const navigate = preventable();
    other.emit('will-navigate', navigate, 'https://evil.example/');
    expect(navigate.preventDefault).toHaveBeenCalled();
    expect(other.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('refuses every permission request', () => {
    expect(fake.permissionHandlers).toHaveLength(1);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      fake.permissionHandlers[0]!(contents, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false);
    }
  });

  describe('the IPC request handler', () => {
    it('refuses a sender that is not one of its windows', async () => {
      const stranger = { id: 9_999, mainFrame: { url: APP_URL } };
      const response = await ipcHandler()({ sender: stranger, senderFrame: stranger.mainFrame }, 'app.info', {});
      expect(response).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    });

    it("refuses a sub-frame of the window (senderFrame is not the sender's mainFrame)", async () => {
      const subFrame = { url: APP_URL };
      const response = await ipcHandler()({ sender: contents, senderFrame: subFrame }, 'app.info', {});
      expect(response).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    });

    it('refuses the main frame once it shows a page that is not the app', async () => {
      const original = contents.mainFrame.url;
      contents.mainFrame.url = 'https://evil.example/';
      try {
        const response = await ipcHandler()(legitimateEvent(), 'app.info', {});
        expect(response).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      } finally {
        contents.mainFrame.url = original;
      }
    });

    it("answers the window's own top frame", async () => {
      const response = await ipcHandler()(legitimateEvent(), 'app.info', {});
      expect(response).toMatchObject({ ok: true, result: { name: 'PyForge', version: '9.9.9-test', dataDir } });
    });

    it('validates params for a legitimate sender', async () => {
      const response = await ipcHandler()(legitimateEvent(), 'workspace.read', { path: 5 });
      expect(response).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    });
  });

  describe('the pyforge:// protocol handler', () => {
    it('serves the built renderer with the CSP', async () => {
      fake.electron.net.fetch.mockClear();
      const response = await protocolHandler()({ url: APP_URL });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const expected = pathToFileURL(path.resolve(import.meta.dirname, '..', '..', 'dist', 'renderer', 'index.html')).toString();
      expect(fake.electron.net.fetch.mock.calls).toEqual([[expected]]);
    });

    it('answers 404 to an encoded climb out of the renderer, reading no file', async () => {
      fake.electron.net.fetch.mockClear();
      const response = await protocolHandler()({ url: 'pyforge://app/..%2f..%2fpackage.json' });
      expect(response.status).toBe(404);
      expect(fake.electron.net.fetch).not.toHaveBeenCalled();
    });

    it('answers 404 to another host of the scheme, reading no file', async () => {
      fake.electron.net.fetch.mockClear();
      const response = await protocolHandler()({ url: 'pyforge://evil/index.html' });
      expect(response.status).toBe(404);
      expect(fake.electron.net.fetch).not.toHaveBeenCalled();
    });
  });

  /** Opens a terminal over IPC and returns the pids of the shell it started (children of this process). */
  async function openTerminalShells(): Promise<number[]> {
    const before = await childPids();
    const created = (await ipcHandler()(legitimateEvent(), 'terminal.create', { cols: 80, rows: 24 })) as {
      ok: boolean;
      result?: { id: string; shell: string };
    };
    expect(created).toMatchObject({ ok: true, result: { id: expect.any(String) as string } });
    const shellName = path.basename(created.result!.shell);
    const shells = await waitFor(
      async () => {
        const fresh = [...(await childPids())].filter((pid) => !before.has(pid));
        const lines = await Promise.all(fresh.map(async (pid) => ({ pid, cmd: await commandLine(pid) })));
        const matching = lines.filter((l) => l.cmd.includes(shellName)).map((l) => l.pid);
        return matching.length > 0 ? matching : null;
      },
      { timeoutMs: 5_000, what: `a new ${shellName} child of this process` },
    );
    for (const pid of shells) startedPids.add(pid);
    for (const pid of shells) expect(await isRunning(pid)).toBe(true);
    return shells;
  }

  const allGone = (shells: number[]) =>
    waitFor(async () => (await Promise.all(shells.map(isRunning))).every((running) => !running), {
      timeoutMs: 5_000,
      what: `the terminal's shell (${shells.join(', ')}) to be killed`,
    });

  it("gives a reloaded page a fresh session and kills the old page's terminals", async () => {
    const shells = await openTerminalShells();
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    await allGone(shells);
    // The reloaded page is served by a new session.
    expect(await ipcHandler()(legitimateEvent(), 'app.info', {})).toMatchObject({ ok: true });
  }, 20_000);

  it('keeps the session on an in-page navigation (a hash change)', async () => {
    const shells = await openTerminalShells();
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    await new Promise((r) => setTimeout(r, 300));
    for (const pid of shells) expect(await isRunning(pid)).toBe(true);
  }, 20_000);

  // Last: it destroys the window's WebContents, after which its session is gone.
  it("kills the window's terminals when its WebContents is destroyed", async () => {
    const shells = await openTerminalShells();
    contents.destroy();
    await allGone(shells);
    // The session is gone with the window: its former sender is refused from now on.
    const after = await ipcHandler()(legitimateEvent(), 'app.info', {});
    expect(after).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  }, 20_000);
});
