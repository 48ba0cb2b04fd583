package io.zonecam.sim.publish;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.zonecam.media.rtp.AacPacketizer;
import io.zonecam.media.rtp.PayloadSink;
import io.zonecam.sim.clip.Clip;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * RtspPublisher publishes as RTSP cameras and ffmpeg do (RFC 2326 §A.1, record direction): ANNOUNCE with an SDP,
 * SETUP per track with TCP-interleaved transport (§10.12), RECORD, then {@code $}-framed RTP; GET_PARAMETER keeps
 * the session alive (§10.8) and TEARDOWN ends it.
 *
 * <p>Video is H.264 packetization-mode 1 (RFC 6184): the clip's pre-built payloads with the frame-marker SEI as a
 * single NAL unit packet in front of the first slice. Audio is AAC-hbr (RFC 3640 §3.3.6). The RTP timestamp is the
 * presentation time on the camera's timeline plus a random offset (RFC 3550 §5.1), so it runs on across loops.
 * Every 5 s each track gets an RTCP sender report (RFC 3550 §6.4.1) on its odd channel, mapping its RTP clock to
 * the frames' capture time, as cameras send them for lip sync.
 */
final class RtspPublisher extends PublishConnection {

    private static final Logger LOG = Logger.getLogger(RtspPublisher.class);
    private static final int VIDEO_PT = 96;
    private static final int AUDIO_PT = 97;
    private static final int INTERLEAVED_HEADER = 4;
    private static final int RTP_HEADER = 12;
    private static final Pattern INTERLEAVED = Pattern.compile("interleaved=(\\d+)");
    private static final Pattern TIMEOUT = Pattern.compile("timeout=(\\d+)");

    private final String url;
    private final String authorization;
    private final ArrayDeque<String> inFlight = new ArrayDeque<>();
    private final AacPacketizer aac;
    private int cseq;
    private String session;
    private int sessionTimeoutSeconds = 60;
    private int videoChannel = 0;
    private int audioChannel = 2;
    private int setUpTracks;
    private ScheduledFuture<?> keepAlive;
    private ScheduledFuture<?> reports;
    private final TrackCounters videoCounters = new TrackCounters();
    private final TrackCounters audioCounters = new TrackCounters();

    /** TrackCounters keeps what a sender report needs: packets, payload octets and the last timestamp pair. */
    private static final class TrackCounters {
        long packets;
        long octets;
        int rtpTime;
        long captureMicros = -1;
    }

    private final int videoSsrc;
    private final int audioSsrc;
    private final int videoTsOffset;
    private final int audioTsOffset;
    private int videoSeq;
    private int audioSeq;
    private byte[] audioScratch = new byte[256];

    RtspPublisher(Setup setup) {
        super(setup);
        this.url = target.url().toString();
        this.authorization = target.token() == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((cameraId + ":" + target.token()).getBytes(StandardCharsets.UTF_8));
        this.aac = new AacPacketizer(clip.rtpMaxPayload(), 0);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        videoSsrc = r.nextInt();
        audioSsrc = r.nextInt();
        videoTsOffset = r.nextInt();
        audioTsOffset = r.nextInt();
        videoSeq = r.nextInt(0x10000);
        audioSeq = r.nextInt(0x10000);
    }

    @Override
    protected void initPipeline(ChannelPipeline p) {
        p.addLast("rtspDecoder", new RtspResponseDecoder());
        p.addLast("rtsp", new Handler());
    }

    /** The SDP of the ANNOUNCE (RFC 4566), as ffmpeg writes it for a record session. */
    String sdp() {
        StringBuilder s = new StringBuilder(512);
        s.append("v=0\r\n")
                .append("o=- ")
                .append(Integer.toUnsignedString(videoSsrc))
                .append(" 1 IN IP4 127.0.0.1\r\n")
                .append("s=Zonecam simulated camera\r\n")
                .append("c=IN IP4 ")
                .append(
                        target.url().getHost().contains(":")
                                ? "0.0.0.0"
                                : target.url().getHost())
                .append("\r\n")
                .append("t=0 0\r\n")
                .append("a=tool:zonecam-camera-sim\r\n")
                .append("m=video 0 RTP/AVP ")
                .append(VIDEO_PT)
                .append("\r\n")
                .append("a=rtpmap:")
                .append(VIDEO_PT)
                .append(" H264/90000\r\n")
                .append("a=fmtp:")
                .append(VIDEO_PT)
                .append(" packetization-mode=1; sprop-parameter-sets=")
                .append(Base64.getEncoder().encodeToString(clip.sps()))
                .append(',')
                .append(Base64.getEncoder().encodeToString(clip.pps()))
                .append("; profile-level-id=")
                .append(clip.profileLevelId().toUpperCase(java.util.Locale.ROOT))
                .append("\r\n")
                .append("a=control:streamid=0\r\n");
        if (clip.hasAudio()) {
            s.append("m=audio 0 RTP/AVP ")
                    .append(AUDIO_PT)
                    .append("\r\n")
                    .append("a=rtpmap:")
                    .append(AUDIO_PT)
                    .append(" MPEG4-GENERIC/")
                    .append(clip.audioRate())
                    .append('/')
                    .append(clip.audioConfig().channels())
                    .append("\r\n")
                    .append("a=fmtp:")
                    .append(AUDIO_PT)
                    .append(" profile-level-id=1;mode=AAC-hbr;sizelength=13;")
                    .append("indexlength=3;indexdeltalength=3; config=")
                    .append(HexFormat.of().formatHex(clip.audioConfig().toByteArray()))
                    .append("\r\n")
                    .append("a=control:streamid=1\r\n");
        }
        return s.toString();
    }

