/** The icons in `static/icons.svg`. */
export type IconName =
  | "send"
  | "stop"
  | "copy"
  | "check"
  | "redo"
  | "edit"
  | "plus"
  | "trash"
  | "menu"
  | "share"
  | "download"
  | "sliders"
  | "close"
  | "chat"
  | "down"
  | "alert"
  | "book"
  | "external";

/** A decorative icon from the sprite; the control around it carries the label. */
export function Icon({ name }: { name: IconName }) {
  return (
    <svg class="icon" aria-hidden="true" focusable="false">
      <use href={`/icons.svg#${name}`} />
    </svg>
  );
}
