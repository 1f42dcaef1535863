/**
 * Browser mode: a loopback HTTP server that serves the built renderer and carries the API over a WebSocket.
 * Thin by design: authentication lives in auth.ts, every method in core's dispatcher.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { Limits, TOKEN_QUERY_PARAM, WS_PATH, type ClientFrame, type ServerFrame } from '../core/api.js';
import { contentSecurityPolicy } from '../core/csp.js';
import type { Dispatch } from '../core/dispatch.js';
import { isUnspecified, machineNames } from '../core/netAddresses.js';
import type { AppServices } from '../core/services.js';
import { ClientSession } from '../core/session.js';
import { checkUpgrade, isAllowedHost, type HostIdentity } from './auth.js';

/** Largest WebSocket message accepted: a maximal file save fits even if every character is JSON-escaped (\u00XX). */
const MAX_MESSAGE_BYTES = 6 * Limits.MAX_FILE_BYTES + 64 * 1024;

export interface WebHostOptions {
  host: string;
  port: number;
  token: string;
  staticDir: string;
  services: AppServices;
  dispatch: Dispatch<ClientSession>;
  log?: (message: string) => void;
}

export interface WebHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Binding the unspecified address (only ever on request) serves every interface: accept the machine's own names. */
function wildcardAliases(host: string): string[] {
  return isUnspecified(host) ? machineNames() : [];
}

function parseFrame(raw: string): ClientFrame | null {
  try {
    const frame = JSON.parse(raw) as Partial<ClientFrame>;
    if (frame && frame.kind === 'request' && Number.isSafeInteger(frame.id) && typeof frame.method === 'string') {
      return frame as ClientFrame;
    }
  } catch {
    // not JSON
  }
  return null;
}

function securityHeaders(res: http.ServerResponse, port: number): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { host, token, staticDir, services, dispatch, log = () => undefined } = options;
  const identity: HostIdentity = { bindHost: host, port: options.port, aliases: wildcardAliases(host) };
  const hasRenderer = existsSync(path.join(staticDir, 'index.html'));
  const serveStatic = sirv(staticDir, { etag: true, dotfiles: false });
  const sessions = new Set<ClientSession>();

  const server = http.createServer((req, res) => {
    if (!isAllowedHost(req.headers.host, identity)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('PyForge: unexpected Host header\n');
      return;
    }
    securityHeaders(res, identity.port);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'Content-Type': 'text/plain' }).end('PyForge: method not allowed\n');
      return;
    }
    if (!hasRenderer) {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('PyForge: the renderer is not built; run `npm run build`\n');
      return;
    }
    serveStatic(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('PyForge: not found\n');
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const verdict = checkUpgrade(
      { url: req.url, host: req.headers.host, origin: req.headers.origin },
      { ...identity, token, path: WS_PATH, tokenParam: TOKEN_QUERY_PARAM },
    );
    if (!verdict.ok) {
      log(`refused a WebSocket connection: ${verdict.reason}`);
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws));
  });

  function serveClient(ws: WebSocket): void {
    const send = (frame: ServerFrame): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const session = new ClientSession(services, (event, payload) => send({ kind: 'event', event, payload }));
    sessions.add(session);
    ws.on('message', async (data, isBinary) => {
      const frame = isBinary ? null : parseFrame(data.toString());
      if (!frame) {
        send({ kind: 'response', id: -1, ok: false, error: { code: 'bad_request', message: 'malformed frame: expected {"kind":"request","id":<int>,"method":<string>,"params":{...}}' } });
        return;
      }
      send({ kind: 'response', id: frame.id, ...(await dispatch(session, frame.method, frame.params)) });
    });
    ws.on('close', () => {
      sessions.delete(session);
      void session.dispose();
    });
    ws.on('error', (err) => log(`websocket error: ${err.message}`));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: options.port }, () => resolve());
  });
  identity.port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    port: identity.port,
    url: `http://${urlHost}:${identity.port}/?${TOKEN_QUERY_PARAM}=${token}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      await Promise.all([...sessions].map((s) => s.dispose()));
      sessions.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
