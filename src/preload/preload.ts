// The preload: exposes the one typed API of src/shared/api.ts to the window as `window.clawdoc`,
// built from the same client every transport uses. Nothing else of Electron or Node reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiReply, ClawDocEvent } from '../shared/api.js';
import { ApiError, createApiClient } from '../shared/api-client.js';
import { IPC_CALL, IPC_EVENT } from '../shared/ipc-channels.js';

const api = createApiClient(async (method, args) => {
  const reply = (await ipcRenderer.invoke(IPC_CALL, { method, args })) as ApiReply;
  if (reply.ok) return reply.result;
  throw new ApiError(reply.error, reply.code, reply.keys);
});

contextBridge.exposeInMainWorld('clawdoc', {
  ...api,
  subscribe(listener: (event: ClawDocEvent) => void): () => void {
    const handler = (_: unknown, event: ClawDocEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.off(IPC_EVENT, handler);
  },
});
