// The camera page: its name and status, live view, and the recordings section.
import type { Camera } from '@zonecam/sdk';
import { h, messageBox, say } from './dom';
import { ApiFailure, toFailure } from './errors';
import { EventList } from './events';
import { LivePlayer, type LiveState } from './live';
import { recordingsSection } from './recordings';
import type { Api } from './session';

const STATUS_TEXT: Record<string, string> = { online: 'Online', offline: 'Offline', registered: 'Never connected' };

/** CameraPage is one camera's page; dispose() stops its players and timers. */
export interface CameraPage {
  element: HTMLElement;
  dispose: () => void;
}

export function cameraView(api: Api, cameraId: string, onUnauthorized: (m: string) => void): CameraPage {
  const disposers: (() => void)[] = [];
  const title = h('h2', { id: 'camera-title' }, 'Camera');
  const facts = h('p', { class: 'facts', 'data-testid': 'camera-facts' });
  const pageMessage = messageBox('camera-message');

  // --- live ---
  const liveVideo = h('video', { 'data-testid': 'live-video', muted: true, autoplay: true, playsinline: true,
    controls: true, 'aria-label': 'Live video' });
  liveVideo.muted = true;
  const liveMessage = messageBox('live-message');
  liveMessage.classList.add('overlay');
  const live = h('section', { 'aria-labelledby': 'live-title', class: 'card' },
    h('h3', { id: 'live-title' }, 'Live'),
    h('div', { class: 'player', 'data-testid': 'live-player' }, liveVideo, liveMessage));

  const recordings = recordingsSection(api, cameraId, failed);
  disposers.push(recordings.dispose);
  const events = new EventList(api, failed, { cameraId, title: 'Events' });
  void events.load();
  const refreshEvents = setInterval(() => void events.load(), 30000);
  disposers.push(() => clearInterval(refreshEvents));

  const element = h('section', { 'aria-labelledby': 'camera-title' },
    h('p', {}, h('a', { href: '#/' }, '← All cameras')), title, facts, pageMessage, live, recordings.element,
    events.element);

  async function failed(what: string, e: unknown, target: HTMLElement): Promise<ApiFailure> {
    const f = await toFailure(what, e);
    if (f.status === 401 && !(e instanceof ApiFailure)) onUnauthorized('Your session ended: sign in again.');
    else say(target, f.message, 'error');
    return f;
  }

  // --- camera facts and live player ---
  void api.cameras.getCamera({ cameraId }).then((c: Camera) => {
    title.textContent = c.name;
    facts.textContent = `${STATUS_TEXT[c.status] ?? c.status} · ${c.zone ? `zone ${c.zone}` : 'no zone'} · serial ${c.serial}`;
    facts.dataset.status = c.status;
  }, (e) => failed('Loading the camera', e, pageMessage));

  const player = new LivePlayer(liveVideo,
    async () => {
      const p = await api.playback.createLivePlayback({ cameraId });
      return { url: p.url, token: p.token };
    },
    (state: LiveState, text: string) => {
      liveVideo.closest('.player')?.setAttribute('data-state', state);
      say(liveMessage, text, state === 'failed' || state === 'unsupported' ? 'error' : state === 'offline' ? 'info' : 'busy');
    });
  player.start();
  disposers.push(() => void player.stop());

  return { element, dispose: () => disposers.forEach((d) => d()) };
}
