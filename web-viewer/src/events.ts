// Camera events: sentences for them, the markers the timelines draw, and the events lists (a camera's, the
// organization's), all from GET /v1/events through the SDK.
import type { Event } from '@zonecam/sdk';
import { h, messageBox, say } from './dom';
import type { Report } from './recordings';
import type { Api } from './session';
import { clock, dateInputOf, type Range } from './time';

/** What an event's marker looks like: a problem (red), a recovery (green) or a note (blue). */
export type Tone = 'problem' | 'recovery' | 'note';

const REASONS: Record<string, string> = {
  'left-node': 'it stopped publishing',
  'node-dead': 'its node stopped responding',
  'camera-disconnected': 'the camera stopped publishing',
  'node-lost': 'its node stopped responding',
  'recording-failed': 'the node could not record it',
  drain: 'its node was drained',
  rebalance: 'the zone was rebalanced',
  rejoin: 'its node came back',
};

/** One sentence for an event, e.g. "Recording stopped: the node could not record it (disk full)." */
export function describeEvent(e: Event): string {
  const d = e.data ?? {};
  const why = d.reason ? REASONS[d.reason] ?? d.reason : '';
  const detail = d.detail ? ` (${d.detail.replace(/-/g, ' ')})` : '';
  switch (e.type) {
    case 'camera.online': return 'Camera started streaming.';
    case 'camera.offline': return `Camera went offline${why ? `: ${why}` : ''}.`;
    case 'camera.moved': return `Camera moved to another node${why ? `: ${why}` : ''}.`;
    case 'camera.reported': return `The camera reported ${d.kind ?? 'an event'}.`;
    case 'camera.bus.online': return 'Camera connected to the control bus.';
    case 'camera.bus.offline': return 'Camera disconnected from the control bus.';
    case 'recording.gap.begun': return `Recording stopped${why ? `: ${why}` : ''}${detail}.`;
    case 'recording.gap.ended': return d.since
      ? `Recording resumed after ${duration(e.occurredAt.getTime() - new Date(d.since).getTime())}.`
      : 'Recording resumed.';
    default: return e.type;
  }
}

/** How an event is drawn: what went wrong is a problem, its end a recovery, the rest notes. */
export function toneOf(type: string): Tone {
  if (type === 'camera.offline' || type === 'camera.bus.offline' || type === 'recording.gap.begun') return 'problem';
  if (type === 'camera.online' || type === 'camera.bus.online' || type === 'recording.gap.ended') return 'recovery';
  return 'note';
}

/** A short human duration: 45 s, 3 min 5 s, 2 h 10 min. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
}

/** EventMark is what a timeline draws for an event: its moment, type, tone and sentence. */
export interface EventMark {
  id: string;
  at: Date;
  type: string;
  tone: Tone;
  text: string;
}

export function markOf(e: Event): EventMark {
  return { id: e.id, at: e.occurredAt, type: e.type, tone: toneOf(e.type), text: describeEvent(e) };
}

/** Every event of a camera in a range, oldest first (pages of 200, at most `max`). */
export async function cameraEvents(api: Api, cameraId: string, range: Range, max = 1000): Promise<Event[]> {
  const all: Event[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.events.listEvents({ cameraId, from: range.from, to: range.to, limit: 200, cursor });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && all.length < max);
  return all.reverse();
}

/**
 * EventList shows events newest first, a page at a time with "Load more": a camera's (with their sentence) or the
 * organization's (with the camera's name, linked to its page). `data-count` holds the number shown.
 */
export class EventList {
  readonly element: HTMLElement;
  private readonly list = h('ol', { class: 'events', 'data-testid': 'event-list', 'data-count': '0' });
  private readonly message = messageBox('events-message');
  private readonly more = h('button', { type: 'button', hidden: true, 'data-testid': 'events-more' }, 'Load more events');
  private cursor: string | undefined;

  constructor(private readonly api: Api, private readonly failed: Report, private readonly scope: {
    cameraId?: string; names?: () => Map<string, string>; title: string;
  }) {
    this.element = h('section', { class: 'card', 'aria-label': scope.title },
      h('h3', {}, scope.title), this.message, this.list, this.more);
    this.more.addEventListener('click', () => void this.load(true));
  }

  /** Loads the newest page (append: the next one). */
  async load(append = false): Promise<void> {
    try {
      const page = await this.api.events.listEvents({ cameraId: this.scope.cameraId, limit: 50,
        cursor: append ? this.cursor : undefined });
      this.cursor = page.nextCursor;
      this.more.hidden = !this.cursor;
      const rows = page.items.map((e) => this.row(e));
      if (append) this.list.append(...rows);
      else this.list.replaceChildren(...rows);
      this.list.dataset.count = String(this.list.children.length);
      say(this.message, this.list.children.length === 0 ? 'No events yet.' : '');
    } catch (e) {
      await this.failed('Loading the events', e, this.message);
    }
  }

  private row(e: Event): HTMLElement {
    const when = e.occurredAt;
    const sameDay = dateInputOf(when) === dateInputOf(new Date());
    const name = e.cameraId ? this.scope.names?.().get(e.cameraId) : undefined;
    return h('li', { class: `event ${toneOf(e.type)}`, 'data-testid': 'event', 'data-type': e.type,
      'data-at': when.toISOString() },
      h('time', { datetime: when.toISOString() }, sameDay ? clock(when) : `${dateInputOf(when)} ${clock(when)}`),
      this.scope.cameraId || !e.cameraId ? null
        : h('a', { href: `#/cameras/${encodeURIComponent(e.cameraId)}`, class: 'event-camera' }, name ?? e.cameraId.slice(0, 8)),
      h('span', { class: 'event-text' }, describeEvent(e)));
  }
}
