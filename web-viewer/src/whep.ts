// WHEP (WebRTC-HTTP Egress Protocol) client: one receive-only session per call, torn down with DELETE.
import { ApiFailure, describeProblem, problemOf, toFailure } from './errors';

/** WhepSession is one negotiated peer connection and the resource the node created for it. */
export interface WhepSession {
  pc: RTCPeerConnection;
  stream: MediaStream;
  resource: string | null;
}

/** Waits until ICE gathering completes (ICE-lite servers take no trickled candidates) or the deadline passes. */
function gathered(pc: RTCPeerConnection, deadlineMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => { if (pc.iceGatheringState === 'complete') done(); };
    const timer = setTimeout(done, deadlineMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

/** The absolute URL of the session resource from the Location header, resolved against the WHEP URL. */
export function resourceUrl(whepUrl: string, location: string | null): string | null {
  return location ? new URL(location, whepUrl).toString() : null;
}

/** Offers receive-only video and audio to a WHEP endpoint and applies the answer. */
export async function openWhep(url: string, token: string): Promise<WhepSession> {
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  const stream = new MediaStream();
  pc.addEventListener('track', (e) => stream.addTrack(e.track));
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  try {
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc, 2000);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${token}` },
        body: pc.localDescription?.sdp ?? '',
      });
    } catch (e) {
      throw await toFailure('Connecting to the live stream', e);
    }
    if (response.status !== 201 && response.status !== 200) {
      const p = await problemOf(response);
      throw new ApiFailure(describeProblem('Connecting to the live stream', p), p.status, p);
    }
    const resource = resourceUrl(url, response.headers.get('Location'));
    await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
    return { pc, stream, resource };
  } catch (e) {
    pc.close();
    throw e;
  }
}

/** Ends a session: closes the peer connection and deletes the node's resource (best effort). */
export async function closeWhep(session: WhepSession, token: string): Promise<void> {
  session.pc.close();
  if (session.resource) {
    try {
      await fetch(session.resource, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    } catch {
      // the node may be gone already (drained): nothing to clean up there
    }
  }
}

/** Decoded video frames so far, from getStats() inbound-rtp. */
export async function framesDecoded(pc: RTCPeerConnection): Promise<number> {
  let frames = 0;
  const report = await pc.getStats();
  report.forEach((s: { type?: string; kind?: string; framesDecoded?: number }) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video' && typeof s.framesDecoded === 'number') {
      frames += s.framesDecoded;
    }
  });
  return frames;
}
