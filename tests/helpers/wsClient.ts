/** A small test client for the web host's WebSocket protocol (api.ts ClientFrame / ServerFrame). */
import WebSocket, { type ClientOptions } from 'ws';
import type { ServerFrame } from '../../electron/core/api.js';

export type ResponseFrame = Extract<ServerFrame, { kind: 'response' }>;
export type EventFrame = Extract<ServerFrame, { kind: 'event' }>;

export class TestClient {
  readonly frames: ServerFrame[] = [];
  private readonly waiters = new Set<() => void>();
  private nextId = 1;
  closed = false;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as ServerFrame);
      for (const wake of this.waiters) wake();
    });
    ws.on('close', () => {
      this.closed = true;
      for (const wake of this.waiters) wake();
    });
  }

  static connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      ws.once('open', () => resolve(new TestClient(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with HTTP ${res.statusCode}`)));
    });
  }

  /** Resolves with the first frame matching `predicate` (already received or still to come). */
  waitFrame<F extends ServerFrame>(predicate: (f: ServerFrame) => f is F, timeoutMs?: number): Promise<F>;
  waitFrame(predicate: (f: ServerFrame) => boolean, timeoutMs?: number): Promise<ServerFrame>;
  waitFrame(predicate: (f: ServerFrame) => boolean, timeoutMs = 15_000): Promise<ServerFrame> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.frames.find(predicate);
        if (found) {
          cleanup();
          resolve(found);
        } else if (this.closed) {
          cleanup();
          reject(new Error('connection closed while waiting for a frame'));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  sendRaw(data: string): void {
    this.ws.send(data);
  }

  /** Sends a request and resolves with its response frame (ok or not). */
  async request(method: string, params: unknown = {}): Promise<ResponseFrame> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ kind: 'request', id, method, params }));
    return this.waitFrame((f): f is ResponseFrame => f.kind === 'response' && f.id === id);
  }

  /** Sends a request and returns its result, throwing when the host answers with an error. */
  async call<R = unknown>(method: string, params: unknown = {}): Promise<R> {
    const res = await this.request(method, params);
    if (!res.ok) throw new Error(`${method} failed: ${res.error.code}: ${res.error.message}`);
    return res.result as R;
  }

  events(event: string): EventFrame[] {
    return this.frames.filter((f): f is EventFrame => f.kind === 'event' && f.event === event);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/** Attempts a WebSocket connection that the host should refuse; resolves with the HTTP status it answered. */
export function refusedStatus(url: string, options: ClientOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the connection was accepted'));
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.on('error', () => undefined); // terminate() while connecting reports an abort; it is expected here
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}
