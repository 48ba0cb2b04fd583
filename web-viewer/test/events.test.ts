// Unit tests of the events' sentences, tones and durations (the markers and lists are checked in Chromium, e2e).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Event } from '@zonecam/sdk';
import { describeEvent, duration, markOf, toneOf } from '../src/events';

const event = (type: string, data: Record<string, unknown>, at = '2026-12-06T10:05:00Z'): Event => ({
  id: 'e1', type, version: 1, occurredAt: new Date(at), organizationId: 'o', cameraId: 'c', data,
}) as Event;

test('gap events say why recording stopped and how long it was missing', () => {
  assert.equal(describeEvent(event('recording.gap.begun', { reason: 'recording-failed', detail: 'disk-full' })),
    'Recording stopped: the node could not record it (disk full).');
  assert.equal(describeEvent(event('recording.gap.begun', { reason: 'node-lost' })),
    'Recording stopped: its node stopped responding.');
  assert.equal(describeEvent(event('recording.gap.ended', { reason: 'camera-disconnected', since: '2026-12-06T10:01:55Z' })),
    'Recording resumed after 3 min 5 s.');
});

test('every type has a sentence; unknown types and reasons show as they are', () => {
  assert.equal(describeEvent(event('camera.bus.offline', { nodeId: 'n' })), 'Camera disconnected from the control bus.');
  assert.equal(describeEvent(event('camera.offline', { reason: 'left-node' })), 'Camera went offline: it stopped publishing.');
  assert.equal(describeEvent(event('camera.reported', { kind: 'tamper' })), 'The camera reported tamper.');
  assert.equal(describeEvent(event('camera.offline', { reason: 'solar-flare' })), 'Camera went offline: solar-flare.');
  assert.equal(describeEvent(event('camera.levitated', {})), 'camera.levitated');
});

test('problems, recoveries and notes are told apart for the markers', () => {
  assert.deepEqual(['recording.gap.begun', 'camera.bus.offline', 'camera.offline'].map(toneOf), ['problem', 'problem', 'problem']);
  assert.deepEqual(['recording.gap.ended', 'camera.bus.online', 'camera.online'].map(toneOf), ['recovery', 'recovery', 'recovery']);
  assert.deepEqual(['camera.moved', 'camera.reported'].map(toneOf), ['note', 'note']);
  assert.deepEqual(markOf(event('camera.online', {})).at, new Date('2026-12-06T10:05:00Z'));
});

test('durations read in the largest sensible units', () => {
  assert.deepEqual([0, 45_000, 60_000, 185_000, 7_800_000, 3_600_000].map(duration),
    ['0 s', '45 s', '1 min', '3 min 5 s', '2 h 10 min', '1 h']);
});
