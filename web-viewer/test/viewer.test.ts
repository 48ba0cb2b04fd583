// Unit tests of the viewer's pure logic (run with node --test after esbuild compiles them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffMs, isFatal, meansOffline, needsCameraSettings } from '../src/live';
import { ResponseError } from '@zonecam/sdk';
import { ApiFailure, describeProblem, isExpired, toFailure } from '../src/errors';
import { mediaTimeOf } from '../src/recorded';
import { parseShareFragment, windowOf } from '../src/shareLink';
import { atTimeOfDay, dayRange, firstRecordedAtOrAfter, hourAround, momentAt, overlaps, place } from '../src/time';
import { innerGaps, parseTimeline, tickStep, timelineUrl } from '../src/timeline';
import { resourceUrl } from '../src/whep';

const at = (iso: string) => new Date(iso);

test('a day range runs from local midnight to the next local midnight', () => {
  const d = dayRange('2026-11-26');
  assert.equal(d.from.getHours(), 0);
  assert.equal(d.to.getTime() - d.from.getTime() >= 23 * 3_600_000, true);
  assert.equal(d.to.getDate(), 27);
  assert.throws(() => dayRange('yesterday'));
});

test('a time of day is read with or without seconds and refused when out of range', () => {
  const day = dayRange('2026-11-26').from;
  assert.equal(atTimeOfDay(day, '10:31')?.getMinutes(), 31);
  assert.equal(atTimeOfDay(day, '10:31:07')?.getSeconds(), 7);
  assert.equal(atTimeOfDay(day, '24:00'), null);
  assert.equal(atTimeOfDay(day, ''), null);
});

test('playing from a gap starts at the next recorded moment, and nothing after the last recording', () => {
  const spans = [{ from: at('2026-11-26T10:00:00Z'), to: at('2026-11-26T10:05:00Z') },
    { from: at('2026-11-26T10:10:00Z'), to: at('2026-11-26T10:20:00Z') }];
  const until = at('2026-11-27T00:00:00Z');
  assert.deepEqual(firstRecordedAtOrAfter(spans, at('2026-11-26T10:02:00Z'), until), at('2026-11-26T10:02:00Z'));
  assert.deepEqual(firstRecordedAtOrAfter(spans, at('2026-11-26T10:07:00Z'), until), at('2026-11-26T10:10:00Z'));
  assert.equal(firstRecordedAtOrAfter(spans, at('2026-11-26T11:00:00Z'), until), null);
});

test('spans are placed in percent of the track and clipped to it', () => {
  const range = { from: at('2026-11-26T00:00:00Z'), to: at('2026-11-27T00:00:00Z') };
  assert.deepEqual(place(range, { from: at('2026-11-26T12:00:00Z'), to: at('2026-11-26T18:00:00Z') }), { left: 50, width: 25 });
  assert.deepEqual(place(range, { from: at('2026-11-25T23:00:00Z'), to: at('2026-11-26T06:00:00Z') }), { left: 0, width: 25 });
  assert.equal(place(range, { from: at('2026-11-27T01:00:00Z'), to: at('2026-11-27T02:00:00Z') }), null);
  assert.deepEqual(momentAt(range, 0.5), at('2026-11-26T12:00:00Z'));
  assert.deepEqual(momentAt(range, 7), range.to);
  assert.equal(overlaps(range, { from: range.to, to: at('2026-11-28T00:00:00Z') }), false);
});

test('the timeline URL is on the node that serves the playlist and carries the recorded token', () => {
  const playlist = 'http://127.0.0.1:8081/hls/cameras/0b7c/index.m3u8?from=a&to=b&token=t1';
  const url = new URL(timelineUrl(playlist, { from: at('2026-11-26T00:00:00Z'), to: at('2026-11-26T01:00:00Z') }, 'tok'));
  assert.equal(url.origin, 'http://127.0.0.1:8081');
  assert.equal(url.pathname, '/recordings/cameras/0b7c/timeline');
  assert.equal(url.searchParams.get('from'), '2026-11-26T00:00:00.000Z');
  assert.equal(url.searchParams.get('token'), 'tok');
  assert.throws(() => timelineUrl('http://x/other', { from: new Date(), to: new Date() }, 't'));
});

