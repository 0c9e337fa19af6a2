/**
 * Inline SVG icons (emoji fonts are often missing on Linux and in headless browsers, where 🔔
 * shows as an empty box). Static markup only.
 * @module
 */
const BELL =
  '<svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" ' +
  'stroke-width="2" stroke-linecap="round" stroke-linejoin="round">' +
  '<path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9"/><path d="M13.73 21a2 2 0 0 1-3.46 0"/></svg>'

/** A bell icon, sized to the text around it. */
export function bellIcon(): HTMLElement {
  const s = document.createElement('span')
  s.className = 'icon'
  s.innerHTML = BELL
  return s
}
