/** One xterm.js terminal bound to one pty on the host: input, output with flow control, resize. */
import { FitAddon } from '@xterm/addon-fit';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
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
}

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

export function TerminalView({ api, terminalId, visible, theme, onExit, onTitle }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const fit = useRef<FitAddon | null>(null);
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
      if (id === terminalId) terminal.write(data, () => acks.parsedChars(data.length));
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

  useEffect(() => {
    if (visible) {
      fit.current?.fit();
      term.current?.focus();
    }
  }, [visible]);

  return <div className="terminal-host" ref={host} hidden={!visible} data-testid="terminal" data-terminal-id={terminalId} />;
}
