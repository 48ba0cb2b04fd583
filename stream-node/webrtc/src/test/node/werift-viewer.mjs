// A WHEP viewer built on werift (an independent WebRTC stack): posts an offer, does ICE/DTLS-SRTP with the node,
// counts the H.264 RTP it receives and reads the Zonecam frame markers (SEI user_data_unregistered) in it.
// Prints one JSON line per second ({"type":"progress",...}) and a final {"type":"summary",...}; exits by itself.
//
// usage: node werift-viewer.mjs <whep-url> <duration-ms> [--no-rtx] [--pli-at=ms] [--pli-flood] [--no-delete]
//   --pli-flood sends 100 authenticated PLIs every 50 ms (an RTCP flood from a connected viewer).
import {
  RTCPeerConnection,
  RTCRtpCodecParameters,
} from "werift";

const [, , whepUrl, durationArg, ...flags] = process.argv;
const durationMs = Number(durationArg ?? 5000);
const noRtx = flags.includes("--no-rtx");
const pliAt = Number((flags.find((f) => f.startsWith("--pli-at=")) ?? "--pli-at=-1").split("=")[1]);
const MARKER_UUID = "dcc36308405947779077821a4c589126";

const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const fail = (message) => {
  out({ type: "error", message: String(message) });
  process.exit(2);
};

const codecs = {
  video: [
    new RTCRtpCodecParameters({
      mimeType: "video/H264",
      clockRate: 90000,
      rtcpFeedback: [{ type: "nack" }, { type: "nack", parameter: "pli" }],
      parameters: "profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1",
    }),
    ...(noRtx ? [] : [new RTCRtpCodecParameters({ mimeType: "video/rtx", clockRate: 90000 })]),
  ],
  audio: [],
};

const pc = new RTCPeerConnection({
  codecs,
  iceUseIpv6: false,
  iceInterfaceAddresses: { udp4: "127.0.0.1" },
  iceAdditionalHostAddresses: ["127.0.0.1"],
});

const stats = {
  packets: 0,
  bytes: 0,
  frames: 0,
  keyframes: 0,
  markers: 0,
  firstMarker: null,
  lastMarker: null,
  markerGaps: 0,
  markerRepeats: 0,
  markersMissing: 0,
  rtx: 0,
  seqGaps: 0,
  seqRepeats: 0,
  seqMissing: 0,
  firstPacketMs: null,
  connectedMs: null,
  latencyMs: [],
};
const t0 = Date.now();
let lastSeq = -1;
let lastCounter = null;
const seenCounters = new Set();
// Extended (unwrapped) sequence numbers received, to tell packets never received from ones merely late.
const seenSeqs = new Set();
let extSeq = null;

