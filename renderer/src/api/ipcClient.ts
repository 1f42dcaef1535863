/** The API over Electron IPC, through the preload's `window.pyforge` bridge. */
import {
  ApiCallError,
  type ApiClient,
  type EventName,
  type EventPayload,
  type MethodName,
  type Params,
  type Response,
  type Result,
} from '../../../electron/core/api';

export interface PreloadBridge {
  request(method: string, params: unknown): Promise<Response>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
}

export class IpcApiClient implements ApiClient {
  readonly transport = 'ipc' as const;
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();

  constructor(private readonly bridge: PreloadBridge) {
    bridge.onEvent((event, payload) => {
      for (const listener of this.listeners.get(event) ?? []) listener(payload as never);
    });
  }

  async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    const response = await this.bridge.request(method, params);
    if (!response.ok) throw new ApiCallError(response.error.code, response.error.message);
    return response.result as Result<M>;
  }

  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(handler as (payload: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(handler as (payload: never) => void);
  }
}
