// Drives the Zonecam web viewer in headless Chromium (Debian's /usr/bin/chromium through playwright-core) for one
// end-to-end scenario, printing JSON lines: {"type":"step"|"ready"|"result"|"error", ...}. The JUnit tests start it.
//
// usage: node viewer.mjs <scenario> '<json arguments>'
//   every scenario takes {viewer, screenshots, apiKey?}; see the functions below for the rest.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [, , scenario, argsJson] = process.argv;
const args = JSON.parse(argsJson ?? '{}');
const emit = (type, o = {}) => process.stdout.write(JSON.stringify({ type, ...o }) + '\n');
const step = (what, o = {}) => emit('step', { what, ...o });
const lines = createInterface({ input: process.stdin });
const nextLine = () => new Promise((resolve) => lines.once('line', resolve));

/** Polls fn in the page until it returns a truthy value or the deadline passes. */
async function until(page, what, fn, arg, timeoutMs = 20000) {
  try {
    const handle = await page.waitForFunction(fn, arg, { timeout: timeoutMs, polling: 250 });
    return await handle.jsonValue();
  } catch (e) {
    const shown = await pageMessages(page).catch(() => []);
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`
      + (shown.length ? `; the page says: ${shown.join(' | ')}` : ''));
  }
}

/** The messages the page shows now (every visible message element). */
const pageMessages = (page) => page.$$eval('.message:not([hidden])', (els) =>
  els.map((e) => e.textContent.trim()).filter((t) => t && t !== 'Loading…'));

const text = (page, testId) => page.locator(`[data-testid="${testId}"]`).innerText();
const shot = (page, name) => page.screenshot({ path: join(args.screenshots, `${name}.png`), fullPage: true });

async function signedIn(page) {
  await page.addInitScript((key) => {
    sessionStorage.setItem('zonecam.credential', JSON.stringify({ kind: 'apiKey', value: key }));
  }, args.apiKey);
}

async function openCamera(page, cameraId) {
  await signedIn(page);
  await page.goto(`${args.viewer}/#/cameras/${cameraId}`);
  await page.locator('[data-testid="live-video"]').waitFor();
}

/** Local HH:MM:SS of an epoch-milliseconds moment in the browser's time zone. */
const localTime = (page, ms) => page.evaluate((t) => {
  const d = new Date(t);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}, ms);

async function waitRecordings(page) {
  return until(page, 'recorded segments on the timeline', () => {
    const n = Number(document.querySelector('[data-testid="timeline-track"]')?.dataset.segments ?? 0);
    return n > 0 ? n : false;
  }, null, 30000);
}

/** The end of the latest recording the timeline shows (uploads trail the live edge by an object's duration). */
const latestRecorded = (page) => page.$eval('[data-testid="timeline-track"]', (el) => Date.parse(el.dataset.latest));

/** Clicks a button that downloads a file and saves the file at args.saveTo. */
async function downloadOf(page, testId, what) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30000 }),
    page.click(`[data-testid="${testId}"]`),
  ]);
  const failure = await download.failure();
  if (failure) throw new Error(`${what} download failed: ${failure}`);
  await download.saveAs(args.saveTo);
  return download;
}

