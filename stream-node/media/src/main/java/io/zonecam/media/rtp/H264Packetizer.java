package io.zonecam.media.rtp;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.h264.H264Nal;
import io.zonecam.media.h264.LengthPrefixed;
import java.util.ArrayList;
import java.util.List;

/**
 * H264Packetizer splits length-prefixed H.264 access units into RTP payloads for packetization-mode 1
 * (RFC 6184 §6.3): a single NAL unit packet (§5.6) when the NAL fits, FU-A fragments (§5.8) otherwise, and
 * optionally one STAP-A (§5.7.1) for consecutive SPS/PPS.
 *
 * <p>Each NAL byte is copied exactly once, straight into the buffer the {@link PayloadSink} provides. The marker
 * bit is set on the last payload of the access unit. Instances hold no per-stream state and are thread-safe.
 */
public final class H264Packetizer {

    private final int maxPayload;
    private final int headroom;
    private final boolean aggregateParameterSets;

    /**
     * @param maxPayloadSize         largest RTP payload, e.g. 1200 for WebRTC, MTU − IP/UDP/RTP headers otherwise
     * @param headroom               bytes left free before each payload for the RTP header (0 or 12+)
     * @param aggregateParameterSets put adjacent SPS and PPS into one STAP-A
     */
    public H264Packetizer(int maxPayloadSize, int headroom, boolean aggregateParameterSets) {
        if (maxPayloadSize < 3 || headroom < 0) {
            throw new IllegalArgumentException("maxPayloadSize must be at least 3 and headroom not negative");
        }
        this.maxPayload = maxPayloadSize;
        this.headroom = headroom;
        this.aggregateParameterSets = aggregateParameterSets;
    }

    /** Packetizes a whole length-prefixed access unit; returns the number of payloads emitted. */
    public int packetize(byte[] accessUnit, PayloadSink sink) {
        return packetize(accessUnit, 0, accessUnit.length, sink);
    }

    /** Packetizes {@code length} bytes at {@code offset}; throws {@link MediaFormatException} on bad NAL lengths. */
    public int packetize(byte[] data, int offset, int length, PayloadSink sink) {
        var nals = LengthPrefixed.split(data, offset, length);
        int packets = 0;
        int i = 0;
        while (i < nals.size()) {
            var nal = nals.get(i);
            int runEnd = i + 1;
            int stapSize = 1 + 2 + nal.length();
            if (aggregateParameterSets && isParameterSet(nal.get(0))) {
                while (runEnd < nals.size()
                        && isParameterSet(nals.get(runEnd).get(0))
                        && stapSize + 2 + nals.get(runEnd).length() <= maxPayload) {
                    stapSize += 2 + nals.get(runEnd).length();
                    runEnd++;
                }
            }
            boolean lastRun = runEnd == nals.size();
            if (runEnd - i > 1) {
                byte[] buf = sink.buffer(headroom + stapSize);
                int pos = headroom + 1;
                int nri = 0;
                int forbidden = 0;
                for (int j = i; j < runEnd; j++) {
                    var n = nals.get(j);
                    nri = Math.max(nri, n.get(0) & 0x60);
                    forbidden |= n.get(0) & 0x80;
                    buf[pos] = (byte) (n.length() >> 8);
                    buf[pos + 1] = (byte) n.length();
                    System.arraycopy(n.array(), n.offset(), buf, pos + 2, n.length());
                    pos += 2 + n.length();
                }
                // §5.7.1: F is the OR and NRI the maximum over the aggregated NAL units.
                buf[headroom] = (byte) (forbidden | nri | H264Nal.STAP_A);
                sink.packet(buf, headroom, stapSize, lastRun);
                packets++;
            } else if (nal.length() <= maxPayload) {
                byte[] buf = sink.buffer(headroom + nal.length());
                System.arraycopy(nal.array(), nal.offset(), buf, headroom, nal.length());
                sink.packet(buf, headroom, nal.length(), lastRun);
                packets++;
            } else {
                packets += fragment(nal.array(), nal.offset(), nal.length(), lastRun, sink);
            }
            i = runEnd;
        }
        return packets;
    }

    /** Packetizes and returns each payload as its own array (tests, the camera simulator). */
    public List<byte[]> packetize(byte[] accessUnit) {
        List<byte[]> out = new ArrayList<>();
        packetize(accessUnit, (buf, off, len, marker) -> {
            byte[] p = new byte[len];
            System.arraycopy(buf, off, p, 0, len);
            out.add(p);
        });
        return out;
    }

    private int fragment(byte[] src, int off, int len, boolean lastNal, PayloadSink sink) {
        int header = src[off] & 0xff;
        int indicator = (header & 0xe0) | H264Nal.FU_A;
        int type = header & 0x1f;
        int chunk = maxPayload - 2;
        int pos = off + 1; // the NAL header is not sent; it is rebuilt from indicator and FU header
        int end = off + len;
        int packets = 0;
        while (pos < end) {
            int n = Math.min(chunk, end - pos);
            boolean first = pos == off + 1;
            boolean last = pos + n == end;
            byte[] buf = sink.buffer(headroom + 2 + n);
            buf[headroom] = (byte) indicator;
            buf[headroom + 1] = (byte) ((first ? 0x80 : 0) | (last ? 0x40 : 0) | type);
            System.arraycopy(src, pos, buf, headroom + 2, n);
            sink.packet(buf, headroom, 2 + n, last && lastNal);
            pos += n;
            packets++;
        }
        return packets;
    }

    private static boolean isParameterSet(int header) {
        int t = H264Nal.type(header);
        return t == H264Nal.SPS || t == H264Nal.PPS;
    }
}
