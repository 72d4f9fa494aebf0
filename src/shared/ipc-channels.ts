// The names of the IPC channels between the Electron main process and the preload: one place, both sides.
export const IPC_CALL = 'clawdoc:call';
export const IPC_EVENT = 'clawdoc:event';
