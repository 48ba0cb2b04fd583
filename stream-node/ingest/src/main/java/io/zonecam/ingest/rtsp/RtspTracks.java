package io.zonecam.ingest.rtsp;

import io.zonecam.ingest.RejectReason;
import io.zonecam.ingest.session.Refusals;
import io.zonecam.ingest.track.TrackPipeline;
import io.zonecam.media.MediaFormatException;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.rtp.DepacketizerFactory;
import io.zonecam.media.rtp.RtpTrack;
import io.zonecam.media.sdp.MediaDescription;
import io.zonecam.media.sdp.SdpException;
import io.zonecam.media.sdp.SessionDescription;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * RtspTracks are the tracks an ANNOUNCE offered and the interleaved channels (RFC 2326 §10.12) they were set up on:
 * even channel RTP, the odd one after it RTCP.
 */
final class RtspTracks {

    private static final Logger LOG = Logger.getLogger(RtspTracks.class);

    /** Most media sections taken from one SDP; the rest are ignored. */
    static final int MAX_TRACKS = 8;

    static final RtspTracks NONE = new RtspTracks(List.of());

    private final List<RtspTrack> tracks;
    private final RtspTrack[] byChannel = new RtspTrack[256];

    private RtspTracks(List<RtspTrack> tracks) {
        this.tracks = List.copyOf(tracks);
    }

    /**
     * Offer is what an ANNOUNCE offers: its tracks, or the status to refuse it with and why (already counted and
     * logged).
     */
    record Offer(RtspTracks tracks, RtspStatus refusal, String why) {}

    /** Reads the tracks of an ANNOUNCE body: an SDP with at least one supported codec. */
    static Offer offered(RtspRequest r, TrackPipeline.Output out, Refusals refusals, InetSocketAddress remote) {
        String type = r.headers().get("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/sdp")) {
            return refuse(
                    refusals,
                    remote,
                    RejectReason.UNSUPPORTED,
                    RtspStatus.UNSUPPORTED_MEDIA_TYPE,
                    "ANNOUNCE body must be application/sdp");
        }
        List<String> skipped = new ArrayList<>();
        RtspTracks tracks;
        try {
            tracks = fromSdp(SessionDescription.parse(r.bodyText()), out, refusals, skipped);
        } catch (SdpException | MediaFormatException e) {
            refusals.malformed();
            String why = (e instanceof SdpException ? "bad SDP: " : "") + e.getMessage();
            return refuse(refusals, remote, RejectReason.MALFORMED, RtspStatus.BAD_REQUEST, why);
        }
        if (tracks.isEmpty()) {
            String why = "no supported track (H.264, H.265, AAC, G.711, Opus) in the SDP; got " + skipped;
            return refuse(refusals, remote, RejectReason.UNSUPPORTED, RtspStatus.UNSUPPORTED_MEDIA_TYPE, why);
        }
        if (!skipped.isEmpty()) {
            LOG.infof("RTSP %s: ignoring unsupported media %s", remote, skipped);
        }
        return new Offer(tracks, null, null);
    }

    private static Offer refuse(
            Refusals refusals, InetSocketAddress remote, RejectReason reason, RtspStatus status, String why) {
        refusals.refuse(reason, remote, why);
        return new Offer(null, status, why);
    }

    /**
     * The tracks of an SDP, numbered 1..n in SDP order (the RTP ports in m= lines mean nothing in an
     * ANNOUNCE: the transport comes with SETUP). Sections without a supported codec are described in {@code skipped}.
     *
     * @throws MediaFormatException when a supported codec's parameters are malformed
     */
    private static RtspTracks fromSdp(
            SessionDescription sdp, TrackPipeline.Output out, Refusals refusals, List<String> skipped) {
        List<RtspTrack> tracks = new ArrayList<>();
        for (MediaDescription md : sdp.media()) {
            if (tracks.size() >= MAX_TRACKS) {
                skipped.add(md.type() + " (more than " + MAX_TRACKS + " tracks)");
                continue;
            }
            int trackId = tracks.size() + 1;
            Optional<RtpTrack> rtp;
            try {
                rtp = DepacketizerFactory.create(md, trackId);
            } catch (MediaFormatException | IllegalArgumentException e) {
                throw new MediaFormatException("bad " + md.type() + " section in the SDP: " + e.getMessage(), e);
            }
            if (rtp.isEmpty()) {
                skipped.add(md.type() + " " + md.formats() + " " + md.attributes("rtpmap"));
                continue;
            }
            String control = md.control().orElse("trackID=" + trackId);
            tracks.add(new RtspTrack(trackId, control, rtp.get(), out, refusals));
        }
        return new RtspTracks(tracks);
    }

    boolean isEmpty() {
        return tracks.isEmpty();
    }

    /** The track a SETUP URI names, or null. */
    RtspTrack named(String uri) {
        return tracks.stream().filter(t -> t.isNamedBy(uri)).findFirst().orElse(null);
    }

    /** True when more than one track was announced (a SETUP of the aggregate URL is then ambiguous). */
    boolean several() {
        return tracks.size() > 1;
    }

    /**
     * Sets a track up on the channel pair the client asked for, or on the first free pair when that one is taken or
     * out of range; returns the RTP channel.
     */
    int interleave(RtspTrack t, int requested) {
        int ch = requested;
        if (ch < 0 || ch > 254 || byChannel[ch] != null || byChannel[ch + 1] != null) {
            ch = freeChannelPair();
        }
        t.channel = ch;
        byChannel[ch] = t;
        return ch;
    }

    /** The track whose RTP arrives on {@code channel}, or null (its RTCP channel, or a channel nobody set up). */
    RtspTrack onChannel(int channel) {
        return byChannel[channel];
    }

    /** True when {@code channel} is the RTP or RTCP channel of a set-up track. */
    boolean isSetUp(int channel) {
        return byChannel[channel] != null || byChannel[channel & ~1] != null;
    }

    /** The descriptions of the tracks set up, by track id. */
    List<TrackInfo> setUpInfos() {
        return tracks.stream().filter(t -> t.setUp).map(RtspTrack::info).toList();
    }

    /** Delivers what every track holds (at the end of a recording session). */
    void flush() {
        tracks.forEach(RtspTrack::flush);
    }

    /** Returns every UDP port pair. */
    void release() {
        tracks.forEach(RtspTrack::release);
    }

    private int freeChannelPair() {
        for (int ch = 0; ch < 255; ch += 2) {
            if (byChannel[ch] == null && byChannel[ch + 1] == null) {
                return ch;
            }
        }
        throw new IllegalStateException("no interleaved channel left"); // impossible with MAX_TRACKS
    }
}
