/**
 * The contract's constants, free of any runtime dependency so the sandboxed preload (which must be one small
 * self-contained file) can share them. `api.ts` re-exports everything here: import from there elsewhere.
 */
export const APP_NAME = 'PyForge';

/** Transport channel names, kept here so no layer spells them as loose strings. */
export const IPC_REQUEST_CHANNEL = 'pyforge:request';
export const IPC_EVENT_CHANNEL = 'pyforge:event';
export const WS_PATH = '/api';
/** The per-run secret travels as this query parameter of the page URL and of the WebSocket URL. */
export const TOKEN_QUERY_PARAM = 'token';

/**
 * Terminal flow control, after VS Code (src/vs/platform/terminal/common/terminal.ts): the pty is paused when
 * more than HIGH_WATERMARK characters are sent but not yet acknowledged by the renderer, and resumed once the
 * unacknowledged count falls below LOW_WATERMARK. The renderer acknowledges every ACK_CHUNK characters that
 * xterm.js has parsed. Output is batched for BATCH_MS so a flood becomes few, larger messages.
 */
export const TerminalFlowControl = {
  HIGH_WATERMARK_CHARS: 100_000,
  LOW_WATERMARK_CHARS: 5_000,
  ACK_CHUNK_CHARS: 5_000,
  BATCH_MS: 5,
} as const;

/** Size limits at the boundary: a request larger than these is refused before any work is done. */
export const Limits = {
  MAX_FILE_BYTES: 5 * 1024 * 1024,
  MAX_PATH_CHARS: 1024,
  MAX_TERMINAL_INPUT_CHARS: 64 * 1024,
  MAX_TREE_ENTRIES: 5_000,
  MAX_TERMINALS_PER_CLIENT: 16,
} as const;

