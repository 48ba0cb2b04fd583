package io.zonecam.sim.camera;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.zonecam.sim.clip.Clip;
import io.zonecam.sim.publish.AudioSample;
import io.zonecam.sim.publish.PublishConnection;
import io.zonecam.sim.publish.PublishTarget;
import io.zonecam.sim.publish.VideoSample;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * SimulatedCamera is one simulated camera: a real-time timeline over the shared clip ({@link ClipTimeline}: a frame
 * counter that never repeats or restarts while the camera lives), and the publish sessions that carry the timeline to
 * nodes. The timeline starts when the first session is confirmed; time runs on while the camera is disconnected, so
 * frames it could not send show up as gaps in the counters, exactly as a real camera loses them.
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
public final class SimulatedCamera {

    private static final Logger LOG = Logger.getLogger(SimulatedCamera.class);

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
    private final ClipTimeline timeline;
    private final PublishConnection.Listener events = new Events();

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
    private final CameraCounters counters = new CameraCounters();

    SimulatedCamera(String id, CameraFleet fleet, EventLoop loop, TargetSource targets) {
        this.id = id;
        this.fleet = fleet;
        this.loop = loop;
        this.targets = targets;
        this.clip = fleet.clip();
        this.config = fleet.config();
        this.timeline = new ClipTimeline(id, clip, config.randomStart());
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
        long bytes = 0;
        for (PublishConnection c : sessions()) {
            bytes += c.bytesSent();
        }
        PublishTarget t = target;
        return counters.snapshot(id, phase, t == null ? null : t.toString(), bytes);
    }

    /**
     * The worst frame lateness since the previous call, in microseconds, and starts a new interval (for periodic
     * summaries; a racing update may be lost, which a metric can afford).
     */
    public long takeRecentMaxLagMicros() {
        return counters.takeRecentMaxLagMicros();
    }

    private void open(PublishTarget t) {
        PublishConnection c = PublishConnection.create(t, id, clip, config.connection(), loop, events);
        pending = c;
        counters.sessionsOpened++;
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
        loop.execute(timeline::requestKeyframe);
        return true;
    }

    /** Sends every frame due by {@code now}; called by the fleet's pacer on this camera's event loop. */
    void pump(long now) {
        if (!timeline.started() || stopped != null) {
            return; // not started, or stopping: the timeline ends with the camera
        }
        long maxLag = config.maxLag().toNanos();
        while (true) {
            long videoDue = timeline.videoDue();
            long audioDue = timeline.audioDue();
            if (videoDue <= audioDue) {
                if (videoDue > now) {
                    break;
                }
                if (now - videoDue > maxLag) {
                    counters.framesSkipped++; // too far behind: drop rather than burst; connections resync at a
                    // keyframe
                    timeline.skipVideo();
                    counters.framesGenerated = timeline.videoFrames();
                    continue;
                }
                emitVideo(timeline.takeVideo(), now - videoDue, now);
            } else {
                if (audioDue > now) {
                    break;
                }
                if (now - audioDue <= maxLag) {
                    emitAudio(timeline.takeAudio());
                } else {
                    timeline.skipAudio();
                }
            }
        }
        if (retiring != null && now >= overlapEnd) {
            PublishConnection old = retiring;
            retiring = null;
            closing.add(old);
            old.unpublish("moved to " + (primary != null ? primary.target() : target));
        }
        for (PublishConnection c : sessions()) {
            c.flush();
        }
    }

    /** The open sessions in sending order: primary, retiring, pending (every frame goes to each). */
    private List<PublishConnection> sessions() {
        List<PublishConnection> open = new ArrayList<>(3);
        for (PublishConnection c : new PublishConnection[] {primary, retiring, pending}) {
            if (c != null) {
                open.add(c);
            }
        }
        return open;
    }

    private void emitVideo(VideoSample s, long lag, long now) {
        boolean sent = false;
        boolean dropped = false;
        for (PublishConnection c : sessions()) {
            PublishConnection.Outcome o = c.video(s);
            sent |= o == PublishConnection.Outcome.SENT;
            dropped |= o == PublishConnection.Outcome.DROPPED;
        }
        if (sent) {
            counters.framesSent++;
        } else if (dropped) {
            counters.framesDropped++;
        } else {
            counters.framesUnsent++;
        }
        counters.lag(lag);
        counters.framesGenerated = timeline.videoFrames();
        if (pending != null && pending.hasStarted()) {
            promote(now);
        }
    }

    private void emitAudio(AudioSample s) {
        boolean sent = false;
        for (PublishConnection c : sessions()) {
            sent |= c.audio(s) == PublishConnection.Outcome.SENT;
        }
        if (sent) {
            counters.audioSent++;
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
        counters.moves++;
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
        long delay = config.reconnectDelayMillis(failures);
        reconnectTimer = loop.schedule(
                () -> {
                    reconnectTimer = null;
                    targets.next(id, target, why)
                            .whenComplete((t, e) -> loop.execute(() -> {
                                if (stopped != null || pending != null || primary != null) {
                                    return;
                                }
                                if (e != null) {
                                    counters.lastError = "no target: " + e.getMessage();
                                    scheduleReconnect(counters.lastError);
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
            if (!timeline.started()) {
                long now = System.nanoTime();
                timeline.start(now);
                pump(now); // frame 0 is a keyframe: the first session starts at once
            }
        }

        @Override
        public void closed(PublishConnection c, String reason) {
            counters.closedBytes += c.bytesSent();
            closing.remove(c);
            if (c.wasRefused()) {
                counters.connectFailures++;
            }
            if (c == pending) {
                pending = null;
                counters.lastError = reason;
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
                counters.lastError = reason;
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
                    counters.reconnects++;
                    listener.connectionLost(SimulatedCamera.this, c.target(), reason);
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
