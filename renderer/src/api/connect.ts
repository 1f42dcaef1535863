/** Picks the transport: the Electron preload bridge when present, else the WebSocket of browser mode. */
import { TOKEN_QUERY_PARAM, type ApiClient } from '../../../electron/core/api';
import { IpcApiClient, type PreloadBridge } from './ipcClient';
import { WebSocketApiClient, webSocketUrl } from './wsClient';

const TOKEN_STORAGE_KEY = 'pyforge.token';

declare global {
  interface Window {
    pyforge?: PreloadBridge;
  }
}

export type Connection = { client: ApiClient; ws: WebSocketApiClient | null } | { client: null; error: string };

/**
 * The token arrives in the page URL once; it is kept in this tab's sessionStorage (so a reload works) and
 * removed from the address bar (so it does not end up in screenshots or history).
 */
function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get(TOKEN_QUERY_PARAM);
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete(TOKEN_QUERY_PARAM);
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_STORAGE_KEY);
}

export function connect(): Connection {
  if (window.pyforge) return { client: new IpcApiClient(window.pyforge), ws: null };
  const token = takeToken();
  if (!token) {
    return { client: null, error: 'This page needs the address printed by `npm run web`, including its ?token=… part.' };
  }
  const ws = new WebSocketApiClient(webSocketUrl(window.location, token));
  return { client: ws, ws };
}
