// The camera grid: every camera of the organization with its status, name and zone, page by page.
import type { Camera } from '@zonecam/sdk';
import { h, messageBox, say } from './dom';
import { toFailure } from './errors';
import type { Api } from './session';

const STATUS_TEXT: Record<string, string> = { online: 'Online', offline: 'Offline', registered: 'Never connected' };

function card(c: Camera): HTMLElement {
  return h('li', { class: 'camera', 'data-testid': 'camera-card', 'data-camera-id': c.id, 'data-status': c.status },
    h('a', { href: `#/cameras/${encodeURIComponent(c.id)}` },
      h('span', { class: 'name' }, c.name),
      h('span', { class: `status ${c.status}` }, STATUS_TEXT[c.status] ?? c.status),
      h('span', { class: 'zone' }, c.zone ? `Zone ${c.zone}` : 'No zone yet')));
}

/** Renders the grid and refreshes statuses every 10 s while it is on screen. */
export function gridView(api: Api, onUnauthorized: (message: string) => void): HTMLElement {
  const list = h('ul', { class: 'grid', 'aria-label': 'Cameras', 'data-testid': 'camera-grid' });
  const message = messageBox('grid-message');
  const more = h('button', { type: 'button', hidden: true }, 'Load more cameras');
  const view = h('section', { 'aria-labelledby': 'grid-title' },
    h('h2', { id: 'grid-title' }, 'Cameras'), message, list, more);
  let cursor: string | undefined;
  let pages = 1;

  async function load(append: boolean): Promise<void> {
    try {
      const cameras: Camera[] = [];
      let next: string | undefined = append ? cursor : undefined;
      const wanted = append ? 1 : pages;
      for (let i = 0; i < wanted; i++) {
        const page = await api.cameras.listCameras({ limit: 50, cursor: next });
        cameras.push(...page.items);
        next = page.nextCursor;
        if (!next) break;
      }
      cursor = next;
      more.hidden = !cursor;
      if (append) {
        pages++;
        list.append(...cameras.map(card));
      } else {
        list.replaceChildren(...cameras.map(card));
      }
      say(message, list.children.length === 0
        ? 'No cameras yet: claim one with the API (POST /v1/cameras) and it appears here.' : '');
    } catch (e) {
      const f = await toFailure('Loading the cameras', e);
      if (f.status === 401) onUnauthorized('Your session ended or the credential was revoked: sign in again.');
      else say(message, f.message, 'error');
    }
  }

  more.addEventListener('click', () => void load(true));
  void load(false);
  const timer = setInterval(() => {
    if (!view.isConnected) clearInterval(timer);
    else void load(false);
  }, 10000);
  return view;
}
