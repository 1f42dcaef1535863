/** One xterm.js terminal bound to one pty on the host: input, output with flow control, resize. */
import { FitAddon } from '@xterm/addon-fit';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import type { ApiClient } from '../../../electron/core/api';
import { notifyError } from '../workbench/notifications';
import { AckCounter } from './flowControl';

const THEMES: Record<'light' | 'dark', ITheme> = {
  dark: { background: '#1e1e1e', foreground: '#d4d4d4', cursor: '#aeafad', selectionBackground: '#264f78' },
  light: { background: '#ffffff', foreground: '#1f1f1f', cursor: '#1f1f1f', selectionBackground: '#add6ff', black: '#1f1f1f', brightBlack: '#666666', white: '#b0b0b0', brightWhite: '#7f7f7f', yellow: '#8a6d00', brightYellow: '#7a6000' },
};

interface Props {
  api: ApiClient;
  terminalId: string;
  visible: boolean;
  theme: 'light' | 'dark';
  onExit: (exitCode: number) => void;
  /** The title a program set with an escape sequence (OSC 0/2), as shells and tools do. */
  onTitle: (title: string) => void;
  /** For the panel: type into this terminal as the user would (see `TerminalHandle`). */
  ref?: Ref<TerminalHandle>;
}

/** What the panel may do with a terminal besides showing it. */
export interface TerminalHandle {
  /** Types text as keystrokes ("\r" is Enter), sent to the pty like the user's own. */
  type(text: string): void;
  /** Whether the running program asked for bracketed paste (DECSET 2004), as bash, zsh and fish do. */
  readonly bracketedPaste: boolean;
  /** Resolves once the shell has printed and then been quiet for a moment (its prompt is up), or after a few seconds. */
  ready(): Promise<void>;
}

/** A new shell prints its start-up output and prompt in bursts; this much quiet means it is waiting for input. */
const PROMPT_QUIET_MS = 150;
/** A shell that prints nothing (or keeps printing) is written to after this long anyway. */
const PROMPT_WAIT_MAX_MS = 3000;

/**
 * The user may force xterm's DOM renderer (localStorage "pyforge.terminal.renderer" = "dom") for GPUs that
 * draw WebGL badly, or for screen readers and tests that read the terminal's text from the page.
 */
export const RENDERER_SETTING_KEY = 'pyforge.terminal.renderer';

/** WebGL renders much faster; when the GPU context is unavailable or lost, xterm's DOM renderer takes over. */
function tryWebgl(term: Terminal): void {
  if (localStorage.getItem(RENDERER_SETTING_KEY) === 'dom') return;
  try {
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => webgl.dispose());
    term.loadAddon(webgl);
  } catch {
    // DOM renderer fallback
  }
}

export function TerminalView({ api, terminalId, visible, theme, onExit, onTitle, ref }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const fit = useRef<FitAddon | null>(null);
  /** When the shell last printed (0: not yet), for `ready()`. */
  const lastOutputAt = useRef(0);
  const callbacks = useRef({ onExit, onTitle });
  useEffect(() => {
    callbacks.current = { onExit, onTitle };
  });

  useEffect(() => {
    if (!host.current) return;
    const terminal = new Terminal({
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      scrollback: 5000,
      cursorBlink: true,
      theme: THEMES[theme],
    });
    const fitAddon = new FitAddon();
    terminal.loadAddon(fitAddon);
    terminal.open(host.current);
    tryWebgl(terminal);
    term.current = terminal;
    fit.current = fitAddon;

    const acks = new AckCounter((chars) => {
      api.call('terminal.ack', { id: terminalId, chars }).catch(() => undefined);
    });
    const offData = api.on('terminal.data', ({ id, data }) => {
      if (id !== terminalId) return;
      lastOutputAt.current = Date.now();
      terminal.write(data, () => acks.parsedChars(data.length));
    });
    const offExit = api.on('terminal.exit', ({ id, exitCode }) => {
      if (id !== terminalId) return;
      terminal.write(`\r\n\x1b[2m[process exited with code ${exitCode}]\x1b[0m\r\n`);
      callbacks.current.onExit(exitCode);
    });
    const input = terminal.onData((data) => {
      api.call('terminal.input', { id: terminalId, data }).catch((err: unknown) => notifyError('Terminal', err));
    });
    const title = terminal.onTitleChange((t) => callbacks.current.onTitle(t));
    const resize = terminal.onResize(({ cols, rows }) => {
      api.call('terminal.resize', { id: terminalId, cols, rows }).catch(() => undefined);
    });
    // Follow the panel's size: the bottom panel and the window can both be resized.
    const observer = new ResizeObserver(() => {
      if (host.current && host.current.offsetWidth > 0 && host.current.offsetHeight > 0) fitAddon.fit();
    });
    observer.observe(host.current);

    return () => {
      observer.disconnect();
      offData();
      offExit();
      input.dispose();
      title.dispose();
      resize.dispose();
      terminal.dispose();
      term.current = null;
    };
  }, [api, terminalId]); // eslint-disable-line react-hooks/exhaustive-deps -- the theme is applied below without recreating the terminal

  useEffect(() => {
    if (term.current) term.current.options.theme = THEMES[theme];
  }, [theme]);

  useImperativeHandle(
    ref,
    () => ({
      type: (text) => term.current?.input(text, true),
      get bracketedPaste() {
        return term.current?.modes.bracketedPasteMode ?? false;
      },
      ready: () =>
        new Promise<void>((resolve) => {
          const started = Date.now();
          const poll = (): void => {
            const now = Date.now();
            const quiet = lastOutputAt.current > 0 && now - lastOutputAt.current >= PROMPT_QUIET_MS;
            if (quiet || now - started >= PROMPT_WAIT_MAX_MS) resolve();
            else setTimeout(poll, 50);
          };
          poll();
        }),
    }),
    [],
  );

  useEffect(() => {
    if (visible) {
      fit.current?.fit();
      term.current?.focus();
    }
  }, [visible]);

  return <div className="terminal-host" ref={host} hidden={!visible} data-testid="terminal" data-terminal-id={terminalId} />;
}
