// The day timeline: recorded ranges and gaps from the node's timeline endpoint, drawn on a clickable track.
import { h } from './dom';
import type { EventMark } from './events';
import { nodeFetch } from './errors';
import { clock, momentAt, place, type Range } from './time';

/** Timeline is the node's answer: the asked range, recorded segments and explicit gaps. */
export interface Timeline {
  range: Range;
  segments: Range[];
  gaps: Gap[];
}

/** Gap is time without playable media and, when the node says, why (e.g. no_recording). */
export interface Gap extends Range {
  reason?: string;
}

interface WireSpan { from: string; to: string; reason?: string }

function span(w: WireSpan): Gap {
  return w.reason ? { from: new Date(w.from), to: new Date(w.to), reason: w.reason }
    : { from: new Date(w.from), to: new Date(w.to) };
}

/** The timeline URL of the node that serves a recorded playlist URL ({node}/hls/cameras/{id}/index.m3u8?...). */
export function timelineUrl(playlistUrl: string, range: Range, token: string): string {
  const u = new URL(playlistUrl);
  const m = /\/hls\/cameras\/([^/]+)\//.exec(u.pathname);
  if (!m) throw new Error(`not a Zonecam playlist URL: ${u.pathname}`);
  const base = u.pathname.slice(0, m.index);
  const q = new URLSearchParams({ from: range.from.toISOString(), to: range.to.toISOString(), token });
  return `${u.origin}${base}/recordings/cameras/${m[1]}/timeline?${q}`;
}

/** Parses the node's timeline JSON. */
export function parseTimeline(json: unknown, asked: Range): Timeline {
  const j = json as { from?: string; to?: string; segments?: WireSpan[]; gaps?: WireSpan[] };
  return {
    range: j.from && j.to ? { from: new Date(j.from), to: new Date(j.to) } : asked,
    segments: (j.segments ?? []).map(span),
    gaps: (j.gaps ?? []).map(span),
  };
}

export async function fetchTimeline(url: string, asked: Range): Promise<Timeline> {
  const r = await nodeFetch('Loading the recordings timeline', url);
  return parseTimeline(await r.json(), asked);
}

/** The gaps worth drawing: those between the first and the last recording (before and after is just "nothing"). */
export function innerGaps(t: Timeline): Gap[] {
  if (t.segments.length === 0) return [];
  const first = Math.min(...t.segments.map((s) => s.from.getTime()));
  const last = Math.max(...t.segments.map((s) => s.to.getTime()));
  return t.gaps
    .map((g) => ({ ...g, from: new Date(Math.max(g.from.getTime(), first)), to: new Date(Math.min(g.to.getTime(), last)) }))
    .filter((g) => g.to > g.from);
}

/** The tick spacing for a span: the roundest step that gives at most nine ticks. */
export function tickStep(spanMs: number): number {
  const steps = [3 * 3_600_000, 3_600_000, 900_000, 300_000, 60_000, 15_000, 5_000, 1_000];
  let best = steps[0];
  for (const s of steps) {
    if (spanMs / s <= 9) best = s;
  }
  return best;
}

/** TimelineView draws one range (a day, or an hour zoomed in) with its recordings and reports clicked moments. */
export class TimelineView {
  readonly element: HTMLElement;
  private readonly track: HTMLElement;
  private readonly head: HTMLElement;
  private readonly ticks: HTMLElement;
  private range: Range;
  private data: Timeline | null = null;
  private marks: EventMark[] = [];

  /**
   * `onHover` hears the moment under the pointer and its fraction of the track (null when it leaves); over an event
   * marker, the event's own moment and the marker.
   */
  constructor(range: Range, testId: string, onPick: (t: Date) => void,
    onHover?: (t: Date | null, fraction: number, mark?: EventMark) => void) {
    this.range = range;
    this.head = h('div', { class: 'playhead', hidden: true });
    // Pointer-only: the time field next to it and the sentence under it serve keyboards and screen readers.
    this.track = h('div', { class: 'track', 'data-testid': testId, title: 'Click to play from here', 'aria-hidden': 'true' },
      this.head);
    this.ticks = h('div', { class: 'ticks', 'aria-hidden': 'true' });
    this.element = h('div', { class: 'timeline' }, this.track, this.ticks);
    // A click plays from the moment under the pointer, marker or not: on the day track a marker spans minutes.
    this.track.addEventListener('click', (e) => {
      const box = this.track.getBoundingClientRect();
      onPick(momentAt(this.range, (e.clientX - box.left) / box.width));
    });
    if (onHover) {
      this.track.addEventListener('pointermove', (e) => {
        const box = this.track.getBoundingClientRect();
        const mark = this.markAt(e.target);
        if (mark) {
          // Over a marker the preview shows the event's moment, wherever in the marker the pointer is.
          const span = this.range.to.getTime() - this.range.from.getTime();
          onHover(mark.at, (mark.at.getTime() - this.range.from.getTime()) / span, mark);
          return;
        }
        const fraction = (e.clientX - box.left) / box.width;
        onHover(momentAt(this.range, fraction), fraction);
      });
      this.track.addEventListener('pointerleave', () => onHover(null, 0));
    }
    this.setRange(range);
  }

