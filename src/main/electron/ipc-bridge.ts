// The contract over Electron IPC: one handler for every call, each checked to come from ClawDoc's own
// window (a frame from anywhere else is refused), and the runtime's events pushed to that window.
// The only engine entry point the window has; it adds nothing to the contract.
import type { IpcMain } from 'electron';
import type { ApiReply, ClawDocApi, ClawDocEvents } from '../../shared/api.js';
import { IPC_CALL, IPC_EVENT } from '../../shared/ipc-channels.js';
import { answer } from '../engine/control/control-channel.js';

export interface IpcBridgeOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  api: ClawDocApi;
  events: ClawDocEvents;
  /** True only for ClawDoc's own window showing its own page. */
  isOwnSender: (sender: unknown, frameUrl: string | undefined) => boolean;
  /** The window to push events to, while one is open (structural: the real WebContents, or a test's). */
  window: () => { send(channel: string, ...args: any[]): void; isDestroyed(): boolean } | undefined;
}

export function registerIpcBridge(o: IpcBridgeOptions): () => void {
  o.ipcMain.handle(IPC_CALL, async (event: { sender: unknown; senderFrame?: { url: string } | null }, request: unknown): Promise<ApiReply> => {
    if (!o.isOwnSender(event.sender, event.senderFrame?.url)) return { ok: false, error: 'refused: not ClawDoc\'s window', code: 'ForbiddenSender' };
    return answer(o.api, request);
  });
  const unsubscribe = o.events.subscribe((e) => {
    const target = o.window();
    if (target && !target.isDestroyed()) target.send(IPC_EVENT, e);
  });
  return () => {
    unsubscribe();
    o.ipcMain.removeHandler(IPC_CALL);
  };
}
