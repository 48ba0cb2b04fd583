// The camera grid: every camera of the organization with its latest thumbnail, status, name and zone, page by page.
import { ListCamerasIncludeEnum, type Camera } from '@zonecam/sdk';
import { h, messageBox, say } from './dom';
import { toFailure } from './errors';
import { EventList } from './events';
import { Thumbnail } from './pictures';
import type { Api } from './session';

const STATUS_TEXT: Record<string, string> = { online: 'Online', offline: 'Offline', registered: 'Never connected' };

/**
 * A camera's card. Its thumbnail slot is kept across refreshes (`thumbs`), so the picture on screen stays until the
 * next one has loaded; each refresh brings fresh signed URLs (they live about a minute, refreshes come every 10 s).
 */
function card(c: Camera, thumbs: Map<string, Thumbnail>): HTMLElement {
  let thumb = thumbs.get(c.id);
  if (!thumb) {
    thumb = new Thumbnail('camera-thumbnail', `Latest picture of ${c.name}`);
    thumbs.set(c.id, thumb);
  }
  thumb.show(c.thumbnailUrl);
  return h('li', { class: 'camera', 'data-testid': 'camera-card', 'data-camera-id': c.id, 'data-status': c.status },
    h('a', { href: `#/cameras/${encodeURIComponent(c.id)}` },
      thumb.element,
      h('span', { class: 'name' }, c.name),
      h('span', { class: `status ${c.status}` }, STATUS_TEXT[c.status] ?? c.status),
      h('span', { class: 'zone' }, c.zone ? `Zone ${c.zone}` : 'No zone yet')));
}

/** Renders the grid and refreshes statuses and thumbnails every 10 s while it is on screen. */
export function gridView(api: Api, onUnauthorized: (message: string) => void): HTMLElement {
  const list = h('ul', { class: 'grid', 'aria-label': 'Cameras', 'data-testid': 'camera-grid' });
  const message = messageBox('grid-message');
  const more = h('button', { type: 'button', hidden: true }, 'Load more cameras');
  let cursor: string | undefined;
  let pages = 1;
  const thumbs = new Map<string, Thumbnail>();
  const names = new Map<string, string>();
  const events = new EventList(api, async (what, e, target) => {
    const f = await toFailure(what, e);
    if (f.status === 401) onUnauthorized('Your session ended or the credential was revoked: sign in again.');
    else say(target, f.message, 'error');
  }, { names: () => names, title: 'Recent events' });
  const view = h('section', { 'aria-labelledby': 'grid-title' },
    h('h2', { id: 'grid-title' }, 'Cameras'), message, list, more, events.element);

  async function load(append: boolean): Promise<void> {
    try {
      const cameras: Camera[] = [];
      let next: string | undefined = append ? cursor : undefined;
      const wanted = append ? 1 : pages;
      for (let i = 0; i < wanted; i++) {
        const page = await api.cameras.listCameras({ limit: 50, cursor: next, include: ListCamerasIncludeEnum.Thumbnail });
        cameras.push(...page.items);
        page.items.forEach((c) => names.set(c.id, c.name));
        next = page.nextCursor;
        if (!next) break;
      }
      cursor = next;
      more.hidden = !cursor;
      if (append) {
        pages++;
        list.append(...cameras.map((c) => card(c, thumbs)));
      } else {
        const shown = new Set(cameras.map((c) => c.id));
        for (const id of thumbs.keys()) if (!shown.has(id)) thumbs.delete(id);
        list.replaceChildren(...cameras.map((c) => card(c, thumbs)));
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
  void load(false).then(() => events.load());
  const timer = setInterval(() => {
    if (!view.isConnected) clearInterval(timer);
    else void load(false).then(() => events.load());
  }, 10000);
  return view;
}
