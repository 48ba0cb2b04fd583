// Tiny DOM helpers: element creation and the page's message areas.

type Attrs = Record<string, string | boolean | EventListener | undefined>;

/** Creates an element with attributes (on* keys become listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {},
  ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) el.append(child);
  }
  return el;
}

export type Tone = 'info' | 'error' | 'busy';

/** Shows a message in a status element (role=status or alert), or clears it when text is empty. */
export function say(target: HTMLElement, text: string, tone: Tone = 'info'): void {
  target.textContent = text;
  target.hidden = text === '';
  target.dataset.tone = tone;
  target.setAttribute('role', tone === 'error' ? 'alert' : 'status');
}

/** A message element, hidden until say() fills it. */
export function messageBox(testId: string): HTMLParagraphElement {
  const p = h('p', { class: 'message', 'data-testid': testId, hidden: true, 'aria-live': 'polite' });
  return p;
}