    private void request(String method, String uri, String extraHeaders, String body) {
        StringBuilder r = new StringBuilder(256);
        r.append(method)
                .append(' ')
                .append(uri)
                .append(" RTSP/1.0\r\n")
                .append("CSeq: ")
                .append(++cseq)
                .append("\r\n")
                .append("User-Agent: zonecam-camera-sim\r\n");
        if (authorization != null) {
            r.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (session != null) {
            r.append("Session: ").append(session).append("\r\n");
        }
        if (extraHeaders != null) {
            r.append(extraHeaders);
        }
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0) {
            r.append("Content-Length: ").append(b.length).append("\r\n");
        }
        r.append("\r\n");
        ByteBuf out = channel.alloc().buffer(r.length() + b.length);
        ByteBufUtil.writeUtf8(out, r);
        out.writeBytes(b);
        inFlight.add(method);
        channel.writeAndFlush(out, channel.voidPromise());
    }

    private void setupNext() {
        boolean audio = setUpTracks == 1;
        int ch = audio ? audioChannel : videoChannel;
        request(
                "SETUP",
                url + "/streamid=" + setUpTracks,
                "Transport: RTP/AVP/TCP;unicast;interleaved=" + ch + "-" + (ch + 1) + ";mode=record\r\n",
                null);
    }

    private void response(RtspResponseDecoder.Response r) {
        String method = inFlight.poll();
        if (method == null) {
            fail("RTSP response without a request: " + r.status() + " " + r.reason());
            return;
        }
        if (r.status() != 200) {
            String why = "RTSP " + method + " answered " + r.status() + " " + r.reason()
                    + (r.body().isBlank() ? "" : ": " + r.body().strip());
            if (method.equals("GET_PARAMETER")) {
                LOG.debugf("camera %s: %s", cameraId, why); // keep-alive answers do not end a session
                return;
            }
            if (method.equals("TEARDOWN")) {
                abort(why);
                return;
            }
            fail(why);
            return;
        }
        switch (method) {
            case "ANNOUNCE" -> setupNext();
            case "SETUP" -> {
                String s = r.header("Session");
                if (s == null) {
                    fail("RTSP SETUP answered without a Session header");
                    return;
                }
                int semi = s.indexOf(';');
                session = (semi < 0 ? s : s.substring(0, semi)).trim();
                Matcher t = TIMEOUT.matcher(s);
                if (t.find()) {
                    sessionTimeoutSeconds = Math.max(2, Integer.parseInt(t.group(1)));
                }
                String transport = r.header("Transport");
                Matcher m = transport == null ? null : INTERLEAVED.matcher(transport);
                if (m != null && m.find()) {
                    // The server may pick other channels (RFC 2326 §12.39): send on the ones it answered.
                    int ch = Integer.parseInt(m.group(1));
                    if (setUpTracks == 0) {
                        videoChannel = ch;
                    } else {
                        audioChannel = ch;
                    }
                }
                setUpTracks++;
                if (setUpTracks == 1 && clip.hasAudio()) {
                    setupNext();
                } else {
                    request("RECORD", url, "Range: npt=0.000-\r\n", null);
                }
            }
            case "RECORD" -> {
                long period = Math.max(1, sessionTimeoutSeconds / 2);
                keepAlive = loop.scheduleAtFixedRate(
                        () -> request("GET_PARAMETER", url, null, null), period, period, TimeUnit.SECONDS);
                reports = loop.scheduleAtFixedRate(this::senderReports, 1, 5, TimeUnit.SECONDS);
                confirmed();
            }
            case "TEARDOWN" -> abort("unpublished");
            default -> {}
        }
    }

