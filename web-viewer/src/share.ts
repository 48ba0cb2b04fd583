// The share page: plays one camera's recorded window from a share link, without signing in.
import { h, say } from './dom';
import { ApiFailure, isExpired, nodeFetch, toFailure } from './errors';
import { RecordedPlayer } from './recorded';
import { parseShareFragment, windowOf } from './shareLink';
import { clock } from './time';
import { fetchTimeline, timelineUrl, TimelineView } from './timeline';

const message = document.getElementById('share-message') as HTMLElement;
const body = document.getElementById('share-body') as HTMLElement;
const video = document.getElementById('share-video') as HTMLVideoElement;
const details = document.getElementById('share-details') as HTMLElement;

async function start(): Promise<void> {
  const params = parseShareFragment(location.hash);
  const win = params && windowOf(params.playlist);
  if (!params || !win) {
    say(message, 'This link is incomplete: ask for a new one.', 'error');
    return;
  }
  say(message, 'Loading…', 'busy');
  try {
    // The node answers an expired or invalid link with 401 problem+json; check before playing.
    await nodeFetch('Opening the shared recording', params.playlist);
  } catch (e) {
    const f = e instanceof ApiFailure ? e : await toFailure('Opening the shared recording', e);
    say(message, isExpired(f) ? 'This link has expired.'
      : f.status === 401 ? 'This link is not valid.'
        : f.status === 404 ? 'No recordings in the shared window.' : f.message, 'error');
    return;
  }
  body.hidden = false;
  details.textContent = `${win.from.toLocaleDateString()} ${clock(win.from)}–${clock(win.to)}`
    + (params.expires ? ` · link valid until ${params.expires.toLocaleString()}` : '');
  const player = new RecordedPlayer(video, (text, tone) => say(message, text, tone));
  const range = { from: win.from, to: win.to };
  const view = new TimelineView(range, 'timeline-track', (t) => void player.play(params.playlist, t));
  document.getElementById('share-timeline')?.append(view.element);
  video.addEventListener('timeupdate', () => view.playhead(player.playingDate()));
  video.addEventListener('playing', () => say(message, ''), { once: true });
  if (params.clip) {
    document.getElementById('share-actions')?.append(
      h('a', { href: params.clip, download: 'zonecam-clip.mp4', class: 'button', 'data-testid': 'share-clip' }, 'Download this clip'));
  }
  try {
    const t = await fetchTimeline(timelineUrl(params.playlist, range, win.token), range);
    view.show(t, 'Recordings in the shared window');
    if (t.segments.length === 0) {
      say(message, 'No recordings in the shared window.', 'info');
      return;
    }
  } catch {
    // the timeline is a convenience here: play anyway
  }
  say(message, 'Loading…', 'busy');
  void player.play(params.playlist, win.from);
}

void start();
// A different link pasted into the same tab: start over with it.
window.addEventListener('hashchange', () => location.reload());
