// What the window talks to: the contract plus its events, and (optionally) what only a transport or
// only the desktop app can say. Types only.
import type { ClawDocApi, ClawDocEvents } from '../shared/api.js';
import type { DesktopExtras } from '../shared/desktop.js';

export type ConnectionListener = (up: boolean) => void;

export type Bridge = ClawDocApi &
  ClawDocEvents & {
    /** Whether the event stream is connected (HTTP); absent: always connected (IPC). */
    onConnection?(listener: ConnectionListener): () => void;
    /** Only inside the desktop app (the preload adds it). */
    desktop?: DesktopExtras;
  };
