/**
 * The terminal panel's side of `sendToTerminal`: each request goes to the active terminal, or to a new one when
 * none is open or the active one has exited.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { notifyError } from '../workbench/notifications';
import { pythonRunInput } from './pythonCommand';
import { onSendToTerminal, type TerminalRequest } from './sendToTerminal';
import type { TerminalHandle } from './TerminalView';

export interface RequestTarget {
  id: string;
  /** The shell's executable, from `terminal.create`. */
  shell: string;
}

interface Options {
  /** The active terminal if it is still running, else null. */
  activeTerminal: () => RequestTarget | null;
  /** Opens a terminal and makes it active; null when that failed (already reported). */
  createTerminal: () => Promise<RequestTarget | null>;
  /** The mounted terminals' handles, by id (filled by their `ref` callbacks). */
  handles: RefObject<Map<string, TerminalHandle>>;
}

/** A new terminal's view mounts a render after `terminal.create` answers; wait that long at most. */
const MOUNT_WAIT_MS = 2000;

async function handleFor(handles: Map<string, TerminalHandle>, id: string): Promise<TerminalHandle | null> {
  const started = Date.now();
  for (;;) {
    const handle = handles.get(id);
    if (handle || Date.now() - started > MOUNT_WAIT_MS) return handle ?? null;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function useTerminalRequests({ activeTerminal, createTerminal, handles }: Options): void {
  // The subscription lives as long as the panel; it reads the latest callbacks through this ref.
  const latest = useRef({ activeTerminal, createTerminal });
  useEffect(() => {
    latest.current = { activeTerminal, createTerminal };
  });

  useEffect(() => {
    // Requests run one after another, so two quick clicks cannot interleave their text in one shell.
    let queue = Promise.resolve();
    const deliver = async (request: TerminalRequest): Promise<void> => {
      const target = latest.current.activeTerminal() ?? (await latest.current.createTerminal());
      if (!target) return;
      const handle = await handleFor(handles.current, target.id);
      if (!handle) throw new Error('the terminal did not start');
      await handle.ready();
      handle.type(request.kind === 'text' ? request.text : pythonRunInput(request.code, { shell: target.shell, bracketedPaste: handle.bracketedPaste }));
    };
    const off = onSendToTerminal((request) => {
      queue = queue.then(() => deliver(request)).catch((err: unknown) => notifyError('Could not send to the terminal', err));
    });
    return off;
  }, [handles]);
}
