// RecordedPlayer plays a recorded HLS playlist with hls.js, starting at a wall-clock moment (EXT-X-PROGRAM-DATE-TIME).
import type Hls from 'hls.js';
import type { ErrorData, LevelLoadedData } from 'hls.js';

/** Loads hls.js on first use, so the grid and live pages never download it. */
let hlsModule: Promise<typeof Hls> | null = null;
function loadHls(): Promise<typeof Hls> {
  hlsModule ??= import('hls.js').then((m) => m.default);
  return hlsModule;
}

/** Where a wall-clock moment lies in the playlist's media time, from the fragments' program date times. */
export function mediaTimeOf(fragments: { start: number; duration: number; programDateTime: number | null }[],
  wallClockMs: number): number {
  let candidate = 0;
  for (const f of fragments) {
    if (f.programDateTime === null) continue;
    if (wallClockMs < f.programDateTime) return f.start; // inside a gap: the next recorded fragment
    if (wallClockMs < f.programDateTime + f.duration * 1000) {
      return f.start + (wallClockMs - f.programDateTime) / 1000;
    }
    candidate = f.start + f.duration;
  }
  return candidate;
}

export class RecordedPlayer {
  private hls: Hls | null = null;
  private generation = 0;

  private renewedAt = 0;

  /**
   * @param renew gives a fresh playlist URL from a moment on, when the node refuses an expired token mid-playback
   */
  constructor(
    private readonly video: HTMLVideoElement,
    private readonly onMessage: (text: string, tone: 'info' | 'error') => void,
    private readonly renew?: (from: Date) => Promise<string>,
  ) {
    video.addEventListener('timeupdate', () => {
      const d = this.playingDate();
      if (d) video.dataset.wallclock = d.toISOString();
    });
  }

  /** Loads a playlist and plays from a wall-clock moment (its start when null). */
  async play(url: string, from: Date | null): Promise<void> {
    this.destroy();
    const mine = ++this.generation;
    let Hls: typeof import('hls.js').default;
    try {
      Hls = await loadHls();
    } catch {
      this.onMessage('The video player could not be loaded; reload the page.', 'error');
      return;
    }
    if (mine !== this.generation) return;
    if (!Hls.isSupported()) {
      this.onMessage('This browser cannot play recordings (no Media Source Extensions).', 'error');
      return;
    }
    // Muted autoplay: playback starts as soon as the first fragment is buffered, whatever play() raced with.
    this.video.muted = true;
    this.video.autoplay = true;
    const hls = new Hls({ autoStartLoad: false, enableWorker: true });
    this.hls = hls;
    let started = false;
    let mediaRecoveries = 0;
    hls.on(Hls.Events.LEVEL_LOADED, (_e, data: LevelLoadedData) => {
      if (started) return;
      started = true;
      const frags = data.details.fragments;
      if (frags.length === 0) {
        this.onMessage('No recordings in this range.', 'info');
        return;
      }
      const at = from ? mediaTimeOf(frags, from.getTime()) : 0;
      hls.startLoad(at);
      void this.video.play().catch(() => undefined);
    });
    hls.on(Hls.Events.ERROR, (_e, data: ErrorData) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaRecoveries++ < 2) {
        hls.recoverMediaError();
        return;
      }
      const code = data.response?.code ?? 0;
      const at = this.playingDate() ?? from;
      if (code === 401 && this.renew && at && performance.now() - this.renewedAt > 10000) {
        this.renewedAt = performance.now();
        this.destroy();
        this.renew(at).then((fresh) => this.play(fresh, at),
          () => this.onMessage('The recording could not be reopened; pick the moment again.', 'error'));
        return;
      }
      this.onMessage(code === 404 ? 'No recordings in this range.'
        : code === 401 ? 'The playback link is no longer valid; pick the moment again.'
          : `The recorded video could not be played (${data.details}${code ? `, HTTP ${code}` : ''}).`, 'error');
      this.destroy();
    });
    hls.loadSource(url);
    hls.attachMedia(this.video);
  }

  /** The wall-clock moment on screen, when the playlist carries program date times. */
  playingDate(): Date | null {
    return this.hls?.playingDate ?? null;
  }

  destroy(): void {
    this.generation++;
    this.hls?.destroy();
    this.hls = null;
  }
}
