package io.zonecam.ingest.rtsp;

import io.zonecam.ingest.session.Refusals;
import io.zonecam.ingest.track.TrackPipeline;
import io.zonecam.media.MediaFormatException;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.rtp.NalDepacketizer;
import io.zonecam.media.rtp.RtpPacket;
import io.zonecam.media.rtp.RtpTrack;

/**
 * RtspTrack is one media section of an announced SDP: its control URL, the RTP payload type and depacketizer chosen
 * for it, how it was set up (interleaved channel or UDP ports), and its {@link TrackPipeline} into the session.
 */
final class RtspTrack {

    final int trackId;
    final String control;
    private final RtpTrack rtp;
    private final TrackPipeline pipeline;
    private final Refusals refusals;
    boolean setUp;
    int channel = -1;
    RtspConnection.UdpPorts udp;

    RtspTrack(int trackId, String control, RtpTrack rtp, TrackPipeline.Output out, Refusals refusals) {
        this.trackId = trackId;
        this.control = control;
        this.rtp = rtp;
        this.refusals = refusals;
        TrackInfo info = rtp.info();
        this.pipeline = info.isVideo()
                ? TrackPipeline.video(trackId, info.codec(), info.timescale(), info.parameterSets(), true, out)
                : TrackPipeline.rtpAudio(info, out);
    }

    /** The track's current description (parameter sets may have arrived in-band). */
    TrackInfo info() {
        return pipeline.info();
    }

    /** True when a SETUP URI names this track: its a=control as an absolute URL or as the last part of the URI. */
    boolean isNamedBy(String uri) {
        return uri.equals(control) || uri.endsWith("/" + control);
    }

    /** One RTP packet of this track, from its interleaved channel or its UDP port. */
    void rtp(byte[] data) {
        RtpPacket p;
        try {
            p = RtpPacket.parse(data, data.length);
        } catch (MediaFormatException e) {
            refusals.malformed();
            return;
        }
        if (p.payloadType() != rtp.payloadType()) {
            refusals.frameDropped();
            return;
        }
        rtp.depacketizer().push(p, pipeline::push);
    }

    /** Delivers what is held: a last access unit that never saw its marker bit, frames held for decode times. */
    void flush() {
        if (rtp.depacketizer() instanceof NalDepacketizer n) {
            n.flush(pipeline::push);
        }
        pipeline.flush();
    }

    /** Returns the UDP ports, if any. */
    void release() {
        if (udp != null) {
            udp.close();
            udp = null;
        }
    }
}
