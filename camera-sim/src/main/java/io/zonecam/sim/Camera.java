package io.zonecam.sim;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.zonecam.media.h264.FrameMarker;
import io.zonecam.sim.clip.Clip;
import io.zonecam.sim.publish.AudioSample;
import io.zonecam.sim.publish.PublishConnection;
import io.zonecam.sim.publish.VideoSample;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Camera is one simulated camera: a real-time timeline over the shared clip, a frame counter that never repeats or
 * restarts while the camera lives, and the publish sessions that carry the timeline to nodes.
 *
 * <p><b>Timeline.</b> It starts when the first session is confirmed, at a keyframe of the clip. Video frame
 * {@code k} carries marker counter {@code k}, decode time {@code loop * loopDuration + clip dts} and is due at that
 * time after the start; time runs on while the camera is disconnected, so frames it could not send show up as gaps
 * in the counters, exactly as a real camera loses them.
 *
 * <p><b>Sessions.</b> {@link #start} opens the first session; when the node closes it the camera reconnects with
 * exponential backoff through its {@link TargetSource}. {@link #moveTo} is make-before-break: the new session is
 * opened while the old one keeps receiving every frame; once the node confirmed the new one (RTSP RECORD 200, RTMP
 * NetStream.Publish.Start) it starts at the next keyframe, both sessions receive frames for the configured overlap,
 * then the old one is unpublished. Counters are per camera, so the frames of both sessions together hold every
 * counter, the overlap ones twice.
 *
 * <p>All state lives on one event loop; the public methods may be called from any thread.
 */
public final class Camera {

    private static final Logger LOG = Logger.getLogger(Camera.class);

    /** Phase is where a camera is in its life cycle. */
    public enum Phase {
        IDLE,
        CONNECTING,
        PUBLISHING,
        RECONNECTING,
        STOPPING,
        STOPPED
    }

    private final String id;
    private final CameraFleet fleet;
    private final EventLoop loop;
    private final TargetSource targets;
    private final Clip clip;
    private final SimConfig config;
    private final int startFrame;
    private final long startDts;
    private final int audioStart;
    private final PublishConnection.Listener events = new Events();

    private long timelineStart = -1;
    private boolean keyframeRequested;
    private long clipJump;
    private long dtsJump;
    private long wallStartMicros;
    private long videoIndex;
    private long audioIndex;
    private PublishTarget target;
    private PublishConnection primary;
    private PublishConnection pending;
    private PublishConnection retiring;
    private final List<PublishConnection> closing = new ArrayList<>(2);
    private long overlapEnd;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private CompletableFuture<MoveResult> move;
    private PublishConnection moveOld;
    private PublishTarget moveFrom;
    private long moveStartNanos;
    private CompletableFuture<Void> stopped;
    private int failures;
    private ScheduledFuture<?> reconnectTimer;

    private volatile CameraEvents listener = new CameraEvents() {};
    private volatile Phase phase = Phase.IDLE;
    private volatile long framesGenerated;
    private volatile long framesSent;
    private volatile long framesDropped;
    private volatile long framesUnsent;
    private volatile long framesSkipped;
    private volatile long audioSent;
    private volatile long closedBytes;
    private volatile long sessionsOpened;
    private volatile long connectFailures;
    private volatile long reconnects;
    private volatile long moves;
    private volatile long maxLagNanos;
    private volatile long recentLagNanos;
    private volatile String lastError;

    Camera(String id, CameraFleet fleet, EventLoop loop, TargetSource targets) {
        new FrameMarker(id, 0, 0); // validates the id length early
        this.id = id;
        this.fleet = fleet;
        this.loop = loop;
        this.targets = targets;
        this.clip = fleet.clip();
        this.config = fleet.config();
        List<Integer> keys = new ArrayList<>();
        for (Clip.VideoFrame f : clip.video()) {
            if (f.keyframe()) {
                keys.add(f.index());
            }
        }
        startFrame = config.randomStart() ? keys.get(ThreadLocalRandom.current().nextInt(keys.size())) : 0;
        startDts = clip.video().get(startFrame).dts();
        audioStart = clip.hasAudio()
                ? (int) ((startDts * clip.audioRate() / Clip.VIDEO_CLOCK / Clip.AAC_FRAME_SAMPLES)
                        % clip.audio().size())
                : 0;
    }

    /** The camera id, also the id in its frame markers. */
    public String id() {
        return id;
    }

    /** The event loop this camera runs on. */
    public EventLoop eventLoop() {
        return loop;
    }

    public Phase phase() {
        return phase;
    }

    /** Sets who hears this camera's events (one listener; a device agent). */
    public void events(CameraEvents events) {
        this.listener = events;
    }

    /**
     * Starts publishing to {@code t}; the future completes when the first session sent its first keyframe. Failed
     * attempts are retried with backoff until {@link #stop()}; the future only fails if the camera is stopped first.
     */
    public CompletableFuture<Void> start(PublishTarget t) {
        loop.execute(() -> {
            if (phase != Phase.IDLE) {
                started.completeExceptionally(new IllegalStateException("camera " + id + " already started"));
                return;
            }
            target = t;
            phase = Phase.CONNECTING;
            open(t);
        });
        return started;
    }

    /**
     * Moves to another target make-before-break (see the class comment). The future completes when the old session
     * is closed, or fails when the new session could not be established (the old one then carries on) or a newer
     * move superseded this one.
     */
    public CompletableFuture<MoveResult> moveTo(PublishTarget t) {
        CompletableFuture<MoveResult> f = new CompletableFuture<>();
        loop.execute(() -> {
            if (phase == Phase.IDLE || phase == Phase.STOPPING || phase == Phase.STOPPED) {
                f.completeExceptionally(new IllegalStateException("camera " + id + " is " + phase));
                return;
            }
            if (move != null) {
                move.completeExceptionally(new IllegalStateException("superseded by a move to " + t));
            }
            if (pending != null) {
                PublishConnection p = pending;
                pending = null;
                p.abort("superseded by a move to " + t);
            }
            if (reconnectTimer != null) {
                reconnectTimer.cancel(false);
            }
            move = f;
            moveFrom = primary != null ? primary.target() : null;
            moveOld = null;
            moveStartNanos = System.nanoTime();
            target = t;
            open(t);
        });
        return f;
    }

    /** Unpublishes every session in order and stops the camera; completes when all connections are closed. */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        loop.execute(() -> {
            if (stopped != null) {
                stopped.whenComplete((v, e) -> f.complete(null));
                return;
            }
            stopped = f;
            phase = Phase.STOPPING;
            if (reconnectTimer != null) {
                reconnectTimer.cancel(false);
            }
            started.completeExceptionally(new IllegalStateException("camera " + id + " stopped"));
            if (move != null) {
                move.completeExceptionally(new IllegalStateException("camera " + id + " stopped"));
                move = null;
            }
            if (pending != null) {
                pending.abort("camera stopped");
            }
            for (PublishConnection c : new PublishConnection[] {primary, retiring}) {
                if (c != null) {
                    c.unpublish("camera stopped");
                    closing.add(c);
                }
            }
            primary = null;
            retiring = null;
            maybeStopped();
        });
        return f;
    }

    /** A snapshot of the counters; safe from any thread. */
    public CameraStats stats() {
        long bytes = closedBytes;
        for (PublishConnection c : new PublishConnection[] {primary, pending, retiring}) {
            if (c != null) {
                bytes += c.bytesSent();
            }
        }
        PublishTarget t = target;
        return new CameraStats(
                id,
                phase,
                t == null ? null : t.toString(),
                framesGenerated,
                framesSent,
                framesDropped,
                framesUnsent,
                framesSkipped,
                audioSent,
                bytes,
                sessionsOpened,
                connectFailures,
                reconnects,
                moves,
                maxLagNanos / 1000,
                lastError);
    }

    /**
     * The worst frame lateness since the previous call, in microseconds, and starts a new interval (for periodic
     * summaries; a racing update may be lost, which a metric can afford).
     */
    public long takeRecentMaxLagMicros() {
        long v = recentLagNanos;
        recentLagNanos = 0;
        return v / 1000;
    }

    private void open(PublishTarget t) {
        PublishConnection c = PublishConnection.create(t, id, clip, config.connection(), loop, events);
        pending = c;
        sessionsOpened++;
        c.open(fleet.bootstrap());
    }

    /**
     * Makes the next frame a keyframe, as a camera does when asked for an IDR (a new viewer, the recorder after a
     * loss): the clip position jumps ahead to its next keyframe while counters and timestamps run on unchanged.
     * Returns false, doing nothing, for clips with B-frames: jumping in the middle of a reordered GOP would put
     * presentation times out of order.
     */
    public boolean requestKeyframe() {
        if (clip.hasCompositionOffsets()) {
            return false;
        }
        loop.execute(() -> keyframeRequested = true);
        return true;
    }

    /** Moves the clip position to the next keyframe, keeping the next frame's decode time where it was due. */
    private void jumpToKeyframe() {
        keyframeRequested = false;
        int n = clip.frameCount();
        long p = startFrame + clipJump + videoIndex;
        long skip = 0;
        while (!clip.video().get((int) ((p + skip) % n)).keyframe()) {
            skip++;
        }
        if (skip == 0) {
            return;
        }
        long q = p + skip;
        long dtsAtP =
                (p / n) * clip.loopDuration() + clip.video().get((int) (p % n)).dts();
        long dtsAtQ =
                (q / n) * clip.loopDuration() + clip.video().get((int) (q % n)).dts();
        clipJump += skip;
        dtsJump += dtsAtQ - dtsAtP; // the frame at q is sent in p's time slot
    }

    /** Sends every frame due by {@code now}; called by the fleet's pacer on this camera's event loop. */
    void pump(long now) {
        if (timelineStart < 0 || stopped != null) {
            return; // not started, or stopping: the timeline ends with the camera
        }
        long maxLag = config.maxLag().toNanos();
        int n = clip.frameCount();
        long loopLength = clip.loopDuration();
        while (true) {
            if (keyframeRequested) {
                jumpToKeyframe();
            }
            long p = startFrame + clipJump + videoIndex;
            Clip.VideoFrame f = clip.video().get((int) (p % n));
            long dts = (p / n) * loopLength + f.dts() - startDts - dtsJump;
            long videoDue = timelineStart + dts * 100_000 / 9; // 90 kHz ticks to ns
            long audioDue = clip.hasAudio()
                    ? timelineStart + audioIndex * Clip.AAC_FRAME_SAMPLES * 1_000_000_000L / clip.audioRate()
                    : Long.MAX_VALUE;
            if (videoDue <= audioDue) {
                if (videoDue > now) {
                    break;
                }
                if (now - videoDue > maxLag) {
                    framesSkipped++; // too far behind: drop rather than burst; connections resync at a keyframe
                    framesGenerated = ++videoIndex;
                    continue;
                }
                emitVideo(f, dts, (p / n) * loopLength + f.pts() - startDts - dtsJump, now - videoDue, now);
            } else {
                if (audioDue > now) {
                    break;
                }
                if (now - audioDue <= maxLag) {
                    emitAudio();
                }
                audioIndex++;
            }
        }
        if (retiring != null && now >= overlapEnd) {
            PublishConnection old = retiring;
            retiring = null;
            closing.add(old);
            old.unpublish("moved to " + (primary != null ? primary.target() : target));
        }
        if (primary != null) {
            primary.flush();
        }
        if (retiring != null) {
            retiring.flush();
        }
        if (pending != null) {
            pending.flush();
        }
    }

    private void emitVideo(Clip.VideoFrame f, long dts, long pts, long lag, long now) {
        long counter = videoIndex;
        long capture = wallStartMicros + pts * 100 / 9;
        byte[] marker = new FrameMarker(id, counter, capture).toH264Nal();
        VideoSample s = new VideoSample(f, dts, pts, counter, marker, capture);
        boolean sent = false;
        boolean dropped = false;
        for (PublishConnection c : new PublishConnection[] {primary, retiring, pending}) {
            if (c != null) {
                PublishConnection.Outcome o = c.video(s);
                sent |= o == PublishConnection.Outcome.SENT;
                dropped |= o == PublishConnection.Outcome.DROPPED;
            }
        }
        if (sent) {
            framesSent++;
        } else if (dropped) {
            framesDropped++;
        } else {
            framesUnsent++;
        }
        if (lag > maxLagNanos) {
            maxLagNanos = lag;
        }
        if (lag > recentLagNanos) {
            recentLagNanos = lag;
        }
        framesGenerated = ++videoIndex;
        if (pending != null && pending.hasStarted()) {
            promote(now);
        }
    }

    private void emitAudio() {
        byte[] data =
                clip.audio().get((int) ((audioStart + audioIndex) % clip.audio().size()));
        long time = audioIndex * Clip.AAC_FRAME_SAMPLES;
        AudioSample s = new AudioSample(data, time, wallStartMicros + time * 1_000_000 / clip.audioRate());
        boolean sent = false;
        for (PublishConnection c : new PublishConnection[] {primary, retiring, pending}) {
            if (c != null) {
                sent |= c.audio(s) == PublishConnection.Outcome.SENT;
            }
        }
        if (sent) {
            audioSent++;
        }
    }

    /** The pending session sent its first keyframe: it becomes the primary; the old one (if any) retires. */
    private void promote(long now) {
        PublishConnection old = primary;
        primary = pending;
        pending = null;
        failures = 0;
        phase = Phase.PUBLISHING;
        if (old != null) {
            if (retiring != null) {
                closing.add(retiring);
                retiring.unpublish("superseded");
            }
            retiring = old;
            overlapEnd = now + config.overlap().toNanos();
            if (move != null) {
                moveOld = old;
            }
        }
        LOG.debugf("camera %s: session to %s started at frame %d", id, primary.target(), primary.firstCounter());
        started.complete(null);
        listener.publishing(this, primary.target());
        if (move != null && moveOld == null) {
            completeMove(null);
        }
    }

    private void completeMove(PublishConnection old) {
        CompletableFuture<MoveResult> f = move;
        move = null;
        moveOld = null;
        moves++;
        MoveResult r = new MoveResult(
                moveFrom,
                primary != null ? primary.target() : target,
                primary != null ? primary.firstCounter() : -1,
                old != null ? old.lastCounter() : -1,
                Duration.ofNanos(System.nanoTime() - moveStartNanos));
        listener.moved(this, r);
        f.complete(r);
    }

    private void scheduleReconnect(String why) {
        if (stopped != null || pending != null) {
            return;
        }
        phase = Phase.RECONNECTING;
        failures++;
        long min = config.reconnectMin().toMillis();
        long delay = Math.min(config.reconnectMax().toMillis(), min << Math.min(20, failures - 1));
        delay = (long) (delay * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())); // jitter spreads a herd
        reconnectTimer = loop.schedule(
                () -> {
                    reconnectTimer = null;
                    targets.next(id, target, why)
                            .whenComplete((t, e) -> loop.execute(() -> {
                                if (stopped != null || pending != null || primary != null) {
                                    return;
                                }
                                if (e != null) {
                                    lastError = "no target: " + e.getMessage();
                                    scheduleReconnect(lastError);
                                    return;
                                }
                                target = t;
                                open(t);
                            }));
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    private void maybeStopped() {
        if (stopped != null && primary == null && pending == null && retiring == null && closing.isEmpty()) {
            phase = Phase.STOPPED;
            stopped.complete(null);
        }
    }

    /** Events routes connection events back into the camera. */
    private final class Events implements PublishConnection.Listener {
        @Override
        public void confirmed(PublishConnection c) {
            if (c != pending) {
                return;
            }
            if (timelineStart < 0) {
                timelineStart = System.nanoTime();
                wallStartMicros = System.currentTimeMillis() * 1000;
                pump(timelineStart); // frame 0 is a keyframe: the first session starts at once
            }
        }

        @Override
        public void closed(PublishConnection c, String reason) {
            closedBytes += c.bytesSent();
            closing.remove(c);
            if (c.wasRefused()) {
                connectFailures++;
            }
            if (c == pending) {
                pending = null;
                lastError = reason;
                LOG.debugf("camera %s: session to %s failed: %s", id, c.target(), reason);
                if (move != null) {
                    CompletableFuture<MoveResult> f = move;
                    move = null;
                    f.completeExceptionally(new IOException("move to " + c.target() + " failed: " + reason));
                }
                if (primary == null) {
                    scheduleReconnect(reason);
                }
            } else if (c == primary) {
                primary = null;
                lastError = reason;
                if (retiring != null && retiring.isPublishing()) {
                    primary = retiring; // the new session died during the overlap: the old one carries on
                    retiring = null;
                    if (move != null) {
                        CompletableFuture<MoveResult> f = move;
                        move = null;
                        moveOld = null;
                        f.completeExceptionally(new IOException("new session to " + c.target() + " closed: " + reason));
                    }
                } else if (stopped == null) {
                    LOG.infof("camera %s: session to %s ended (%s); reconnecting", id, c.target(), reason);
                    reconnects++;
                    listener.connectionLost(Camera.this, c.target(), reason);
                    scheduleReconnect(reason);
                }
            } else if (c == retiring) {
                retiring = null;
            }
            if (move != null && c == moveOld) {
                completeMove(c);
            }
            maybeStopped();
        }
    }
}
