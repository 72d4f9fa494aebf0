// How the gateway's health looks, wherever ClawDoc shows it: the tray icon and the window's status
// badge use this one table, so a state has the same colour AND the same shape everywhere (the shape
// alone must tell states apart: macOS template icons and colour-blind users see no colour).
// Pure data and one pure function; no DOM, no Electron, no Node.
import type { GatewayState } from './status.js';

/** The five looks the tray and the window distinguish. */
export type HealthLook = 'healthy' | 'working' | 'degraded' | 'down' | 'paused';

export const HEALTH_LOOKS: readonly HealthLook[] = ['healthy', 'working', 'degraded', 'down', 'paused'];

export interface HealthLookSpec {
  look: HealthLook;
  /** Fill colours: `light` on a light background (menu bar, window in light mode), `dark` on a dark one. */
  colour: { light: string; dark: string };
  /** The shape, named; `svg` draws it. */
  shape: 'circle' | 'ring-arrow' | 'triangle' | 'octagon-cross' | 'pause-bars';
  /**
   * The glyph as SVG markup for a 16×16 viewBox using `currentColor`: fill it with `colour` for a
   * coloured icon, or with black for a macOS template image. Holes are cut with fill-rule evenodd.
   */
  svg: string;
  /** Text for the tooltip / screen readers. */
  label: { en: string; zh: string };
}

export const HEALTH_LOOK_SPECS: Readonly<Record<HealthLook, HealthLookSpec>> = {
  healthy: {
    look: 'healthy',
    colour: { light: '#1a7f37', dark: '#3fb950' },
    shape: 'circle',
    svg: '<circle cx="8" cy="8" r="6.5" fill="currentColor"/>',
    label: { en: 'Healthy', zh: '健康' },
  },
  working: {
    look: 'working',
    colour: { light: '#0969da', dark: '#58a6ff' },
    shape: 'ring-arrow',
    // A ring open at the top right with an arrow head: "in progress" (starting, recovering).
    svg: '<path d="M12.76 5.25A5.5 5.5 0 1 1 8 2.5" fill="none" stroke="currentColor" stroke-width="2.2"/><path fill="currentColor" d="M7.6 0 11.8 2.5 7.6 5z"/>',
    label: { en: 'Working', zh: '处理中' },
  },
  degraded: {
    look: 'degraded',
    colour: { light: '#9a6700', dark: '#d29922' },
    shape: 'triangle',
    svg: '<path fill="currentColor" fill-rule="evenodd" d="M8 1 15.5 14.5H.5zM7 6h2v4.2H7zM7 11.3h2v1.8H7z"/>',
    label: { en: 'Degraded', zh: '降级' },
  },
  down: {
    look: 'down',
    colour: { light: '#cf222e', dark: '#f85149' },
    shape: 'octagon-cross',
    svg: '<path fill="currentColor" fill-rule="evenodd" d="M5.1 1h5.8L15 5.1v5.8L10.9 15H5.1L1 10.9V5.1zM5.4 4.2 4.2 5.4 6.8 8 4.2 10.6 5.4 11.8 8 9.2 10.6 11.8 11.8 10.6 9.2 8 11.8 5.4 10.6 4.2 8 6.8z"/>',
    label: { en: 'Down', zh: '宕机' },
  },
  paused: {
    look: 'paused',
    colour: { light: '#6e7781', dark: '#8b949e' },
    shape: 'pause-bars',
    svg: '<path fill="currentColor" fill-rule="evenodd" d="M8 1.5a6.5 6.5 0 1 1 0 13 6.5 6.5 0 1 1 0-13zM5.5 4.5h1.8v7H5.5zM8.7 4.5h1.8v7H8.7z"/>',
    label: { en: 'Paused / unknown', zh: '已暂停 / 未知' },
  },
};

/**
 * The look of a gateway state. `undefined`/`null` (never watched, no answer yet) and `paused` share the
 * grey look; so does a state reported by a watcher that is not running (`watching: false`), except that
 * a live probe can still say the gateway is down or healthy.
 */
export function lookOf(state: GatewayState | null | undefined): HealthLook {
  switch (state) {
    case 'healthy':
      return 'healthy';
    case 'starting':
    case 'recovering':
      return 'working';
    case 'degraded':
      return 'degraded';
    case 'down':
    case 'escalated':
      return 'down';
    default:
      return 'paused';
  }
}

/** A complete SVG document of a look, e.g. for the tray's PNG rendering or an <img>. */
export function lookSvg(look: HealthLook, colour: string = HEALTH_LOOK_SPECS[look].colour.light, size = 16): string {
  const spec = HEALTH_LOOK_SPECS[look];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 16 16" color="${colour}">${spec.svg}</svg>`;
}

/** Looks from best to worst: several targets show the worst one (down > degraded > working > unknown > healthy). */
export const LOOK_SEVERITY: Readonly<Record<HealthLook, number>> = { healthy: 0, paused: 1, working: 2, degraded: 3, down: 4 };

/** The worst of some looks; none at all: unknown (grey). */
export function worstLook(looks: Iterable<HealthLook>): HealthLook {
  let worst: HealthLook | undefined;
  for (const l of looks) if (worst === undefined || LOOK_SEVERITY[l] > LOOK_SEVERITY[worst]) worst = l;
  return worst ?? 'paused';
}
