// LivePlayer keeps a camera's live video playing: it reconnects with a fresh playback URL when the peer
// connection fails, the node drops the session, or frames stop arriving (the camera moved to another node).
import { ApiFailure, toFailure } from './errors';
import { closeWhep, framesDecoded, openWhep, type WhepSession } from './whep';

/**
 * LiveState is what the player shows: connecting, playing, reconnecting, offline, failed, or unsupported (the camera
 * streams, but in a form browsers cannot play live: the message says what to change on the camera).
 */
export type LiveState = 'connecting' | 'playing' | 'reconnecting' | 'offline' | 'failed' | 'unsupported' | 'stopped';

/** LiveUrl is a WHEP endpoint and its bearer token, as the control plane hands them out. */
export interface LiveUrl {
  url: string;
  token: string;
}

/** Tunables of the player; the defaults suit people, tests may shorten them. */
export interface LiveOptions {
  /** How long a new session may take to show its first frame. */
  firstFrameMs: number;
  /** How long frames may stop before the session counts as lost. */
  stallMs: number;
  /** How long a disconnected peer connection may take to come back. */
  disconnectedMs: number;
  /** Failed attempts in a row after which the camera is reported offline. */
  offlineAfter: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = { firstFrameMs: 10000, stallMs: 2500, disconnectedMs: 2000, offlineAfter: 3 };

/** The delay before reconnect attempt n (0-based): 0.5 s, 1 s, 2 s, then 4 s. */
export function backoffMs(attempt: number): number {
  return Math.min(4000, 500 * 2 ** attempt);
}

/** Whether a failure means "no live video there right now" rather than a fault worth showing as one. */
export function meansOffline(f: ApiFailure): boolean {
  return f.status === 404 || f.status === 409;
}

/** The node's answer for a camera that sends B-frames (stream-node/webrtc/SFU.md, "B-frames"). */
const B_FRAMES_PROBLEM = '/whep-camera-has-b-frames';

/**
 * The camera's own settings keep it from live view (it sends B-frames): the problem's detail says what to change.
 * Retrying goes on, slowly, so the picture comes once the camera is set right.
 */
export function needsCameraSettings(f: ApiFailure): boolean {
  return f.problem?.type?.endsWith(B_FRAMES_PROBLEM) === true;
}

/** Whether retrying cannot help: the viewer's own credential or request is refused. */
export function isFatal(f: ApiFailure, fromControlPlane: boolean): boolean {
  return fromControlPlane && (f.status === 401 || f.status === 403 || f.status === 400);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class LivePlayer {
  private stopped = false;
  private session: WhepSession | null = null;
  private token = '';
  private wake: (() => void) | null = null;
  reconnects = 0;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly fresh: () => Promise<LiveUrl>,
    private readonly onState: (state: LiveState, message: string) => void,
    private readonly options: LiveOptions = DEFAULT_LIVE_OPTIONS,
  ) {}

  start(): void {
    void this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.teardown();
    this.onState('stopped', '');
  }

  private async run(): Promise<void> {
    let failures = 0;
    let first = true;
    let offline = false;
    while (!this.stopped) {
      if (!offline) this.onState(first ? 'connecting' : 'reconnecting', first ? 'Connecting…' : 'Reconnecting…');
      let fromControlPlane = true;
      try {
        const live = await this.fresh();
        fromControlPlane = false;
        this.token = live.token;
        this.session = await openWhep(live.url, live.token);
        const reason = await this.watch(this.session);
        if (reason === 'stopped') return;
        if (reason === 'lost') {
          failures = 0;
          offline = false;
        } else if (++failures >= this.options.offlineAfter) {
          offline = true;
          this.onState('offline', 'No video from the camera right now. Retrying…');
        }
      } catch (e) {
        const f = await toFailure('Live view', e);
        if (isFatal(f, fromControlPlane)) {
          this.onState('failed', f.message);
          await this.teardown();
          return;
        }
        failures++;
        if (needsCameraSettings(f)) {
          offline = true;
          this.onState('unsupported', f.problem?.detail ?? f.message);
        } else if (failures >= this.options.offlineAfter || meansOffline(f)) {
          offline = true;
          this.onState('offline', meansOffline(f)
            ? 'No live video right now: the camera is offline or not streaming. Retrying…'
            : `${f.message} Retrying…`);
        }
      }
      await this.teardown();
      if (this.stopped) return;
      first = false;
      this.reconnects++;
      this.video.dataset.reconnects = String(this.reconnects);
      await sleep(backoffMs(Math.max(0, failures - 1)));
    }
  }

  /** Plays a session until it ends: lost after playing, never played (no frames in time), or stopped. */
  private watch(session: WhepSession): Promise<'lost' | 'noframes' | 'stopped'> {
    return new Promise((resolve) => {
      let last = -1;
      let lastChange = performance.now();
      let deadline = this.options.firstFrameMs;
      let disconnectedAt = 0;
      let playing = false;
      const finish = (why: 'lost' | 'stopped') => {
        clearInterval(timer);
        this.wake = null;
        resolve(why === 'lost' && !playing ? 'noframes' : why);
      };
      this.wake = () => finish('stopped');
      const tick = async () => {
        if (this.stopped) return finish('stopped');
        const state = session.pc.connectionState;
        if (state === 'failed' || state === 'closed') return finish('lost');
        const now = performance.now();
        if (state === 'disconnected') {
          disconnectedAt ||= now;
          if (now - disconnectedAt > this.options.disconnectedMs) return finish('lost');
        } else {
          disconnectedAt = 0;
        }
        let frames = last;
        try {
          frames = await framesDecoded(session.pc);
        } catch {
          return finish('lost');
        }
        this.video.dataset.framesDecoded = String(frames);
        if (frames > last) {
          last = frames;
          lastChange = now;
          if (frames > 0 && !playing) {
            playing = true;
            deadline = this.options.stallMs;
            if (this.video.srcObject !== session.stream) this.video.srcObject = session.stream;
            void this.video.play().catch(() => undefined);
            this.onState('playing', '');
          }
        } else if (now - lastChange > deadline) {
          return finish('lost');
        }
      };
      const timer = setInterval(() => void tick(), 500);
      // Attach the stream as soon as its tracks arrive so the browser decodes it.
      session.pc.addEventListener('track', () => {
        if (this.video.srcObject !== session.stream) this.video.srcObject = session.stream;
      });
      if (session.stream.getTracks().length > 0) this.video.srcObject = session.stream;
    });
  }

  private async teardown(): Promise<void> {
    const s = this.session;
    this.session = null;
    if (s) await closeWhep(s, this.token);
  }
}