  /** Shows another range (the data stays). */
  setRange(range: Range): void {
    this.range = range;
    this.track.dataset.from = range.from.toISOString();
    this.track.dataset.to = range.to.toISOString();
    this.redraw();
  }

  get shown(): Range {
    return this.range;
  }

  show(t: Timeline, label: string): void {
    this.data = t;
    this.track.dataset.label = label;
    this.redraw();
  }

  /** Draws these events as markers (the timeline data stays). */
  showEvents(marks: EventMark[]): void {
    this.marks = marks;
    this.redraw();
  }

  private markAt(target: EventTarget | null): EventMark | undefined {
    const el = target instanceof Element ? target.closest<HTMLElement>('.event-mark') : null;
    return el ? this.marks.find((m) => m.id === el.dataset.id) : undefined;
  }

  private redraw(): void {
    this.track.querySelectorAll('.seg, .gap, .event-mark').forEach((n) => n.remove());
    let shown = 0;
    for (const m of this.marks) {
      const p = place(this.range, { from: m.at, to: new Date(m.at.getTime() + 1) });
      if (!p) continue;
      shown++;
      this.track.append(h('div', { class: `event-mark ${m.tone}`, style: `left:${p.left}%`, title: `${clock(m.at)} ${m.text}`,
        'data-testid': 'event-marker', 'data-id': m.id, 'data-type': m.type, 'data-at': m.at.toISOString() }));
    }
    this.track.dataset.events = String(shown);
    const t = this.data;
    if (t) {
      const draw = (s: Gap, cls: string, title: string) => {
        const p = place(this.range, s);
        if (!p) return;
        this.track.append(h('div', {
          class: cls, style: `left:${p.left}%;width:${Math.max(p.width, 0.15)}%`,
          title: `${title} ${clock(s.from)}–${clock(s.to)}`,
          'data-from': s.from.toISOString(), 'data-to': s.to.toISOString(), 'data-reason': s.reason,
        }));
      };
      const gaps = innerGaps(t);
      gaps.forEach((g) => draw(g, 'gap', g.reason ? `Gap (${g.reason.replace(/_/g, ' ')})` : 'Gap'));
      this.track.dataset.gaps = String(gaps.length);
      t.segments.forEach((s) => draw(s, 'seg', 'Recorded'));
      this.track.dataset.segments = String(t.segments.length);
      const latest = Math.max(...t.segments.map((seg) => seg.to.getTime()));
      if (t.segments.length > 0) this.track.dataset.latest = new Date(latest).toISOString();
    }
    this.drawTicks();
  }

  /** Moves the playhead to a moment, or hides it. */
  playhead(t: Date | null): void {
    const p = t ? place(this.range, { from: t, to: new Date(t.getTime() + 1) }) : null;
    this.head.hidden = !p;
    if (p) this.head.style.left = `${p.left}%`;
  }

  private drawTicks(): void {
    this.ticks.replaceChildren();
    const from = this.range.from.getTime();
    const span = this.range.to.getTime() - from;
    const step = tickStep(span);
    // Ticks on round local times (the day view's run from midnight, the hour view's from a quarter).
    const local = from - this.range.from.getTimezoneOffset() * 60_000;
    for (let t = from + ((step - (local % step)) % step); t <= from + span; t += step) {
      const label = clock(new Date(t));
      this.ticks.append(h('span', { style: `left:${((t - from) / span) * 100}%` }, step < 60_000 ? label : label.slice(0, 5)));
    }
  }
}
