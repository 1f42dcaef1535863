/**
 * One connected client (an Electron window or a browser tab): its open workspace and its terminals. When the
 * client goes away, `dispose` kills every process it started.
 */
import { randomUUID } from 'node:crypto';
import { Limits, type EventName, type EventPayload } from './api.js';
import { ApiError } from './errors.js';
import type { AppServices } from './services.js';
import { PtySession } from './terminal/ptySession.js';
import { defaultShell } from './terminal/shell.js';
import type { Workspace } from './workspace/workspace.js';

export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export class ClientSession {
  private workspace: Workspace | null = null;
  private readonly terminals = new Map<string, PtySession>();
  private disposed = false;
  private readonly stopForwarding: () => void;

  constructor(
    readonly services: AppServices,
    readonly emit: EmitEvent,
  ) {
    this.stopForwarding = services.toolchain.onChange((state) => this.emit('toolchain.state', state));
  }

  async currentWorkspace(): Promise<Workspace> {
    this.workspace ??= await this.services.scratchWorkspace();
    return this.workspace;
  }

  setWorkspace(workspace: Workspace): void {
    this.workspace = workspace;
  }

  async createTerminal(cols: number, rows: number): Promise<{ id: string; shell: string; cwd: string }> {
    if (this.disposed) throw new ApiError('bad_request', 'this connection is closed');
    if (this.terminals.size >= Limits.MAX_TERMINALS_PER_CLIENT) {
      throw new ApiError('bad_request', `at most ${Limits.MAX_TERMINALS_PER_CLIENT} terminals can be open; close one first`);
    }
    const cwd = (await this.currentWorkspace()).root;
    // The client may have gone away while we awaited: spawning now would leave a shell nobody can kill.
    if (this.disposed) throw new ApiError('bad_request', 'this connection is closed');
    const shell = defaultShell(this.services.paths.runtimeDir);
    const id = randomUUID();
    const processEnv = await this.services.toolchain.processEnvironment(await this.services.interpreterChoices.get(cwd));
    if (this.disposed) throw new ApiError('bad_request', 'this connection is closed');
    const env = { ...processEnv, TERM: 'xterm-256color', COLORTERM: 'truecolor' };
    const session = new PtySession({
      ...shell,
      cwd,
      env,
      cols,
      rows,
      onData: (data) => this.emit('terminal.data', { id, data }),
      onExit: (exitCode, signal) => {
        this.terminals.delete(id);
        this.emit('terminal.exit', { id, exitCode, ...(signal ? { signal } : {}) });
      },
    });
    this.terminals.set(id, session);
    return { id, shell: shell.file, cwd };
  }

  terminal(id: string): PtySession {
    const session = this.terminals.get(id);
    if (!session) throw new ApiError('not_found', `no terminal "${id}" (it may have exited)`);
    return session;
  }

  async killTerminal(id: string): Promise<void> {
    const session = this.terminal(id);
    this.terminals.delete(id);
    await session.dispose();
  }

  /** Ends the terminals whose shell started in `root` (its folder is about to be replaced). */
  async killTerminalsIn(root: string): Promise<void> {
    const inRoot = [...this.terminals].filter(([, t]) => t.cwd === root);
    for (const [id] of inRoot) this.terminals.delete(id);
    await Promise.all(inRoot.map(([, t]) => t.dispose()));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.stopForwarding();
    const sessions = [...this.terminals.values()];
    this.terminals.clear();
    await Promise.all(sessions.map((s) => s.dispose()));
  }
}
