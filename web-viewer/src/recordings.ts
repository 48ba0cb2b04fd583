// The recordings part of a camera page: the day timeline with an hour zoom and thumbnails under the pointer,
// recorded playback, snapshots, clips and share links.
import { SnapshotFormat, SnapshotSize } from '@zonecam/sdk';
import { h, messageBox, say } from './dom';
import { RecordedPlayer } from './recorded';
import type { Api } from './session';
import { atTimeOfDay, clock, dateInputOf, dayRange, firstRecordedAtOrAfter, hourAround, overlaps, timeInputOf, wholeSeconds,
  type Range } from './time';
import { cameraEvents, markOf } from './events';
import { downloadPicture, ScrubPreview, snapshotFileName } from './pictures';
import { fetchTimeline, timelineUrl, TimelineView, type Timeline } from './timeline';

const MAX_PLAY_WINDOW_MS = 3_600_000;

/** Report shows a failed call's message in a target element (or ends the session on a refused credential). */
export type Report = (what: string, e: unknown, target: HTMLElement) => Promise<unknown>;

/** One sentence about a day's recordings, for everyone and for screen readers (the tracks are pointer-only). */
function describeRecordings(t: Timeline): string {
  const n = t.segments.length;
  const first = t.segments[0].from;
  const last = t.segments[n - 1].to;
  return `Recorded ${clock(first)}–${clock(last)}` + (n > 1 ? ` in ${n} parts.` : '.');
}