    @Override
    protected int writeVideo(VideoSample s) {
        Clip.VideoFrame f = s.frame();
        List<byte[]> prefix = f.rtpPrefix();
        List<byte[]> body = f.rtpBody();
        int size = INTERLEAVED_HEADER + RTP_HEADER + s.marker().length;
        for (byte[] p : prefix) {
            size += INTERLEAVED_HEADER + RTP_HEADER + p.length;
        }
        for (byte[] p : body) {
            size += INTERLEAVED_HEADER + RTP_HEADER + p.length;
        }
        ByteBuf out = channel.alloc().directBuffer(size);
        int ts = videoTsOffset + (int) s.pts();
        videoCounters.packets += prefix.size() + 1 + body.size();
        videoCounters.octets += size - (prefix.size() + 1 + body.size()) * (INTERLEAVED_HEADER + RTP_HEADER);
        videoCounters.rtpTime = ts;
        videoCounters.captureMicros = s.captureMicros();
        for (byte[] p : prefix) {
            packet(out, videoChannel, VIDEO_PT, false, videoSeq++, ts, videoSsrc, p, 0, p.length);
        }
        // The marker SEI goes before the first slice (H.264 §7.4.1.2.3) as a single NAL unit packet (RFC 6184 §5.6).
        packet(out, videoChannel, VIDEO_PT, false, videoSeq++, ts, videoSsrc, s.marker(), 0, s.marker().length);
        int last = body.size() - 1;
        for (int i = 0; i <= last; i++) {
            byte[] p = body.get(i);
            packet(out, videoChannel, VIDEO_PT, i == last, videoSeq++, ts, videoSsrc, p, 0, p.length);
        }
        channel.write(out, channel.voidPromise());
        return size;
    }

    @Override
    protected int writeAudio(AudioSample s) {
        int ts = audioTsOffset + (int) s.time();
        audioCounters.rtpTime = ts;
        audioCounters.captureMicros = s.captureMicros();
        int[] written = {0};
        aac.packetize(s.data(), 0, s.data().length, new PayloadSink() {
            @Override
            public byte[] buffer(int capacity) {
                if (audioScratch.length < capacity) {
                    audioScratch = new byte[capacity];
                }
                return audioScratch; // sent synchronously below, so one scratch array serves every packet
            }

            @Override
            public void packet(byte[] buf, int off, int len, boolean marker) {
                ByteBuf out = channel.alloc().directBuffer(INTERLEAVED_HEADER + RTP_HEADER + len);
                RtspPublisher.packet(out, audioChannel, AUDIO_PT, marker, audioSeq++, ts, audioSsrc, buf, off, len);
                audioCounters.packets++;
                audioCounters.octets += len;
                written[0] += out.readableBytes();
                channel.write(out, channel.voidPromise());
            }
        });
        return written[0];
    }

    /** Writes one interleaved frame (RFC 2326 §10.12) holding an RTP packet with a fixed header (RFC 3550 §5.1). */
    private static void packet(
            ByteBuf out,
            int channel,
            int pt,
            boolean marker,
            int seq,
            int ts,
            int ssrc,
            byte[] payload,
            int off,
            int len) {
        out.writeByte('$');
        out.writeByte(channel);
        out.writeShort(RTP_HEADER + len);
        out.writeByte(0x80); // V=2, no padding, no extension, no CSRC
        out.writeByte((marker ? 0x80 : 0) | pt);
        out.writeShort(seq);
        out.writeInt(ts);
        out.writeInt(ssrc);
        out.writeBytes(payload, off, len);
    }

    /** One RTCP SR per track that has sent media, without report blocks (RFC 3550 §6.4.1). */
    private void senderReports() {
        if (!isPublishing()) {
            return;
        }
        senderReport(videoChannel + 1, videoSsrc, videoCounters);
        senderReport(audioChannel + 1, audioSsrc, audioCounters);
        channel.flush();
    }

    private void senderReport(int rtcpChannel, int ssrc, TrackCounters c) {
        if (c.captureMicros < 0) {
            return;
        }
        // NTP time (seconds since 1900, 32.32 fixed point) of the last packet's capture, paired with its RTP time.
        long seconds = c.captureMicros / 1_000_000 + 2_208_988_800L;
        long fraction = ((c.captureMicros % 1_000_000) << 32) / 1_000_000;
        ByteBuf out = channel.alloc().directBuffer(INTERLEAVED_HEADER + 28);
        out.writeByte('$');
        out.writeByte(rtcpChannel);
        out.writeShort(28);
        out.writeByte(0x80); // V=2, P=0, RC=0
        out.writeByte(200); // PT=SR
        out.writeShort(6); // length in 32-bit words minus one
        out.writeInt(ssrc);
        out.writeInt((int) seconds);
        out.writeInt((int) fraction);
        out.writeInt(c.rtpTime);
        out.writeInt((int) c.packets);
        out.writeInt((int) c.octets);
        channel.write(out, channel.voidPromise());
    }

    @Override
    protected void sendUnpublish() {
        request("TEARDOWN", url, null, null);
    }

    @Override
    protected void onClosed() {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        if (reports != null) {
            reports.cancel(false);
        }
    }

    /** Handler drives the request sequence from the server's responses. */
    private final class Handler extends SimpleChannelInboundHandler<RtspResponseDecoder.Response> {
        @Override
        public void channelActive(ChannelHandlerContext c) {
            request("ANNOUNCE", url, "Content-Type: application/sdp\r\n", sdp());
            c.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext c, RtspResponseDecoder.Response r) {
            response(r);
        }
    }
}
