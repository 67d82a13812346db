// Inline SVG icons: drawn with currentColor so they follow the theme, and never depend on a font
// having a glyph (the "₿" character renders as an empty box where the font lacks it).
import { raw, type Html } from "./html.ts";

const svg = (body: string, cls = "icon") =>
  raw(`<svg class="${cls}" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`);

export const ICONS = {
  home: svg('<path d="M3 11l9-7 9 7"/><path d="M5 10v10h14V10"/><path d="M10 20v-6h4v6"/>'),
  mine: svg('<path d="M8.5 3.5c5.5.5 11.5 6.5 12 12"/><path d="M14.5 9.5 3.5 20.5"/>'),
  play: svg('<rect x="2" y="7" width="20" height="11" rx="4"/><path d="M7 11v3M5.5 12.5h3"/><circle cx="16" cy="11.5" r="1"/><circle cx="18" cy="13.5" r="1"/>'),
  tap: svg('<path d="M13 2 4 14h7l-1 8 9-12h-7z"/>'),
  ranks: svg('<path d="M8 21h8M12 17v4"/><path d="M7 4h10v5a5 5 0 0 1-10 0z"/><path d="M17 6h3v2a3 3 0 0 1-3 3M7 6H4v2a3 3 0 0 0 3 3"/>'),
  me: svg('<circle cx="12" cy="8" r="4"/><path d="M4 21c1-4 4-6 8-6s7 2 8 6"/>'),
  alert: svg('<circle cx="12" cy="12" r="9"/><path d="M12 7v6M12 16.5v.5"/>'),
  copy: svg('<rect x="9" y="9" width="11" height="11" rx="2"/><path d="M5 15V5a1 1 0 0 1 1-1h10"/>'),
  external: svg('<path d="M14 4h6v6M20 4l-9 9"/><path d="M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"/>'),
  flame: svg('<path d="M12 22c4 0 7-2.7 7-7 0-4.5-3.5-7-4.5-11-2 2-3 4-3 6-1-1-2-2.2-2.3-3.7C7 8.6 5 11.4 5 15c0 4.3 3 7 7 7z"/>'),
  lock: svg('<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V8a4 4 0 0 1 8 0v3"/>'),
  star: svg('<path d="M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z"/>'),
  block: svg('<path d="M12 2l9 5v10l-9 5-9-5V7z"/><path d="M3 7l9 5 9-5M12 12v10"/>'),
  plus: svg('<path d="M12 5v14M5 12h14"/>'),
  up: svg('<path d="M12 19V5M6 11l6-6 6 6"/>'),
} as const;

export type IconName = keyof typeof ICONS;

/** The Bitcoin logo (the coin and the B), filled, for the brand. */
export const LOGO: Html = raw(
  '<svg class="logo" viewBox="0 0 64 64" width="28" height="28" aria-hidden="true"><circle cx="32" cy="32" r="30" fill="#f7931a"/><path fill="#fff" d="M42.6 28.2c.6-4-2.5-6.2-6.6-7.6l1.3-5.4-3.3-.8-1.3 5.2-2.7-.6 1.3-5.3-3.3-.8-1.3 5.4-6.6-1.6-.9 3.5 2.4.6c1.3.3 1.6 1.2 1.5 1.9l-3.7 14.8c-.2.4-.6 1-1.5.8l-2.4-.6-1.6 3.8 6.6 1.7-1.4 5.5 3.3.8 1.4-5.4 2.7.7-1.3 5.4 3.3.8 1.4-5.5c5.6 1.1 9.9.6 11.6-4.5 1.4-4.1-.1-6.4-3-7.9 2.1-.5 3.7-1.9 4.1-4.8zm-7.5 10.5c-1 4.1-7.9 1.9-10.1 1.3l1.8-7.3c2.2.6 9.4 1.7 8.3 6zm1-10.6c-.9 3.7-6.7 1.8-8.6 1.4l1.6-6.6c1.9.5 8 1.3 7 5.2z"/></svg>',
);
