// Still pictures: camera thumbnails (grid), the thumbnail under the timeline pointer, and snapshot downloads.
import { h } from './dom';
import { ApiFailure, describeProblem, problemOf } from './errors';
import { clock, dateInputOf, type Range } from './time';

/**
 * The timeline thumbnail URL of a moment: a recorded playback's `thumbnailsUrl` with `at` appended, or null when the
 * moment lies outside the range its token opens (the node would refuse it).
 */
export function thumbnailAt(thumbnailsUrl: string, range: Range, at: Date): string | null {
  if (at < range.from || at > range.to) return null;
  const u = new URL(thumbnailsUrl);
  u.searchParams.set('at', at.toISOString());
  return u.toString();
}

/** The file name of a downloaded snapshot: camera, local day and time of the picture. */
export function snapshotFileName(cameraId: string, at: Date, format: 'jpeg' | 'webp'): string {
  return `zonecam-${cameraId.slice(0, 8)}-${dateInputOf(at)}-${clock(at).replace(/:/g, '')}.${format === 'jpeg' ? 'jpg' : 'webp'}`;
}

/** Debounced is a function that runs only once calls to it have paused for its delay; cancel() drops a pending run. */
export type Debounced<A extends unknown[]> = ((...args: A) => void) & { cancel: () => void };

export function debounce<A extends unknown[]>(fn: (...args: A) => void, delayMs: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), delayMs);
  };
  return Object.assign(run, { cancel: () => clearTimeout(timer) });
}

/**
 * Thumbnail is a picture slot: a new URL is loaded off-screen and swapped in only once it has loaded, so refreshes
 * never blank it; no picture (the node's 404 while it has none, or any failure) shows a quiet placeholder.
 * `data-state` is `loading`, `shown` or `none`.
 */
export class Thumbnail {
  readonly element: HTMLElement;
  private img: HTMLImageElement | null = null;
  private readonly placeholder: HTMLElement;
  private wanted: string | null = null;

  constructor(testId: string, private readonly alt: string) {
    this.placeholder = h('span', { class: 'no-picture' }, 'No picture');
    this.element = h('span', { class: 'thumb', 'data-testid': testId, 'data-state': 'loading' }, this.placeholder);
  }

  show(url: string | null | undefined): void {
    this.wanted = url ?? null;
    if (!url) {
      this.none();
      return;
    }
    const next = h('img', { alt: this.alt, decoding: 'async' });
    next.addEventListener('load', () => {
      if (this.wanted !== url) return; // a newer URL was asked for meanwhile
      if (this.img) this.img.replaceWith(next);
      else this.element.prepend(next);
      this.img = next;
      this.placeholder.hidden = true;
      this.element.dataset.state = 'shown';
    });
    next.addEventListener('error', () => {
      if (this.wanted === url) this.none();
    });
    next.src = url;
  }

  private none(): void {
    this.img?.remove();
    this.img = null;
    this.placeholder.hidden = false;
    this.element.dataset.state = 'none';
  }
}

/** Where timeline thumbnails come from: the URL without `at` and the range its token opens; null while unknown. */
export type ThumbnailSource = () => { url: string; range: Range } | null;

/**
 * ScrubPreview shows, above a timeline track, the thumbnail of the moment under the pointer and its time. The time
 * follows the pointer at once; the picture is asked for only once the pointer rests (debounced), so a sweep across
 * the day costs one request, not one per pixel.
 */
export class ScrubPreview {
  readonly element: HTMLElement;
  private readonly picture = new Thumbnail('scrub-thumbnail', 'Recording at the pointer');
  private readonly label = h('span', { class: 'scrub-time', 'data-testid': 'scrub-time' });
  private readonly note = h('span', { class: 'scrub-note', 'data-testid': 'scrub-note', hidden: true });
  private readonly load: Debounced<[Date]>;

  constructor(source: ThumbnailSource, delayMs = 150) {
    this.element = h('div', { class: 'scrub', hidden: true, 'aria-hidden': 'true' }, this.picture.element, this.label,
      this.note);
    this.load = debounce((t: Date) => {
      const s = source();
      this.picture.show(s ? thumbnailAt(s.url, s.range, t) : null);
    }, delayMs);
  }

  /**
   * The pointer is over `t`, at `fraction` (0..1) of the track's width; null: it left the track. `note` (an event's
   * sentence, over its marker) is shown under the time.
   */
  hover(t: Date | null, fraction: number, note?: string): void {
    if (!t) {
      this.load.cancel();
      this.element.hidden = true;
      return;
    }
    this.element.hidden = false;
    this.element.style.left = `${Math.min(Math.max(fraction, 0), 1) * 100}%`;
    this.label.textContent = clock(t);
    this.note.textContent = note ?? '';
    this.note.hidden = !note;
    this.element.dataset.event = note ? 'yes' : '';
    this.load(t);
  }
}

/**
 * Downloads a signed picture URL as a file. `missing`: the node has no picture there (404); `opened`: the picture
 * could not be read from this page (e.g. the node allows no cross-origin reads), so it opened in a new tab instead.
 */
export async function downloadPicture(url: string, name: string): Promise<'saved' | 'missing' | 'opened'> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    window.open(url, '_blank', 'noopener');
    return 'opened';
  }
  if (response.status === 404) return 'missing';
  if (!response.ok) {
    const p = await problemOf(response);
    throw new ApiFailure(describeProblem('Loading the picture', p), p.status, p);
  }
  const href = URL.createObjectURL(await response.blob());
  const link = h('a', { href, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return 'saved';
}
