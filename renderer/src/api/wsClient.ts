/** The API over the loopback WebSocket (browser mode). Calls made before the socket opens wait for it. */
import {
  ApiCallError,
  TOKEN_QUERY_PARAM,
  WS_PATH,
  type ApiClient,
  type ClientFrame,
  type EventName,
  type EventPayload,
  type MethodName,
  type Params,
  type Result,
  type ServerFrame,
} from '../../../electron/core/api';

type Pending = { resolve: (value: unknown) => void; reject: (reason: unknown) => void };
export type ConnectionState = 'connecting' | 'open' | 'closed';

export class WebSocketApiClient implements ApiClient {
  readonly transport = 'websocket' as const;
  private readonly socket: WebSocket;
  private readonly ready: Promise<void>;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private nextId = 1;
  state: ConnectionState = 'connecting';

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.ready = new Promise((resolve, reject) => {
      this.socket.addEventListener('open', () => {
        this.setState('open');
        resolve();
      });
      this.socket.addEventListener('close', () => {
        this.setState('closed');
        reject(new ApiCallError('internal', 'the connection to PyForge was refused or closed'));
        for (const p of this.pending.values()) p.reject(new ApiCallError('internal', 'the connection to PyForge closed'));
        this.pending.clear();
      });
    });
    this.ready.catch(() => undefined);
    this.socket.addEventListener('message', (message) => this.receive(String(message.data)));
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private receive(raw: string): void {
    const frame = JSON.parse(raw) as ServerFrame;
    if (frame.kind === 'event') {
      for (const listener of this.listeners.get(frame.event) ?? []) listener(frame.payload as never);
      return;
    }
    const pending = this.pending.get(frame.id);
    if (!pending) return;
    this.pending.delete(frame.id);
    if (frame.ok) pending.resolve(frame.result);
    else pending.reject(new ApiCallError(frame.error.code, frame.error.message));
  }

  async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    await this.ready;
    const id = this.nextId++;
    const frame: ClientFrame = { kind: 'request', id, method, params };
    return new Promise<Result<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.socket.send(JSON.stringify(frame));
    });
  }

  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(handler as (payload: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(handler as (payload: never) => void);
  }
}

/** The WebSocket URL for this page, with the token the page was opened with. */
export function webSocketUrl(location: Location, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PATH}?${TOKEN_QUERY_PARAM}=${encodeURIComponent(token)}`;
}