const scenarios = {
  /** A wrong API key: the sign-in form says so and stays. */
  async 'sign-in-wrong-key'(page) {
    await page.goto(`${args.viewer}/`);
    await page.fill('#api-key', 'zk_wrong_00000000000000000000');
    await page.click('button[type=submit]');
    await until(page, 'an error message', () => document.querySelector('[data-testid="signin-message"]')?.dataset.tone === 'error');
    const message = await text(page, 'signin-message');
    await shot(page, 'sign-in-wrong-key');
    return { message, gridShown: await page.locator('[data-testid="camera-grid"]').count() > 0 };
  },

  /** Signs in through the form and waits for the grid to show the expected cameras with their statuses. */
  async 'sign-in-and-grid'(page) {
    await page.goto(`${args.viewer}/`);
    await page.fill('#api-key', args.apiKey);
    await page.click('button[type=submit]');
    await page.locator('[data-testid="camera-grid"]').waitFor();
    const expected = args.expectedCameras;
    await until(page, `${expected} camera cards`, (n) => document.querySelectorAll('[data-testid="camera-card"]').length >= n, expected);
    const cameras = await page.$$eval('[data-testid="camera-card"]', (cards) => cards.map((c) => ({
      id: c.dataset.cameraId, status: c.dataset.status, text: c.innerText.replace(/\s+/g, ' ').trim() })));
    await shot(page, 'camera-grid');
    return { cameras, stored: await page.evaluate(() => sessionStorage.getItem('zonecam.credential') !== null),
      loadMoreVisible: await page.getByRole('button', { name: 'Load more cameras' }).isVisible() };
  },

  /** Signs in with a development token as a viewer: the grid shows, and owner-only actions say they are refused. */
  async 'dev-token-viewer'(page) {
    await page.goto(`${args.viewer}/`);
    await page.check('input[name=method][value=dev]');
    await page.fill('#dev-org', args.organizationId);
    await page.selectOption('#dev-role', 'viewer');
    await page.click('button[type=submit]');
    await page.locator('[data-testid="camera-grid"]').waitFor();
    await until(page, 'camera cards', (n) => document.querySelectorAll('[data-testid="camera-card"]').length >= n, args.expectedCameras);
    const cards = await page.locator('[data-testid="camera-card"]').count();
    await page.click(`[data-camera-id="${args.cameraId}"] a`);
    await page.locator('[data-testid="create-share"]').waitFor();
    await page.fill('#clip-from', await localTime(page, Date.now() - 60000));
    await page.fill('#clip-to', await localTime(page, Date.now() - 30000));
    await page.click('[data-testid="create-share"]');
    await until(page, 'the share refusal', () => document.querySelector('[data-testid="share-message"]')?.dataset.tone === 'error');
    const shareMessage = await text(page, 'share-message');
    await shot(page, 'dev-token-viewer');
    return { cards, shareMessage, credential: await page.evaluate(() => JSON.parse(sessionStorage.getItem('zonecam.credential')).kind) };
  },

  /** Live view: framesDecoded (getStats) rises. */
  async 'live'(page) {
    await openCamera(page, args.cameraId);
    const first = await until(page, 'the first decoded live frame', () => {
      const n = Number(document.querySelector('[data-testid="live-video"]')?.dataset.framesDecoded ?? 0);
      return n > 0 ? n : false;
    }, null, 30000);
    const t0 = Date.now();
    const later = await until(page, 'framesDecoded to keep rising', (min) => {
      const n = Number(document.querySelector('[data-testid="live-video"]')?.dataset.framesDecoded ?? 0);
      return n >= min ? n : false;
    }, first + 50, 20000);
    const size = await page.$eval('[data-testid="live-video"]', (v) => ({ width: v.videoWidth, height: v.videoHeight }));
    await shot(page, 'live');
    return { first, later, seconds: (Date.now() - t0) / 1000, ...size };
  },

  /**
   * A bare WHEP client, none of the viewer's code: offers receive-only video and audio to args.url with args.token,
   * plays until args.frames more frames are decoded after the first, then hangs up (DELETE) as a player does.
   */
  async 'whep'(page) {
    await page.goto(`${args.viewer}/`); // an http origin; the node allows any (CORS)
    return page.evaluate(async ({ url, token, frames }) => {
      const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
      const video = Object.assign(document.createElement('video'), { muted: true, autoplay: true });
      document.body.append(video);
      const stream = new MediaStream();
      video.srcObject = stream;
      pc.addEventListener('track', (e) => stream.addTrack(e.track));
      pc.addTransceiver('video', { direction: 'recvonly' });
      pc.addTransceiver('audio', { direction: 'recvonly' });
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 2000); // ICE-lite takes no trickle: send what gathered by then
        pc.addEventListener('icegatheringstatechange', () => {
          if (pc.iceGatheringState === 'complete') { clearTimeout(timer); resolve(); }
        });
      });
      const offer = await fetch(url, { method: 'POST',
        headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${token}` }, body: pc.localDescription.sdp });
      if (offer.status !== 201) throw new Error(`WHEP offer answered ${offer.status}: ${await offer.text()}`);
      const resource = new URL(offer.headers.get('Location'), url).toString();
      await pc.setRemoteDescription({ type: 'answer', sdp: await offer.text() });
      const inbound = async () => {
        let r = { framesDecoded: 0, bytesReceived: 0 };
        (await pc.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') r = { framesDecoded: s.framesDecoded ?? 0, bytesReceived: s.bytesReceived ?? 0 };
        });
        return r;
      };
      const until = async (what, ok, ms) => {
        const end = Date.now() + ms;
        for (;;) {
          const r = await inbound();
          if (ok(r)) return r;
          if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(r)}`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      };
      const first = await until('the first decoded frame', (r) => r.framesDecoded > 0, 30000);
      const last = await until(`${frames} more frames`, (r) => r.framesDecoded >= first.framesDecoded + frames, 30000);
      // Hang up first: closing the peer connection first sends a DTLS close_notify, which ends the session by itself.
      const hangUp = await fetch(resource, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
      pc.close();
      return { first: first.framesDecoded, last: last.framesDecoded, bytesReceived: last.bytesReceived, deleted: hangUp.status };
    }, { url: args.url, token: args.token, frames: args.frames });
  },

  /** An offline (or never connected) camera: the live player shows a message, never a blank player. */
  async 'live-offline'(page) {
    await openCamera(page, args.cameraId);
    await until(page, 'the offline message', () =>
      /offline/i.test(document.querySelector('[data-testid="live-message"]')?.textContent ?? ''), null, 30000);
    const message = await text(page, 'live-message');
    await shot(page, args.name ?? 'live-offline');
    return { message, facts: await text(page, 'camera-facts') };
  },

  /** Clicks a past moment on the zoomed timeline and checks the recorded video advances from there. */
  async 'recorded'(page) {
    await openCamera(page, args.cameraId);
    const segments = await waitRecordings(page);
    const atMs = Math.min(args.atMs, (await latestRecorded(page)) - 5000);
    const zoom = page.locator('[data-testid="timeline-zoom"]');
    const range = await zoom.evaluate((el) => ({ from: Date.parse(el.dataset.from), to: Date.parse(el.dataset.to) }));
    if (atMs < range.from || atMs > range.to) {
      throw new Error(`the zoomed timeline (${new Date(range.from).toISOString()}–${new Date(range.to).toISOString()}) does not show the moment`);
    }
    const box = await zoom.boundingBox();
    await zoom.click({ position: { x: (box.width * (atMs - range.from)) / (range.to - range.from), y: box.height / 2 } });
    const at = await page.inputValue('#play-at');
    const t1 = await until(page, 'recorded video playing', () => {
      const v = document.querySelector('[data-testid="recorded-video"]');
      return v && v.currentTime > 0.2 && !v.paused ? v.currentTime : false;
    }, null, 30000);
    const t2 = await until(page, 'recorded video advancing', (min) => {
      const v = document.querySelector('[data-testid="recorded-video"]');
      return v.currentTime >= min ? v.currentTime : false;
    }, t1 + 2, 20000);
    const wallclock = await page.$eval('[data-testid="recorded-video"]', (v) => v.dataset.wallclock ?? null);
    await shot(page, 'recorded');
    return { segments, atMs, at, t1, t2, wallclock };
  },

  /** Ranges without recordings: an empty day and a clip before the first recording say so. */
  async 'no-recordings'(page) {
    await openCamera(page, args.cameraId);
    await waitRecordings(page);
    await page.fill('#clip-from', await localTime(page, args.beforeMs - 60000));
    await page.fill('#clip-to', await localTime(page, args.beforeMs));
    await page.click('[data-testid="download-clip"]');
    await until(page, 'the no-recordings clip message', () =>
      /No recordings/.test(document.querySelector('[data-testid="clip-message"]')?.textContent ?? ''));
    const clipMessage = await text(page, 'clip-message');
    const yesterday = await page.evaluate(() => {
      const d = new Date();
      d.setDate(d.getDate() - 1);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    await page.fill('#day', yesterday);
    await page.dispatchEvent('#day', 'change');
    await until(page, 'the empty-day message', () =>
      /No recordings on this day/.test(document.querySelector('[data-testid="timeline-message"]')?.textContent ?? ''));
    const dayMessage = await text(page, 'timeline-message');
    await shot(page, 'no-recordings');
    return { clipMessage, dayMessage };
  },

  /** Downloads a clip of a recorded range. */
  async 'clip'(page) {
    await openCamera(page, args.cameraId);
    await waitRecordings(page);
    const toMs = Math.min(args.toMs, await latestRecorded(page));
    await page.fill('#clip-from', await localTime(page, toMs - args.seconds * 1000));
    await page.fill('#clip-to', await localTime(page, toMs));
    const download = await downloadOf(page, 'download-clip', 'the clip');
    await shot(page, 'clip');
    return { file: args.saveTo, suggested: download.suggestedFilename(), url: download.url() };
  },

  /**
   * Pictures: the grid shows a camera's latest thumbnail (and the placeholder for one that never connected), the
   * zoomed timeline shows the thumbnail under a resting pointer, and "Save snapshot" downloads the picture at a
   * moment. Element screenshots of both thumbnails are saved for the pixel check.
   */
  async 'pictures'(page) {
    await signedIn(page);
    await page.goto(`${args.viewer}/#/`);
    const card = (id) => `[data-camera-id="${id}"] [data-testid="camera-thumbnail"]`;
    await until(page, 'the camera\'s thumbnail on the grid', (sel) =>
      document.querySelector(sel)?.dataset.state === 'shown', card(args.cameraId), 45000);
    const thumb = page.locator(`${card(args.cameraId)} img`);
    const grid = await thumb.evaluate((img) => ({ width: img.naturalWidth, height: img.naturalHeight }));
    await page.locator(card(args.cameraId)).screenshot({ path: join(args.screenshots, 'grid-thumbnail.png') });
    const neverConnected = await until(page, 'the placeholder of the camera that never connected', (sel) =>
      document.querySelector(sel)?.dataset.state === 'none' ? 'none' : false, card(args.neverConnectedId));
    await shot(page, 'grid-thumbnails');

    await page.click(`[data-camera-id="${args.cameraId}"] a`);
    await page.locator('[data-testid="live-video"]').waitFor();
    await waitRecordings(page);
    const atMs = (await latestRecorded(page)) - 5000;
    await page.fill('#play-at', await localTime(page, atMs));
    const download = await downloadOf(page, 'save-snapshot', 'the snapshot');
    await until(page, 'the zoom to show the moment', (t) => {
      const z = document.querySelector('[data-testid="timeline-zoom"]');
      return z && Date.parse(z.dataset.from) < t && t < Date.parse(z.dataset.to);
    }, atMs);
    const track = page.locator('[data-testid="timeline-zoom"]');
    await track.scrollIntoViewIfNeeded(); // below the live player: the pointer reaches only what is on screen
    const box = await track.boundingBox();
    const range = await track.evaluate((z) => [Date.parse(z.dataset.from), Date.parse(z.dataset.to)]);
    const x = box.width * ((atMs - range[0]) / (range[1] - range[0]));
    await track.hover({ position: { x: Math.max(x - 20, 1), y: box.height / 2 } });
    await track.hover({ position: { x, y: box.height / 2 } }); // a sweep, then the pointer rests
    const zoomThumb = '.timeline:has([data-testid="timeline-zoom"]) [data-testid="scrub-thumbnail"]';
    await until(page, 'the thumbnail under the pointer', (sel) => document.querySelector(sel)?.dataset.state === 'shown', zoomThumb);
    await page.locator(zoomThumb).screenshot({ path: join(args.screenshots, 'timeline-thumbnail.png') });
    const scrubTime = await page.locator('.timeline:has([data-testid="timeline-zoom"]) [data-testid="scrub-time"]').innerText();
    await shot(page, 'timeline-thumbnail');

    return { grid, neverConnected, atMs, scrubTime, snapshot: args.saveTo, suggested: download.suggestedFilename() };
  },

  /**
   * Events: the grid lists the organization's events (the stopped camera's recording gap among them), the camera page
   * lists the camera's, and its zoomed timeline draws them as markers; resting the pointer on the reported motion's
   * marker shows the thumbnail at the event's moment and what happened. Element screenshots for the pixel check.
   */
  async 'events'(page) {
    await signedIn(page);
    await page.goto(`${args.viewer}/#/`);
    const orgEvent = (type, cameraId) => until(page, `${type} of ${cameraId} in the organization's events`,
      ([t, c]) => [...document.querySelectorAll('[data-testid="event-list"] [data-testid="event"]')]
        .find((e) => e.dataset.type === t && e.querySelector(`a[href$="${c}"]`))?.innerText ?? false,
      [type, cameraId], 30000);
    const offlineGap = await orgEvent('recording.gap.begun', args.offlineId);
    const reported = await orgEvent('camera.reported', args.cameraId);
    await page.locator('[data-testid="event-list"]').screenshot({ path: join(args.screenshots, 'events-organization.png') });

    await page.click(`[data-camera-id="${args.cameraId}"] a`);
    await page.locator('[data-testid="live-video"]').waitFor();
    await waitRecordings(page);
    const cameraTypes = await until(page, 'the camera\'s events list', () => {
      const types = [...document.querySelectorAll('[data-testid="event-list"] [data-testid="event"]')].map((e) => e.dataset.type);
      return types.includes('camera.reported') ? types : false;
    });
    const marker = page.locator('[data-testid="timeline-zoom"] [data-testid="event-marker"][data-type="camera.reported"]');
    await until(page, 'the reported event\'s marker on the zoomed timeline', () =>
      document.querySelector('[data-testid="timeline-zoom"] [data-testid="event-marker"][data-type="camera.reported"]') !== null);
    const markers = await page.$eval('[data-testid="timeline-track"]', (el) => Number(el.dataset.events));
    await marker.scrollIntoViewIfNeeded();
    await marker.hover();
    const zoom = '.timeline:has([data-testid="timeline-zoom"])';
    await until(page, 'the thumbnail of the event', (sel) => document.querySelector(`${sel} [data-testid="scrub-thumbnail"]`)
      ?.dataset.state === 'shown', zoom);
    await page.locator(`${zoom} [data-testid="scrub-thumbnail"]`).screenshot({ path: join(args.screenshots, 'event-thumbnail.png') });
    const scrubTime = await page.locator(`${zoom} [data-testid="scrub-time"]`).innerText();
    const note = await page.locator(`${zoom} [data-testid="scrub-note"]`).innerText();
    await shot(page, 'events-timeline');
    return { offlineGap, reported, cameraTypes, markers, scrubTime, note,
      expectedTime: await localTime(page, args.eventAtMs) };
  },

  /** Creates a share link for a range with the shortest expiry. */
  async 'share-create'(page) {
    await openCamera(page, args.cameraId);
    await page.fill('#clip-from', await localTime(page, args.fromMs));
    await page.fill('#clip-to', await localTime(page, args.toMs));
    await page.selectOption('#share-expiry', String(args.expiresInSeconds));
    await page.click('[data-testid="create-share"]');
    await until(page, 'the share link', () => !document.querySelector('[data-testid="share-url"]').hidden, null, 15000);
    const url = await page.inputValue('[data-testid="share-url"]');
    await shot(page, 'share-create');
    return { url, message: await text(page, 'share-message') };
  },

  /** Opens a share link without signing in: it either plays or says why not. */
  async 'share-open'(page) {
    await page.goto(args.url);
    if (args.expect === 'playing') {
      const t1 = await until(page, 'the shared recording playing', () => {
        const v = document.querySelector('[data-testid="share-video"]');
        return v && !v.paused && v.readyState >= 3 ? v.currentTime : false;
      }, null, 30000);
      const t2 = await until(page, 'the shared recording advancing', (min) => {
        const v = document.querySelector('[data-testid="share-video"]');
        return v.currentTime >= min ? v.currentTime : false;
      }, t1 + 2, 20000);
      await shot(page, args.name ?? 'share-open');
      return { t1, t2, message: await text(page, 'share-message') };
    }
    await until(page, 'a share message', () => {
      const m = document.querySelector('[data-testid="share-message"]');
      return m && m.dataset.tone === 'error';
    }, null, 20000);
    await shot(page, args.name ?? 'share-open');
    return { message: await text(page, 'share-message') };
  },

  /** Reloads the camera page until its timeline reaches a moment, then reports its recorded parts and gaps. */
  async 'timeline-continuity'(page) {
    await signedIn(page);
    const t0 = Date.now();
    await page.goto(`${args.viewer}/#/cameras/${args.cameraId}`);
    while (true) {
      await waitRecordings(page);
      const latest = await latestRecorded(page);
      if (latest >= args.untilMs) break;
      if (Date.now() - t0 > 60000) throw new Error(`recordings reach only ${new Date(latest).toISOString()}`);
      await new Promise((r) => setTimeout(r, 2000));
      await page.reload();
    }
    const track = await page.$eval('[data-testid="timeline-track"]', (el) => ({
      segments: Number(el.dataset.segments), gaps: Number(el.dataset.gaps ?? 0),
      gapList: [...el.querySelectorAll('.gap')].map((g) => ({ from: g.dataset.from, to: g.dataset.to,
        reason: g.dataset.reason ?? null })) }));
    await shot(page, 'timeline-after-drain');
    return { ...track, summary: await text(page, 'timeline-message') };
  },

  /** Watches live, says "ready", waits for "go" on stdin (the test drains the node), then checks playback resumes. */
  async 'live-through-drain'(page) {
    await openCamera(page, args.cameraId);
    const sample = () => page.$eval('[data-testid="live-video"]', (v) => ({
      frames: Number(v.dataset.framesDecoded ?? 0), reconnects: Number(v.dataset.reconnects ?? 0),
      state: v.closest('.player')?.dataset.state ?? '', message: v.parentElement?.querySelector('.message')?.textContent ?? '' }));
    await until(page, 'live frames before the drain', () =>
      Number(document.querySelector('[data-testid="live-video"]')?.dataset.framesDecoded ?? 0) > 25, null, 30000);
    const before = await sample();
    emit('ready', before);
    await nextLine();
    // The longest time between two pictures presented on screen, across sessions (requestVideoFrameCallback).
    await page.evaluate(() => {
      const v = document.querySelector('[data-testid="live-video"]');
      const gap = { last: performance.now(), max: 0 };
      window.zonecamFrameGap = gap;
      const onFrame = (now) => {
        gap.max = Math.max(gap.max, now - gap.last);
        gap.last = now;
        v.requestVideoFrameCallback(onFrame);
      };
      v.requestVideoFrameCallback(onFrame);
    });
    const t0 = Date.now();
    let sawReconnecting = false;
    while (Date.now() - t0 < args.timeoutMs) {
      const s = await sample();
      if (s.state === 'reconnecting' && !sawReconnecting) {
        sawReconnecting = true;
        await shot(page, 'drain-reconnecting');
      }
      if (s.reconnects > before.reconnects && s.state === 'playing' && s.frames > 50) {
        await shot(page, 'drain-resumed');
        const longestFrameGapMs = Math.round(await page.evaluate(() => window.zonecamFrameGap.max));
        return { before, after: s, seconds: (Date.now() - t0) / 1000, sawReconnecting, longestFrameGapMs };
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    await shot(page, 'drain-timeout');
    throw new Error(`live view did not resume on a new session within ${args.timeoutMs} ms: ${JSON.stringify(await sample())}`);
  },
};

const run = scenarios[scenario];
if (!run) {
  emit('error', { message: `unknown scenario ${scenario}` });
  process.exit(2);
}
const userDataDir = mkdtempSync(join(tmpdir(), 'zonecam-e2e-chromium-'));
let context;
let page;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: false, // the flags ask for the new headless mode explicitly
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'],
    viewport: { width: 1100, height: 1000 },
    acceptDownloads: true,
  });
  page = context.pages()[0] ?? await context.newPage();
  page.on('console', (m) => process.stderr.write(`[page] ${m.type()}: ${m.text()}\n`));
  page.on('pageerror', (e) => process.stderr.write(`[page] error: ${e.message}\n`));
  step('started', { scenario });
  emit('result', await run(page));
} catch (e) {
  if (page) await shot(page, `${scenario}-failed`).catch(() => {});
  emit('error', { message: String(e?.message ?? e) });
  process.exitCode = 1;
} finally {
  lines.close();
  await context?.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
}