/** Builds the section; dispose() stops its player and refresh timer. */
export function recordingsSection(api: Api, cameraId: string, failed: Report): { element: HTMLElement; dispose: () => void } {
  const disposers: (() => void)[] = [];
  const today = new Date();
  const dayInput = h('input', { type: 'date', id: 'day', value: dateInputOf(today), max: dateInputOf(today) });
  const timelineMessage = messageBox('timeline-message');
  const recordedVideo = h('video', { 'data-testid': 'recorded-video', muted: true, playsinline: true, controls: true,
    'aria-label': 'Recorded video' });
  recordedVideo.muted = true;
  const recordedMessage = messageBox('recorded-message');
  recordedMessage.classList.add('overlay');
  say(recordedMessage, 'Pick a moment on the timeline, or enter a time, to play the recording.');
  const wallclock = h('p', { class: 'wallclock', 'data-testid': 'recorded-clock', 'aria-live': 'off' });
  const playAt = h('input', { type: 'time', step: '1', id: 'play-at' });
  const playButton = h('button', { type: 'button', 'data-testid': 'play-from' }, 'Play from this time');
  const snapshotButton = h('button', { type: 'button', 'data-testid': 'save-snapshot' }, 'Save snapshot');
  const snapshotMessage = messageBox('snapshot-message');
  const clipFrom = h('input', { type: 'time', step: '1', id: 'clip-from' });
  const clipTo = h('input', { type: 'time', step: '1', id: 'clip-to' });
  const clipButton = h('button', { type: 'button', 'data-testid': 'download-clip' }, 'Download clip');
  const clipMessage = messageBox('clip-message');
  const expiry = h('select', { id: 'share-expiry' },
    h('option', { value: '60' }, '1 minute'), h('option', { value: '3600' }, '1 hour'),
    h('option', { value: '86400', selected: true }, '1 day'), h('option', { value: '604800' }, '7 days'));
  const shareButton = h('button', { type: 'button', 'data-testid': 'create-share' }, 'Create share link');
  const shareMessage = messageBox('share-message');
  const shareOutput = h('input', { type: 'text', readonly: true, id: 'share-url', 'data-testid': 'share-url', hidden: true,
    'aria-label': 'Share link' });

  let day: Range = dayRange(dayInput.value);
  let timeline: Timeline | null = null;
  let zoomPicked = false; // the zoom follows the latest recording until someone picks a moment
  const pick = (t: Date) => {
    zoomPicked = true;
    playAt.value = timeInputOf(t);
    zoomView.setRange(hourAround(t, day));
    void playFrom(t);
  };
  // The day's thumbnails ride on the timeline's recorded playback (its token opens the day so far).
  let thumbnails: { url: string; range: Range; expiresAt: Date } | null = null;
  const thumbnailSource = () => {
    if (thumbnails && thumbnails.expiresAt.getTime() - Date.now() < 5_000) {
      thumbnails = null;
      void loadTimeline(); // renews the token for the next rest of the pointer
    }
    return thumbnails;
  };
  const dayPreview = new ScrubPreview(thumbnailSource);
  const zoomPreview = new ScrubPreview(thumbnailSource);
  // Over an event marker the preview shows the thumbnail at the event's moment and says what happened.
  const timelineView = new TimelineView(day, 'timeline-track', pick, (t, f, m) => dayPreview.hover(t, f, m?.text));
  const zoomView = new TimelineView(hourAround(new Date(), day), 'timeline-zoom', pick,
    (t, f, m) => zoomPreview.hover(t, f, m?.text));
  timelineView.element.append(dayPreview.element);
  zoomView.element.append(zoomPreview.element);
  let windowEnd = new Date();
  const recorded = new RecordedPlayer(recordedVideo, (text, tone) => say(recordedMessage, text, tone),
    async (from) => (await api.playback.createRecordedPlayback({ cameraId,
      recordedPlaybackRequest: { from: wholeSeconds(from), to: windowEnd } })).url);
  disposers.push(() => recorded.destroy());
  recordedVideo.addEventListener('timeupdate', () => {
    const d = recorded.playingDate();
    timelineView.playhead(d);
    zoomView.playhead(d);
    wallclock.textContent = d ? `Playing ${clock(d)}` : '';
  });

  const element = h('section', { 'aria-labelledby': 'rec-title', class: 'card' },
    h('h3', { id: 'rec-title' }, 'Recordings'),
    h('div', { class: 'row' }, h('label', { for: 'day' }, 'Day'), dayInput),
    timelineView.element, h('p', { class: 'zoom-label' }, 'One hour around the moment:'), zoomView.element,
    h('p', { class: 'legend' },
      h('span', { class: 'key seg' }), ' recorded ', h('span', { class: 'key gap' }), ' gap ',
      h('span', { class: 'key mark problem' }), ' problem ', h('span', { class: 'key mark recovery' }), ' recovery ',
      h('span', { class: 'key mark note' }), ' other event'),
    timelineMessage,
    h('div', { class: 'row' }, h('label', { for: 'play-at' }, 'Time'), playAt, playButton, snapshotButton),
    snapshotMessage,
    h('div', { class: 'player', 'data-testid': 'recorded-player' }, recordedVideo, recordedMessage), wallclock,
    h('h4', {}, 'Clip and share'),
    h('div', { class: 'row' }, h('label', { for: 'clip-from' }, 'From'), clipFrom,
      h('label', { for: 'clip-to' }, 'to'), clipTo, clipButton),
    clipMessage,
    h('div', { class: 'row' }, h('label', { for: 'share-expiry' }, 'Link works for'), expiry, shareButton),
    shareMessage, shareOutput);

  async function loadTimeline(): Promise<void> {
    const now = new Date();
    if (day.from > now) {
      say(timelineMessage, 'That day is in the future: pick today or an earlier day.', 'error');
      return;
    }
    const asked: Range = { from: day.from, to: day.to < now ? day.to : wholeSeconds(now) };
    try {
      const p = await api.playback.createRecordedPlayback({ cameraId, recordedPlaybackRequest: asked });
      timeline = await fetchTimeline(timelineUrl(p.url, asked, p.token), asked);
      thumbnails = p.thumbnailsUrl ? { url: p.thumbnailsUrl, range: asked, expiresAt: p.expiresAt } : null;
      timelineView.setRange(day);
      timelineView.show(timeline, `Recordings on ${dayInput.value}`);
      if (!zoomPicked) {
        const latest = timeline.segments.reduce<Date | null>((m, seg) => (!m || seg.to > m ? seg.to : m), null);
        zoomView.setRange(hourAround(latest ?? asked.to, day));
      }
      zoomView.show(timeline, `Recordings from ${clock(zoomView.shown.from)} to ${clock(zoomView.shown.to)}`);
      say(timelineMessage, timeline.segments.length === 0 ? 'No recordings on this day.' : describeRecordings(timeline));
    } catch (e) {
      timeline = null;
      const none = { range: day, segments: [], gaps: [] };
      timelineView.show(none, `Recordings on ${dayInput.value}`);
      zoomView.show(none, 'Recordings');
      await failed('Loading the recordings timeline', e, timelineMessage);
    }
    await loadEvents();
  }

  /** The day's events as markers on both tracks (their failure is told, the recordings stay). */
  async function loadEvents(): Promise<void> {
    try {
      const marks = (await cameraEvents(api, cameraId, day)).map(markOf);
      timelineView.showEvents(marks);
      zoomView.showEvents(marks);
    } catch (e) {
      await failed('Loading the events', e, timelineMessage);
    }
  }

  async function playFrom(t: Date): Promise<void> {
    const now = new Date();
    say(recordedMessage, '');
    if (t >= now) {
      say(recordedMessage, 'That moment has not been recorded yet: pick an earlier time.', 'error');
      return;
    }
    let start = wholeSeconds(t);
    if (timeline && !firstRecordedAtOrAfter(timeline.segments, start, day.to)) {
      await loadTimeline(); // the moment may be newer than the timeline on screen
    }
    if (timeline) {
      const next = firstRecordedAtOrAfter(timeline.segments, start, day.to);
      if (!next) {
        recorded.destroy();
        say(recordedMessage, `No recordings at or after ${clock(t)} on this day.`, 'info');
        return;
      }
      start = wholeSeconds(next);
    }
    const end = new Date(Math.min(start.getTime() + MAX_PLAY_WINDOW_MS, day.to.getTime(), now.getTime()));
    if (end <= start) {
      say(recordedMessage, 'No recordings in this range.', 'info');
      return;
    }
    try {
      say(recordedMessage, 'Loading…', 'busy');
      const p = await api.playback.createRecordedPlayback({ cameraId, recordedPlaybackRequest: { from: start, to: end } });
      windowEnd = end;
      recordedVideo.addEventListener('playing', () => say(recordedMessage, ''), { once: true });
      void recorded.play(p.url, start);
      if (!clipFrom.value) {
        clipFrom.value = timeInputOf(start);
        clipTo.value = timeInputOf(new Date(Math.min(start.getTime() + 60_000, end.getTime())));
      }
    } catch (e) {
      await failed('Loading the recording', e, recordedMessage);
    }
  }

  function clipRange(target: HTMLElement): Range | null {
    const from = atTimeOfDay(day.from, clipFrom.value);
    const to = atTimeOfDay(day.from, clipTo.value);
    if (!from || !to) {
      say(target, 'Enter a start and an end time.', 'error');
      return null;
    }
    if (to <= from) {
      say(target, 'The end time must be after the start time.', 'error');
      return null;
    }
    if (from >= new Date()) {
      say(target, 'The start time is in the future.', 'error');
      return null;
    }
    return { from, to };
  }

  async function downloadClip(): Promise<void> {
    const range = clipRange(clipMessage);
    if (!range) return;
    if (timeline && !timeline.segments.some((s) => overlaps(s, range))) {
      say(clipMessage, `No recordings between ${clock(range.from)} and ${clock(range.to)}.`, 'info');
      return;
    }
    try {
      const p = await api.playback.createRecordedPlayback({ cameraId, recordedPlaybackRequest: range });
      if (!p.clipUrl) throw new Error('The server returned no clip URL.');
      const name = `zonecam-${cameraId.slice(0, 8)}-${dateInputOf(range.from)}-${clock(range.from).replace(/:/g, '')}.mp4`;
      const link = h('a', { href: p.clipUrl, download: name, 'data-testid': 'clip-link' }, `Download ${name} again`);
      clipMessage.replaceChildren();
      say(clipMessage, `Clip ${clock(range.from)}–${clock(range.to)} is downloading. `);
      clipMessage.append(link);
      link.click();
    } catch (e) {
      await failed('Preparing the clip', e, clipMessage);
    }
  }

  /** Saves the exact picture at the position on screen (or the time entered) as a JPEG file. */
  async function saveSnapshot(): Promise<void> {
    const at = recorded.playingDate() ?? atTimeOfDay(day.from, playAt.value);
    if (!at) {
      say(snapshotMessage, 'Play the recording or enter a time first.', 'error');
      return;
    }
    if (at >= new Date()) {
      say(snapshotMessage, 'That moment has not been recorded yet: pick an earlier time.', 'error');
      return;
    }
    try {
      say(snapshotMessage, `Taking the picture at ${clock(at)}…`, 'busy');
      const s = await api.pictures.createSnapshot({ cameraId,
        snapshotRequest: { at, exact: true, size: SnapshotSize.Full, format: SnapshotFormat.Jpeg } });
      const outcome = await downloadPicture(s.url, snapshotFileName(cameraId, at, 'jpeg'));
      say(snapshotMessage, outcome === 'missing' ? `No picture at ${clock(at)}: nothing was recorded then.`
        : outcome === 'opened' ? `The picture at ${clock(at)} opened in a new tab.`
          : `Saved the picture at ${clock(at)}.`);
    } catch (e) {
      await failed('Taking the snapshot', e, snapshotMessage);
    }
  }

  async function createShare(): Promise<void> {
    const range = clipRange(shareMessage);
    if (!range) return;
    shareOutput.hidden = true;
    try {
      const link = await api.playback.createShareLink({ cameraId, shareRequest: {
        from: range.from, to: range.to, expiresInSeconds: Number(expiry.value) } });
      shareOutput.value = link.url;
      shareOutput.hidden = false;
      say(shareMessage, `Anyone with this link can watch ${clock(range.from)}–${clock(range.to)} until ${link.expiresAt.toLocaleString()}.`);
      shareOutput.select();
    } catch (e) {
      await failed('Creating the share link', e, shareMessage);
    }
  }

  dayInput.addEventListener('change', () => {
    try {
      day = dayRange(dayInput.value);
      zoomPicked = false;
    } catch {
      say(timelineMessage, 'Pick a day.', 'error');
      return;
    }
    void loadTimeline();
  });
  playButton.addEventListener('click', () => {
    const t = atTimeOfDay(day.from, playAt.value);
    if (!t) say(recordedMessage, 'Enter a time to play from.', 'error');
    else pick(t);
  });
  clipButton.addEventListener('click', () => void downloadClip());
  snapshotButton.addEventListener('click', () => void saveSnapshot());
  shareButton.addEventListener('click', () => void createShare());

  void loadTimeline();
  const refresh = setInterval(() => {
    if (day.to > new Date()) void loadTimeline();
  }, 30000);
  disposers.push(() => clearInterval(refresh));

  return { element, dispose: () => disposers.forEach((d) => d()) };
}