function unescape(buf) {
  // Removes H.264 emulation prevention bytes (00 00 03 -> 00 00).
  const outb = [];
  let zeros = 0;
  for (const b of buf) {
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    outb.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return Buffer.from(outb);
}

function readMarker(nal) {
  // nal: SEI NAL unit with header byte; returns {camera, counter, captureUs} or null.
  const rbsp = unescape(nal.subarray(1));
  let p = 0;
  while (p < rbsp.length && rbsp[p] !== 0x80) {
    let type = 0;
    while (rbsp[p] === 0xff) { type += 255; p++; }
    type += rbsp[p++];
    let size = 0;
    while (rbsp[p] === 0xff) { size += 255; p++; }
    size += rbsp[p++];
    const payload = rbsp.subarray(p, p + size);
    p += size;
    if (type === 5 && payload.length >= 35 && payload.subarray(0, 16).toString("hex") === MARKER_UUID) {
      const idLen = payload[17];
      const camera = payload.subarray(18, 18 + idLen).toString("utf8");
      const counter = Number(payload.readBigInt64BE(18 + idLen));
      const captureUs = Number(payload.readBigInt64BE(26 + idLen));
      return { camera, counter, captureUs };
    }
  }
  return null;
}

function onMarker(m) {
  stats.markers++;
  seenCounters.add(m.counter);
  if (stats.firstMarker === null) stats.firstMarker = m.counter;
  if (lastCounter !== null) {
    if (m.counter === lastCounter) stats.markerRepeats++;
    else if (m.counter !== lastCounter + 1 && m.counter > lastCounter) stats.markerGaps++;
  }
  lastCounter = m.counter;
  stats.lastMarker = Math.max(stats.lastMarker ?? m.counter, m.counter);
  const latency = Date.now() - m.captureUs / 1000;
  if (stats.latencyMs.length < 10000) stats.latencyMs.push(latency);
}

function onPayload(payload) {
  const type = payload[0] & 0x1f;
  if (type === 6) {
    const m = readMarker(payload);
    if (m) onMarker(m);
  } else if (type === 24) {
    // STAP-A: 16-bit sizes then NAL units.
    let p = 1;
    while (p + 2 <= payload.length) {
      const size = payload.readUInt16BE(p);
      const nal = payload.subarray(p + 2, p + 2 + size);
      p += 2 + size;
      if ((nal[0] & 0x1f) === 5) stats.keyframes++;
      if ((nal[0] & 0x1f) === 6) {
        const m = readMarker(nal);
        if (m) onMarker(m);
      }
    }
  } else if (type === 28) {
    if ((payload[1] & 0x80) && (payload[1] & 0x1f) === 5) stats.keyframes++;
  } else if (type === 5) {
    stats.keyframes++;
  }
}

pc.iceConnectionStateChange.subscribe((s) => {
  if (s === "connected" && stats.connectedMs === null) stats.connectedMs = Date.now() - t0;
});

const transceiver = pc.addTransceiver("video", { direction: "recvonly" });
transceiver.onTrack.subscribe((track) => {
  track.onReceiveRtp.subscribe((rtp) => {
    if (stats.firstPacketMs === null) stats.firstPacketMs = Date.now() - t0;
    stats.packets++;
    stats.bytes += rtp.payload.length;
    if (rtp.header.payloadType !== 96) stats.rtx++;
    const seq = rtp.header.sequenceNumber;
    if (lastSeq >= 0 && seq !== ((lastSeq + 1) & 0xffff)) stats.seqGaps++;
    lastSeq = seq;
    let ext;
    if (extSeq === null) ext = extSeq = seq;
    else ext = extSeq + (((seq - (extSeq & 0xffff) + 0x8000) & 0xffff) - 0x8000);
    extSeq = Math.max(extSeq, ext);
    // A packet NACKed while only late arrives twice (the original, then the retransmission): a receiver's jitter
    // buffer keeps one, and so does this count.
    if (seenSeqs.has(ext)) {
      stats.seqRepeats++;
      return;
    }
    seenSeqs.add(ext);
    if (rtp.header.marker) stats.frames++;
    onPayload(rtp.payload);
  });
  if (flags.includes("--pli-flood")) {
    const flood = setInterval(() => {
      for (let i = 0; i < 100; i++) transceiver.receiver.sendRtcpPLI(track.ssrc).catch(() => {});
    }, 50);
    setTimeout(() => clearInterval(flood), Math.max(0, durationMs - 500));
  }
  if (pliAt >= 0) {
    setTimeout(() => {
      transceiver.receiver.sendRtcpPLI(track.ssrc).catch(() => {});
    }, pliAt);
  }
});

let resourceUrl = null;
try {
  await pc.setLocalDescription(await pc.createOffer());
  // werift gathers host candidates before createOffer resolves; wait until gathering is complete anyway.
  for (let i = 0; i < 50 && pc.iceGatheringState !== "complete"; i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const res = await fetch(whepUrl, {
    method: "POST",
    headers: { "content-type": "application/sdp" },
    body: pc.localDescription.sdp,
  });
  if (res.status !== 201) fail(`WHEP POST answered ${res.status}: ${await res.text()}`);
  const loc = res.headers.get("location");
  resourceUrl = loc ? new URL(loc, whepUrl).toString() : null;
  await pc.setRemoteDescription({ type: "answer", sdp: await res.text() });
} catch (e) {
  fail(e?.stack ?? e);
}

const progress = setInterval(() => {
  const { latencyMs, ...rest } = stats;
  out({ type: "progress", t: Date.now() - t0, ...rest });
}, 1000);

setTimeout(async () => {
  clearInterval(progress);
  // Pictures never seen between the first and the last marker, however late (retransmitted) the others came.
  if (stats.firstMarker !== null) {
    let missing = 0;
    for (let c = stats.firstMarker; c <= stats.lastMarker; c++) if (!seenCounters.has(c)) missing++;
    stats.markersMissing = missing;
  }
  // Packets never received between the first and the highest sequence number (gaps that NACK did not repair).
  if (seenSeqs.size > 0) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const q of seenSeqs) {
      lo = Math.min(lo, q);
      hi = Math.max(hi, q);
    }
    stats.seqMissing = hi - lo + 1 - seenSeqs.size;
  }
  const { latencyMs, ...rest } = stats;
  const sorted = [...latencyMs].sort((a, b) => a - b);
  const pct = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null);
  out({ type: "summary", t: Date.now() - t0, ...rest, latencyP50Ms: pct(0.5), latencyP95Ms: pct(0.95) });
  try {
    if (resourceUrl && !flags.includes("--no-delete")) await fetch(resourceUrl, { method: "DELETE" });
  } catch {
    // the node may already be gone
  }
  await pc.close().catch(() => {});
  process.exit(0);
}, durationMs);
