// Small pieces every page uses: the health badge (the tray's shapes and colours), a dialog, a field.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { HEALTH_LOOK_SPECS, type HealthLook } from '../../shared/health-look.js';

export function HealthBadge({ look, dark, size = 40, label }: { look: HealthLook; dark: boolean; size?: number; label: string }) {
  const spec = HEALTH_LOOK_SPECS[look];
  const colour = dark ? spec.colour.dark : spec.colour.light;
  // The markup is ClawDoc's own constant (src/shared/health-look.ts), never data from elsewhere.
  return (
    <span
      class="badge-look"
      role="img"
      aria-label={label}
      data-look={look}
      style={{ '--look': colour, color: colour }}
      dangerouslySetInnerHTML={{ __html: `<svg width="${size}" height="${size}" viewBox="0 0 16 16" aria-hidden="true">${spec.svg}</svg>` }}
    />
  );
}

export function lookColour(look: HealthLook, dark: boolean): string {
  return dark ? HEALTH_LOOK_SPECS[look].colour.dark : HEALTH_LOOK_SPECS[look].colour.light;
}

/** A modal dialog (the browser's own: focus stays inside, Escape closes). */
export function Dialog({ title, onClose, children, footer, id }: { title: string; onClose: () => void; children: ComponentChildren; footer?: ComponentChildren; id?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onClose();
    };
    d?.addEventListener('cancel', onCancel);
    return () => d?.removeEventListener('cancel', onCancel);
  }, [onClose]);
  return (
    <dialog ref={ref} aria-labelledby={`${id ?? 'dlg'}-title`} id={id}>
      <div class="dlg-head">
        <h2 id={`${id ?? 'dlg'}-title`}>{title}</h2>
        <button type="button" class="link" onClick={onClose} aria-label="×">
          ✕
        </button>
      </div>
      <div class="dlg-body">{children}</div>
      {footer ? <div class="dlg-foot">{footer}</div> : null}
    </dialog>
  );
}

export function Field({ id, label, hint, error, children, okLine }: { id: string; label: string; hint?: string; error?: string; okLine?: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint ? (
        <div class="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div class="error" id={`${id}-error`} role="alert">
          {error}
        </div>
      ) : okLine ? (
        <div class="okline">{okLine}</div>
      ) : null}
    </div>
  );
}

/** Saves a text as a file the user downloads. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
