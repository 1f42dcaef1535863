/**
 * The only bridge between the sandboxed renderer and the main process: one request function and one event
 * subscription, over fixed channels. Nothing else of Node or Electron reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../core/apiConstants.js';

contextBridge.exposeInMainWorld('pyforge', {
  request: (method: string, params: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_REQUEST_CHANNEL, method, params),
  onEvent: (listener: (event: string, payload: unknown) => void): (() => void) => {
    const handler = (_e: IpcRendererEvent, event: string, payload: unknown): void => listener(event, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
});
