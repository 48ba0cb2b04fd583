package io.zonecam.sim.publish;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.sim.clip.Clip;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * PublishConnection is one publish session of one camera to one node over one TCP connection; {@link RtspPublisher}
 * and {@link RtmpPublisher} implement the protocols.
 *
 * <p>Every method runs on the camera's event loop. A connection is confirmed when the node accepted the publish
 * (RTSP RECORD 200, RTMP NetStream.Publish.Start); from then on the camera offers it every frame. It sends its first
 * video frame at a keyframe, so what a node receives always starts decodable, and after any gap (a dropped frame,
 * frames skipped by an overloaded simulator) it waits for the next keyframe again. When the socket's write buffer is
 * above the high water mark frames are dropped and counted rather than queued.
 */
public abstract class PublishConnection {

    private static final Logger LOG = Logger.getLogger(PublishConnection.class);

    /** State is where a connection is; it only moves forward. */
    public enum State {
        CONNECTING,
        NEGOTIATING,
        PUBLISHING,
        CLOSING,
        CLOSED
    }

    /** Outcome says what happened to one offered frame. */
    public enum Outcome {
        /** Written to the socket. */
        SENT,
        /** Not for this connection (not publishing yet, or waiting for a keyframe). */
        SKIPPED,
        /** Dropped because the socket's write buffer was full, or while waiting for a keyframe after such a drop. */
        DROPPED
    }

    /** Listener hears about confirmation and the end of the connection, on the event loop. */
    public interface Listener {
        /** The node accepted the publish. */
        void confirmed(PublishConnection connection);

        /** The connection is closed; {@code reason} says why; called exactly once. */
        void closed(PublishConnection connection, String reason);
    }

    /**
     * Setup is what a connection is opened with: the node to publish to, the camera and its clip, the connection
     * settings, the camera's event loop and who hears about the connection.
     */
    record Setup(
            PublishTarget target,
            String cameraId,
            Clip clip,
            ConnectionConfig config,
            EventLoop loop,
            Listener listener) {}

    protected final PublishTarget target;
    protected final String cameraId;
    protected final Clip clip;
    protected final ConnectionConfig config;
    protected final EventLoop loop;
    private final Listener listener;

    protected Channel channel;
    private State state = State.CONNECTING;
    private String closeReason;
    private boolean refused;
    private ScheduledFuture<?> confirmDeadline;
    private ScheduledFuture<?> lingerDeadline;
    private boolean needKeyframe = true;
    private boolean dropping;
    private boolean videoStarted;
    private long lastOffered = Long.MIN_VALUE;
    private boolean dirty;

    private volatile long bytesSent;
    private volatile long firstCounter = -1;
    private volatile long lastCounter = -1;

    protected PublishConnection(Setup setup) {
        this.target = setup.target();
        this.cameraId = setup.cameraId();
        this.clip = setup.clip();
        this.config = setup.config();
        this.loop = setup.loop();
        this.listener = setup.listener();
    }

    /** A connection for the target's protocol; {@link #open(Bootstrap)} starts it. */
    public static PublishConnection create(
            PublishTarget target,
            String cameraId,
            Clip clip,
            ConnectionConfig config,
            EventLoop loop,
            Listener listener) {
        Setup setup = new Setup(target, cameraId, clip, config, loop, listener);
        return target.protocol() == IngestProtocol.RTMP ? new RtmpPublisher(setup) : new RtspPublisher(setup);
    }

    /** Adds the protocol handlers to a new channel's pipeline. */
    protected abstract void initPipeline(ChannelPipeline pipeline);

    /** Writes one video frame (without flushing); returns the bytes written. */
    protected abstract int writeVideo(VideoSample sample);

    /** Writes one audio frame, or returns -1 when it falls before this session's start. */
    protected abstract int writeAudio(AudioSample sample);

    /** Sends the protocol's orderly end (RTSP TEARDOWN, RTMP FCUnpublish/deleteStream). */
    protected abstract void sendUnpublish();

