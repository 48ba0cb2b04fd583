package io.zonecam.webrtc.sfu;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.H264Nal;
import io.zonecam.media.h264.LengthPrefixed;
import io.zonecam.media.rtp.H264Packetizer;
import io.zonecam.media.rtp.PayloadSink;
import io.zonecam.webrtc.rtx.RetransmissionBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CameraStream is the per-camera half of the fan-out: it packetizes each access unit once (RFC 6184 mode 1, RTP
 * timestamps from the camera's clock), keeps the packets in the camera's {@link RetransmissionBuffer} and
 * {@link GopCache}, and hands references to every attached viewer's queue.
 *
 * <p>While no viewer is attached (most cameras, most of the time) nothing is packetized: the access units of the
 * current GOP are kept by reference (the frames ingest already allocated, no copy) and packetized when a viewer
 * attaches, in the same order and with the same timestamps, so the viewer gets the same GOP burst as if they had been
 * packetized on arrival. Audio is not kept: it only goes to attached viewers.
 *
 * <p>One lock guards packetizing, the GOP cache and the viewer list, so a viewer that attaches gets exactly the cached
 * GOP and then every later picture, with nothing missed or repeated. Viewer queue operations under it never block.
 */
final class CameraStream {

    /** The payload types and SSRC of the camera-side numbering; every viewer rewrites them. */
    private static final int CAMERA_VIDEO_PT = 96;

    private static final int CAMERA_AUDIO_PT = 111;
    private static final SecureRandom RANDOM = new SecureRandom();

    final String cameraId;
    final RetransmissionBuffer retransmissions;
    /** Viewers counted against the per-camera limit: pending and connected. */
    final AtomicInteger viewerCount = new AtomicInteger();

    private final SfuMetrics metrics;
    private final H264Packetizer packetizer;
    private final GopCache gop;
    /** Video access units of the current GOP not packetized yet, because no viewer was attached when they came. */
    private final ArrayList<Deferred> deferred = new ArrayList<>();

    private final long maxDeferredBytes;
    private long deferredBytes;
    private final ArrayList<Viewer> attached = new ArrayList<>();
    private final int cameraSsrc = RANDOM.nextInt();
    private final int videoTimestampBase = RANDOM.nextInt();
    private final int audioTimestampBase = RANDOM.nextInt();
    private volatile List<TrackInfo> tracks;
    private TrackInfo video;
    private TrackInfo audio;
    private int audioClockRate;
    private int videoSequence = RANDOM.nextInt(0x10000);
    private int audioSequence = RANDOM.nextInt(0x10000);
    private long maxVideoPts = Long.MIN_VALUE;
    private long lastVideoDts = Long.MIN_VALUE;
    /** B-frames seen in this publish session: browsers cannot play it live (SFU.md, "B-frames"). */
    private volatile boolean reordered;

    private volatile boolean ended;

    CameraStream(String cameraId, List<TrackInfo> tracks, SfuConfig config, SfuMetrics metrics) {
        this.cameraId = cameraId;
        this.metrics = metrics;
        this.retransmissions = RetransmissionBuffer.withDefaults();
        this.packetizer = new H264Packetizer(config.maxPayloadSize(), OutboundPacket.HEADER, true);
        this.gop = new GopCache(config.gopCacheBytes());
        this.maxDeferredBytes = config.gopCacheBytes();
        setTracks(tracks);
    }

    /** Takes a new track list (a republish with other parameters); viewers stay. */
    synchronized void setTracks(List<TrackInfo> newTracks) {
        tracks = List.copyOf(newTracks);
        TrackInfo v = null;
        TrackInfo a = null;
        for (TrackInfo t : tracks) {
            if (v == null && t.codec() == Codec.H264) {
                v = t;
            } else if (a == null && (t.codec() == Codec.OPUS || t.codec() == Codec.PCMU || t.codec() == Codec.PCMA)) {
                a = t;
            }
        }
        video = v;
        audio = a;
        // A republish may come with other encoder settings: judge its pictures afresh.
        reordered = false;
        maxVideoPts = Long.MIN_VALUE;
        lastVideoDts = Long.MIN_VALUE;
        // RFC 7587 §4.1: Opus always uses a 48 kHz RTP clock; G.711 8 kHz (RFC 3551 §4.5.14).
        audioClockRate = a == null ? 0 : a.codec() == Codec.OPUS ? 48_000 : 8_000;
    }

    List<TrackInfo> tracks() {
        return tracks;
    }

    boolean isEnded() {
        return ended;
    }

    /** Whether this publish session has shown B-frames (a picture presented before one decoded ahead of it). */
    boolean reordered() {
        return reordered;
    }

    /**
     * Packetizes one frame and queues it to every attached viewer. Failures are counted. Returns null, or, when this
     * frame is the first B-frame of the session, the viewers to close (detached already).
     */
    synchronized List<Viewer> onFrame(MediaFrame frame) {
        if (ended) {
            return null;
        }
        metrics.framesIn.increment();
        TrackInfo v = video;
        TrackInfo a = audio;
        try {
            if (v != null && frame.trackId() == v.trackId()) {
                if (isBFrame(frame) && !reordered) {
                    return startRefusing();
                }
                if (!reordered) {
                    onVideo(frame, v);
                }
            } else if (a != null && frame.trackId() == a.trackId()) {
                onAudio(frame, a);
            }
            // Other tracks (AAC audio, a second video) are not carried: AAC cameras are video-only live.
        } catch (RuntimeException malformed) {
            metrics.framesMalformed.increment();
        }
        return null;
    }

    /**
     * The reordering rule: a picture whose presentation time lies before that of a picture decoded ahead of it is a
     * B-frame (or a reordered B-reference). Pictures come in decode order, so one look back at the highest presentation
     * time seen is enough; equal times are not reordering. A step back of the decode time too is a timestamp
     * discontinuity (a camera clock reset), not reordering: the look-back starts again there.
     */
    private boolean isBFrame(MediaFrame frame) {
        if (frame.dts() < lastVideoDts) {
            maxVideoPts = Long.MIN_VALUE;
        }
        lastVideoDts = frame.dts();
        boolean b = maxVideoPts != Long.MIN_VALUE && frame.pts() < maxVideoPts;
        maxVideoPts = Math.max(maxVideoPts, frame.pts());
        if (b) {
            metrics.bFrames.increment();
        }
        return b;
    }

    /**
     * The session has B-frames: Chromium's WebRTC H.264 path cannot show them (SFU.md), so the camera's video stops
     * here until it publishes again, new offers are refused with the reason, and the attached viewers are handed back
     * to be closed instead of freezing.
     */
    private List<Viewer> startRefusing() {
        reordered = true;
        return stopSending();
    }

    /** Drops what waits to be sent (the cached GOP, deferred frames) and detaches every viewer, returning them. */
    private List<Viewer> stopSending() {
        gop.clear();
        clearDeferred();
        List<Viewer> out = List.copyOf(attached);
        attached.clear();
        return out;
    }

    private void onVideo(MediaFrame frame, TrackInfo track) {
        if (attached.isEmpty()) {
            defer(frame, track);
            return;
        }
        packetize(frame, track);
    }

    /** An access unit of a picture nobody watches yet, and the track it came with. */
    private record Deferred(MediaFrame frame, TrackInfo track) {}

    /**
     * Keeps an access unit for a viewer that may attach before the next keyframe. Checked like the packetizer
     * checks it (a malformed one counts now, as it would have), bounded like the GOP cache: a GOP that outgrows it
     * is dropped whole until the next keyframe, as {@link GopCache} would drop it.
     */
    private void defer(MediaFrame frame, TrackInfo track) {
        if (LengthPrefixed.split(frame.data()).isEmpty()) {
            metrics.framesMalformed.increment();
            return;
        }
        if (frame.keyframe()) {
            clearDeferred();
            gop.clear(); // the keyframe starts a new GOP; the cached packets are of the previous one
        } else if (deferred.isEmpty() && gop.bytes() == 0) {
            return; // no GOP to continue: the cache would not take it either
        }
        if (deferredBytes + gop.bytes() + frame.data().length > maxDeferredBytes
                || deferred.size() >= GopCache.MAX_PICTURES) {
            clearDeferred();
            gop.clear();
            return;
        }
        deferred.add(new Deferred(frame, track));
        deferredBytes += frame.data().length;
    }

    /** Packetizes the deferred access units in arrival order (a viewer is about to get the GOP). */
    private void packetizeDeferred() {
        if (deferred.isEmpty()) {
            return;
        }
        for (Deferred d : deferred) {
            try {
                packetize(d.frame(), d.track());
            } catch (RuntimeException malformed) {
                metrics.framesMalformed.increment();
            }
        }
        clearDeferred();
    }

    private void clearDeferred() {
        deferred.clear();
        deferredBytes = 0;
    }

    private void packetize(MediaFrame frame, TrackInfo track) {
        byte[] au = frame.data();
        if (frame.keyframe()
                && !H264Nal.containsType(au, H264Nal.SPS)
                && !track.parameterSets().isEmpty()) {
            // RTMP cameras send SPS/PPS once, out of band; a viewer starting on this keyframe needs them in band.
            au = withParameterSets(track.parameterSets(), au);
        }
        // RFC 6184 §5.1: the RTP timestamp is the picture's presentation time; packets go out in decode order.
        int timestamp = videoTimestampBase + (int) scale(frame.pts(), track.timescale(), 90_000);
        List<OutboundPacket> packets = new ArrayList<>(au.length / 1000 + 2);
        int[] bytes = {0};
        packetizer.packetize(au, new PayloadSink() {
            @Override
            public void packet(byte[] buffer, int payloadOffset, int payloadLength, boolean marker) {
                int seq = videoSequence;
                videoSequence = (seq + 1) & 0xFFFF;
                OutboundPacket.writeHeader(buffer, 0, marker, CAMERA_VIDEO_PT, seq, timestamp, cameraSsrc);
                packets.add(new OutboundPacket(buffer, true, seq, timestamp));
                bytes[0] += buffer.length;
            }
        });
        if (packets.isEmpty()) {
            metrics.framesMalformed.increment();
            return;
        }
        for (OutboundPacket p : packets) {
            retransmissions.add(p.data);
        }
        VideoAccessUnit unit =
                new VideoAccessUnit(packets.toArray(new OutboundPacket[0]), frame.keyframe(), bytes[0], timestamp);
        gop.add(unit);
        for (int i = 0; i < attached.size(); i++) {
            attached.get(i).enqueueVideo(unit);
        }
    }

    private void onAudio(MediaFrame frame, TrackInfo track) {
        byte[] payload = frame.data();
        if (payload.length == 0 || payload.length > 1400) {
            metrics.framesMalformed.increment();
            return;
        }
        if (attached.isEmpty()) {
            return; // audio is not cached: nobody to send it to
        }
        int timestamp = audioTimestampBase + (int) scale(frame.pts(), track.timescale(), audioClockRate);
        int seq = audioSequence;
        audioSequence = (seq + 1) & 0xFFFF;
        byte[] data = new byte[OutboundPacket.HEADER + payload.length];
        OutboundPacket.writeHeader(data, 0, false, CAMERA_AUDIO_PT, seq, timestamp, cameraSsrc + 1);
        System.arraycopy(payload, 0, data, OutboundPacket.HEADER, payload.length);
        OutboundPacket p = new OutboundPacket(data, false, seq, timestamp);
        for (int i = 0; i < attached.size(); i++) {
            attached.get(i).enqueueAudio(p);
        }
    }

    /** Starts a viewer whose keys are ready: the cached GOP at once, then every later picture. */
    boolean attach(Viewer viewer) {
        synchronized (this) {
            if (!ended && !reordered) {
                packetizeDeferred();
                List<VideoAccessUnit> cached = gop.snapshot();
                if (!cached.isEmpty()) {
                    viewer.enqueueBurst(cached, true);
                    metrics.keyframeBursts.increment();
                }
                attached.add(viewer);
                return true;
            }
        }
        return false;
    }

    /** The cached GOP as a viewer would start on it (tests read timestamps and order from it). */
    synchronized List<VideoAccessUnit> cachedGop() {
        packetizeDeferred();
        return gop.snapshot();
    }

    synchronized void detach(Viewer viewer) {
        attached.remove(viewer);
    }

    /** Answers a viewer's PLI/FIR with the cached GOP; false when there is none (the next keyframe will do). */
    synchronized boolean resendGop(Viewer viewer) {
        packetizeDeferred();
        List<VideoAccessUnit> cached = gop.snapshot();
        if (cached.isEmpty() || ended) {
            return false;
        }
        viewer.enqueueBurst(cached, false);
        metrics.keyframeBursts.increment();
        return true;
    }

    /** Marks the stream ended and returns the viewers that were attached. */
    synchronized List<Viewer> end() {
        ended = true;
        return stopSending();
    }

    synchronized int attachedCount() {
        return attached.size();
    }

    /** {@code t} ticks of one clock in another, without overflow for any realistic stream age. */
    static long scale(long t, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return t;
        }
        return Math.floorDiv(t, fromRate) * toRate + Math.floorMod(t, fromRate) * (long) toRate / fromRate;
    }

    private static byte[] withParameterSets(List<byte[]> parameterSets, byte[] au) {
        int size = au.length;
        for (byte[] ps : parameterSets) {
            size += 4 + ps.length;
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (byte[] ps : parameterSets) {
            LengthPrefixed.writeLength(out, pos, ps.length);
            System.arraycopy(ps, 0, out, pos + 4, ps.length);
            pos += 4 + ps.length;
        }
        System.arraycopy(au, 0, out, pos, au.length);
        return out;
    }
}
