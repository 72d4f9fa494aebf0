// What only the desktop app can do, offered to the window beside the contract (the preload adds it as
// `window.clawdoc.desktop`; the dashboard in a browser has none). Types only.
export interface DesktopExtras {
  /** Start ClawDoc when the user logs in. */
  launchAtLogin?: {
    get(): Promise<boolean>;
    /** Returns the state now in effect. */
    set(enabled: boolean): Promise<boolean>;
  };
}
