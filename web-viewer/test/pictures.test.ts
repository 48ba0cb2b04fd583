// Unit tests of the still-picture helpers (thumbnail URLs, snapshot names, the scrubbing debounce).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { debounce, snapshotFileName, thumbnailAt } from '../src/pictures';

const at = (iso: string) => new Date(iso);
const range = { from: at('2026-11-26T00:00:00Z'), to: at('2026-11-26T12:00:00Z') };
const thumbs = 'http://127.0.0.1:8081/thumbnails/cameras/0b7c?token=eyJh.eyJi.c2ln-_';

test('a timeline thumbnail URL keeps the token and appends the moment', () => {
  const url = new URL(thumbnailAt(thumbs, range, at('2026-11-26T10:03:00.250Z')) ?? 'missing:');
  assert.equal(url.origin, 'http://127.0.0.1:8081');
  assert.equal(url.pathname, '/thumbnails/cameras/0b7c');
  assert.equal(url.searchParams.get('token'), 'eyJh.eyJi.c2ln-_');
  assert.equal(url.searchParams.get('at'), '2026-11-26T10:03:00.250Z');
});

test('no thumbnail URL outside the range the token opens', () => {
  assert.equal(thumbnailAt(thumbs, range, at('2026-11-25T23:59:59Z')), null);
  assert.equal(thumbnailAt(thumbs, range, at('2026-11-26T12:00:01Z')), null);
  assert.notEqual(thumbnailAt(thumbs, range, range.to), null);
});

test('a snapshot file is named after the camera and the local moment', () => {
  const moment = new Date(2026, 10, 26, 9, 5, 7);
  assert.equal(snapshotFileName('0b7c1234-aaaa', moment, 'jpeg'), 'zonecam-0b7c1234-2026-11-26-090507.jpg');
  assert.equal(snapshotFileName('0b7c1234-aaaa', moment, 'webp'), 'zonecam-0b7c1234-2026-11-26-090507.webp');
});

test('scrubbing asks once the pointer rests, for the last moment only', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const asked: number[] = [];
  const load = debounce((n: number) => asked.push(n), 150);
  for (let i = 0; i < 50; i++) {
    load(i);
    t.mock.timers.tick(20);
  }
  assert.deepEqual(asked, []);
  t.mock.timers.tick(150);
  assert.deepEqual(asked, [49]);
  load(50);
  load.cancel();
  t.mock.timers.tick(1000);
  assert.deepEqual(asked, [49]);
});