    /** Connects on the camera's event loop with the fleet's bootstrap options. */
    public final void open(Bootstrap base) {
        Bootstrap b = base.clone(loop)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        config.connectTimeout().toMillis())
                .option(
                        ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.writeBufferLow(), config.writeBufferHigh()))
                .option(ChannelOption.SO_SNDBUF, config.sendBuffer() > 0 ? config.sendBuffer() : null)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initPipeline(ch.pipeline());
                        ch.pipeline().addLast("errors", new ErrorHandler());
                    }
                });
        ChannelFuture f = b.connect(target.url().getHost(), target.port());
        channel = f.channel();
        channel.closeFuture().addListener(x -> {
            if (state == State.CONNECTING || state == State.NEGOTIATING) {
                refused = true;
            }
            finish(
                    closeReason != null
                            ? closeReason
                            : state == State.CONNECTING
                                    ? "could not connect to " + target
                                    : "connection closed by the node");
        });
        f.addListener(x -> {
            if (!x.isSuccess()) {
                refused = true;
                if (closeReason == null) {
                    closeReason =
                            "connect to " + target + " failed: " + x.cause().getMessage();
                }
                channel.close();
                finish(closeReason);
            } else if (state == State.CONNECTING) {
                state = State.NEGOTIATING;
            }
        });
        confirmDeadline = loop.schedule(
                () -> {
                    if (state == State.CONNECTING || state == State.NEGOTIATING) {
                        fail("not confirmed within " + config.confirmTimeout().toMillis() + " ms");
                    }
                },
                config.confirmTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Binds an already open channel (an embedded one in codec tests) as if the node had confirmed the publish. */
    final void attach(Channel ch) {
        channel = ch;
        state = State.PUBLISHING;
    }

    /** Subclasses call this when the node accepted the publish. */
    protected final void confirmed() {
        if (state != State.NEGOTIATING && state != State.CONNECTING) {
            return;
        }
        state = State.PUBLISHING;
        confirmDeadline.cancel(false);
        LOG.debugf("camera %s publishing to %s", cameraId, target);
        listener.confirmed(this);
    }

    /** Subclasses call this when the node refused or the protocol failed; closes at once. */
    protected final void fail(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        if (state != State.PUBLISHING && state != State.CLOSING) {
            refused = true;
        }
        closeReason = reason;
        channel.close();
    }

    /** Offers one video frame; see the class comment for when it is sent. */
    public final Outcome video(VideoSample s) {
        if (state != State.PUBLISHING) {
            return Outcome.SKIPPED;
        }
        if (lastOffered != Long.MIN_VALUE && s.counter() != lastOffered + 1) {
            needKeyframe = true; // a gap: the decoder needs a new IDR
        }
        lastOffered = s.counter();
        if (needKeyframe && !s.keyframe()) {
            if (dropping) {
                return Outcome.DROPPED; // lost to back-pressure as surely as the frame that did not fit
            }
            return Outcome.SKIPPED;
        }
        if (!channel.isWritable()) {
            needKeyframe = true;
            dropping = true;
            return Outcome.DROPPED;
        }
        needKeyframe = false;
        dropping = false;
        int n = writeVideo(s);
        bytesSent += n;
        if (!videoStarted) {
            videoStarted = true;
            firstCounter = s.counter();
        }
        lastCounter = s.counter();
        dirty = true;
        return Outcome.SENT;
    }

    /** Offers one audio frame; audio flows once video has started on this connection. */
    public final Outcome audio(AudioSample s) {
        if (state != State.PUBLISHING || !videoStarted) {
            return Outcome.SKIPPED;
        }
        if (!channel.isWritable()) {
            return Outcome.DROPPED;
        }
        int n = writeAudio(s);
        if (n < 0) {
            return Outcome.SKIPPED;
        }
        bytesSent += n;
        dirty = true;
        return Outcome.SENT;
    }

    /** Flushes what the frames of this tick wrote. */
    public final void flush() {
        if (dirty) {
            dirty = false;
            channel.flush();
        }
    }

    /**
     * Ends the session in order: no more frames, the protocol's unpublish, then close when the node closes or after
     * the linger time. Before confirmation it simply closes.
     */
    public final void unpublish(String why) {
        if (state == State.CLOSED || state == State.CLOSING) {
            return;
        }
        if (state != State.PUBLISHING) {
            abort(why);
            return;
        }
        state = State.CLOSING;
        closeReason = why;
        sendUnpublish();
        channel.flush();
        lingerDeadline = loop.schedule(
                () -> {
                    channel.close();
                },
                config.linger().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Closes at once. */
    public final void abort(String why) {
        if (state == State.CLOSED) {
            return;
        }
        if (closeReason == null) {
            closeReason = why;
        }
        if (channel != null) {
            channel.close();
        } else {
            finish(why);
        }
    }

    private void finish(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (confirmDeadline != null) {
            confirmDeadline.cancel(false);
        }
        if (lingerDeadline != null) {
            lingerDeadline.cancel(false);
        }
        onClosed();
        listener.closed(this, reason);
    }

    /** Hook for subclasses to cancel their timers. */
    protected void onClosed() {}

    /** True while frames are accepted. */
    public final boolean isPublishing() {
        return state == State.PUBLISHING;
    }

    /** True once this connection has sent its first keyframe. */
    public final boolean hasStarted() {
        return videoStarted;
    }

    /** True when the connection ended before the node confirmed it (refused, unreachable, timed out). */
    public final boolean wasRefused() {
        return refused;
    }

    public final State state() {
        return state;
    }

    public final PublishTarget target() {
        return target;
    }

    public final long bytesSent() {
        return bytesSent;
    }

    /** The counter of the first video frame sent, -1 before. */
    public final long firstCounter() {
        return firstCounter;
    }

    /** The counter of the last video frame sent, -1 before. */
    public final long lastCounter() {
        return lastCounter;
    }

    /** Closes the connection on unexpected errors; I/O errors are the normal end of a connection the node dropped. */
    private final class ErrorHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof java.io.IOException) {
                LOG.debugf("camera %s connection to %s: %s", cameraId, target, cause.toString());
                abort("I/O error: " + cause.getMessage());
            } else {
                LOG.warnf(cause, "camera %s connection to %s failed", cameraId, target);
                fail("protocol error: " + cause);
            }
        }
    }
}