test('a timeline answer becomes dates, and missing lists become empty', () => {
  const asked = { from: at('2026-11-26T00:00:00Z'), to: at('2026-11-26T01:00:00Z') };
  const t = parseTimeline({ from: '2026-11-26T00:00:00Z', to: '2026-11-26T01:00:00Z',
    segments: [{ from: '2026-11-26T00:10:00Z', to: '2026-11-26T00:20:00Z' }] }, asked);
  assert.deepEqual(t.segments[0].to, at('2026-11-26T00:20:00Z'));
  assert.deepEqual(t.gaps, []);
});

test('a wall-clock moment maps to media time through program date times, gaps jump to the next fragment', () => {
  const t0 = at('2026-11-26T10:00:00Z').getTime();
  const frags = [
    { start: 0, duration: 2, programDateTime: t0 },
    { start: 2, duration: 2, programDateTime: t0 + 2000 },
    { start: 4, duration: 2, programDateTime: t0 + 60_000 }, // after a gap (discontinuity)
  ];
  assert.equal(mediaTimeOf(frags, t0 + 3000), 3);
  assert.equal(mediaTimeOf(frags, t0 + 30_000), 4);
  assert.equal(mediaTimeOf(frags, t0 + 61_000), 5);
  assert.equal(mediaTimeOf(frags, t0 - 5000), 0);
  assert.equal(mediaTimeOf(frags, t0 + 999_000), 6);
});

test('live reconnects back off to at most 4 s and treat 404/409 as offline, control-plane 401 as fatal', () => {
  assert.deepEqual([0, 1, 2, 3, 9].map(backoffMs), [500, 1000, 2000, 4000, 4000]);
  assert.equal(meansOffline(new ApiFailure('x', 404)), true);
  assert.equal(meansOffline(new ApiFailure('x', 503)), false);
  assert.equal(isFatal(new ApiFailure('x', 401), true), true);
  assert.equal(isFatal(new ApiFailure('x', 401), false), false);
});

test('a camera sending B-frames is told apart from an offline one by the problem type', () => {
  const bFrames = new ApiFailure('x', 409, {
    status: 409,
    type: 'https://zonecam.io/problems/whep-camera-has-b-frames',
    detail: 'This camera sends H.264 with B-frames, which browsers cannot play as live WebRTC video.',
  });
  assert.equal(needsCameraSettings(bFrames), true);
  assert.equal(needsCameraSettings(new ApiFailure('x', 409, { status: 409, type: 'https://zonecam.io/problems/whep-camera-not-playable' })), false);
  assert.equal(needsCameraSettings(new ApiFailure('x', 409)), false);
});

test('an expired token is recognised from the problem detail', () => {
  assert.equal(isExpired(new ApiFailure('x', 401, { status: 401, detail: 'The token expired at 10:00' })), true);
  assert.equal(isExpired(new ApiFailure('x', 401, { status: 401, detail: 'Bad signature' })), false);
  assert.equal(isExpired(new ApiFailure('x', 403, { status: 403, detail: 'expired' })), false);
  assert.equal(describeProblem('Opening', { status: 404 }), 'Opening failed: not found (HTTP 404).');
});

