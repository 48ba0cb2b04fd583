package io.zonecam.webrtc.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zonecam.webrtc.demux.DatagramClassifier;
import io.zonecam.webrtc.demux.DatagramKind;
import io.zonecam.webrtc.ice.IceTcpFraming;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the first code that touches bytes from a viewer: the shared-port datagram classifier (RFC 7983 §7 first-byte
 * ranges, RFC 5761 §4 RTP/RTCP split) and the ICE-TCP framing decoder (RFC 4571 length prefixes), each against a
 * reference reading of its RFC.
 */
class TransportFramingFuzzTest {

    /** Any slice, in or out of bounds: no exception, and the kind the RFC tables give. */
    @FuzzTest(maxDuration = "30s")
    void classifierFollowsTheRfcTables(FuzzedDataProvider data) {
        int offset = data.consumeInt(-4, 40);
        int length = data.consumeInt(-4, 80);
        byte[] d = data.consumeRemainingAsBytes();
        DatagramKind kind = DatagramClassifier.kindOf(d, offset, length);
        DatagramKind expected = expectedKind(d, offset, length);
        if (kind != expected) {
            throw new AssertionError("classified " + kind + ", RFC 7983/5761 say " + expected);
        }
    }

    private static DatagramKind expectedKind(byte[] d, int offset, int length) {
        if (offset < 0 || length <= 0 || (long) offset + length > d.length) {
            return DatagramKind.UNKNOWN;
        }
        int b0 = d[offset] & 0xFF;
        if (b0 <= 3) {
            return length >= 20 ? DatagramKind.STUN : DatagramKind.UNKNOWN;
        }
        if (b0 >= 20 && b0 <= 63) {
            return length >= 13 ? DatagramKind.DTLS : DatagramKind.UNKNOWN;
        }
        if (b0 >= 128 && b0 <= 191 && length >= 2) {
            int pt = d[offset + 1] & 0x7F;
            boolean rtcp = pt >= 64 && pt <= 95;
            return length >= (rtcp ? 8 : 12) ? (rtcp ? DatagramKind.RTCP : DatagramKind.RTP) : DatagramKind.UNKNOWN;
        }
        return DatagramKind.UNKNOWN;
    }

    /**
     * A byte stream cut into arbitrary reads: the frames the decoder delivers, and whether it gives up, are exactly
     * those of reading the whole stream at once; no frame exceeds the limit.
     */
    @FuzzTest(maxDuration = "30s")
    void iceTcpDecoderMatchesAWholeStreamReading(FuzzedDataProvider data) {
        int max = data.consumeInt(1, 2048);
        List<Integer> cuts = new ArrayList<>();
        for (int n = data.consumeInt(0, 8); n > 0; n--) {
            cuts.add(data.consumeInt(0, 64));
        }
        byte[] stream = data.consumeBoolean() ? frames(data, max) : data.consumeRemainingAsBytes();

        IceTcpFraming.Decoder decoder = new IceTcpFraming.Decoder(max);
        List<byte[]> got = new ArrayList<>();
        boolean ok = true;
        int pos = 0;
        for (int i = 0; ok && pos < stream.length; i++) {
            int n = i < cuts.size() ? Math.min(cuts.get(i), stream.length - pos) : stream.length - pos;
            ok = decoder.feed(stream, pos, n, (buf, off, len) -> {
                if (len > max) {
                    throw new AssertionError("frame of " + len + " over the limit " + max);
                }
                got.add(Arrays.copyOfRange(buf, off, off + len));
            });
            pos += n;
        }

        List<byte[]> expected = new ArrayList<>();
        boolean expectedOk = wholeStream(stream, max, expected);
        if (got.size() != expected.size()) {
            throw new AssertionError("decoded " + got.size() + " frames, the whole stream has " + expected.size());
        }
        for (int i = 0; i < got.size(); i++) {
            if (!Arrays.equals(got.get(i), expected.get(i))) {
                throw new AssertionError("frame " + i + " differs");
            }
        }
        if (ok != expectedOk) {
            throw new AssertionError("decoder says ok=" + ok + ", whole stream says " + expectedOk);
        }
        if (decoder.frames() != got.size()) {
            throw new AssertionError("frames() is " + decoder.frames() + ", delivered " + got.size());
        }
    }

    /** Reads frames until the stream ends or a prefix announces more than the limit (then false). */
    private static boolean wholeStream(byte[] s, int max, List<byte[]> out) {
        int p = 0;
        while (s.length - p >= 2) {
            int len = (s[p] & 0xFF) << 8 | (s[p + 1] & 0xFF);
            if (len > max) {
                return false;
            }
            if (s.length - p - 2 < len) {
                return true; // incomplete: waits for more bytes
            }
            out.add(Arrays.copyOfRange(s, p + 2, p + 2 + len));
            p += 2 + len;
        }
        return true;
    }

    private static byte[] frames(FuzzedDataProvider data, int max) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int n = data.consumeInt(0, 6); n > 0; n--) {
            byte[] payload = data.consumeBytes(data.consumeInt(0, Math.min(max, 300)));
            byte[] framed = new byte[payload.length + IceTcpFraming.HEADER_LENGTH];
            IceTcpFraming.frame(payload, 0, payload.length, framed, 0);
            out.writeBytes(framed);
        }
        out.writeBytes(data.consumeBytes(data.consumeInt(0, 4)));
        return out.toByteArray();
    }
}