test('a share link fragment gives the playlist, clip, expiry and the window its token covers', () => {
  const playlist = 'http://127.0.0.1:8081/hls/cameras/c1/index.m3u8?from=2026-11-26T10:00:00Z&to=2026-11-26T10:05:00Z&token=abc';
  const hash = `#playlist=${encodeURIComponent(playlist)}&clip=${encodeURIComponent('http://n/clip.mp4')}&expires=2026-11-27T10:00:00Z`;
  const p = parseShareFragment(hash);
  assert.equal(p?.playlist, playlist);
  assert.equal(p?.clip, 'http://n/clip.mp4');
  assert.deepEqual(p?.expires, at('2026-11-27T10:00:00Z'));
  assert.deepEqual(windowOf(playlist), { from: at('2026-11-26T10:00:00Z'), to: at('2026-11-26T10:05:00Z'), token: 'abc' });
  assert.equal(parseShareFragment('#clip=x'), null);
});

test('the WHEP session resource resolves against the WHEP URL', () => {
  assert.equal(resourceUrl('http://127.0.0.1:8081/whep/cameras/c1', '/whep/sessions/s1'), 'http://127.0.0.1:8081/whep/sessions/s1');
  assert.equal(resourceUrl('http://a/whep/cameras/c1', null), null);
});

test('the zoomed hour is centred on the moment and stays inside the day', () => {
  const day = { from: at('2026-11-26T00:00:00Z'), to: at('2026-11-27T00:00:00Z') };
  assert.deepEqual(hourAround(at('2026-11-26T10:00:00Z'), day), { from: at('2026-11-26T09:30:00Z'), to: at('2026-11-26T10:30:00Z') });
  assert.deepEqual(hourAround(at('2026-11-26T00:10:00Z'), day), { from: at('2026-11-26T00:00:00Z'), to: at('2026-11-26T01:00:00Z') });
  assert.deepEqual(hourAround(at('2026-11-26T23:50:00Z'), day), { from: at('2026-11-26T23:00:00Z'), to: at('2026-11-27T00:00:00Z') });
});

test('only gaps between the first and the last recording are drawn', () => {
  const t = {
    range: { from: at('2026-11-26T00:00:00Z'), to: at('2026-11-27T00:00:00Z') },
    segments: [{ from: at('2026-11-26T10:00:00Z'), to: at('2026-11-26T10:05:00Z') },
      { from: at('2026-11-26T10:07:00Z'), to: at('2026-11-26T10:09:00Z') }],
    gaps: [{ from: at('2026-11-26T00:00:00Z'), to: at('2026-11-26T10:00:00Z') },
      { from: at('2026-11-26T10:05:00Z'), to: at('2026-11-26T10:07:00Z') },
      { from: at('2026-11-26T10:09:00Z'), to: at('2026-11-27T00:00:00Z') }],
  };
  assert.deepEqual(innerGaps(t), [{ from: at('2026-11-26T10:05:00Z'), to: at('2026-11-26T10:07:00Z') }]);
  assert.deepEqual(innerGaps({ ...t, segments: [] }), []);
});

test('SDK errors become sentences with the server detail, network failures say the server is unreachable', async () => {
  const problem = new Response(JSON.stringify({ title: 'Forbidden', status: 403, detail: 'Your role does not allow this call.' }),
    { status: 403, headers: { 'Content-Type': 'application/problem+json' } });
  const f = await toFailure('Creating the share link', new ResponseError(problem));
  assert.equal(f.status, 403);
  assert.equal(f.message, 'Creating the share link failed: Your role does not allow this call. (HTTP 403).');
  const plain = await toFailure('Loading the cameras', new ResponseError(new Response('oops', { status: 503 })));
  assert.equal(plain.message, 'Loading the cameras failed: the service is unavailable, try again shortly (HTTP 503).');
  const offline = await toFailure('Loading the cameras', new TypeError('Failed to fetch'));
  assert.equal(offline.status, 0);
  assert.equal(offline.message, 'Loading the cameras failed: the server could not be reached.');
});

test('timeline ticks take the roundest step that fits: 3 h for a day, 15 min for an hour, 5 s for 30 s', () => {
  assert.equal(tickStep(24 * 3_600_000), 3 * 3_600_000);
  assert.equal(tickStep(3_600_000), 900_000);
  assert.equal(tickStep(30_000), 5_000);
});
