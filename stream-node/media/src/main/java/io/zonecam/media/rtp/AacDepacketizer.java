package io.zonecam.media.rtp;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.bits.BitReader;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.timing.TimestampUnwrapper;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * AacDepacketizer extracts AAC access units from RFC 3640 (mpeg4-generic) payloads with AU headers made of an
 * AU-size and an AU-Index/AU-Index-delta (modes AAC-hbr and AAC-lbr, §3.3.5–3.3.6), including access units
 * fragmented over several packets (§3.2.3.1).
 *
 * <p>The n-th access unit of a packet is stamped {@code rtpTimestamp + n × frameLength}; interleaving (non-zero
 * AU-Index) is not supported and such packets are dropped. A sequence gap drops the fragment in progress.
 */
public final class AacDepacketizer implements Depacketizer {

    /** Most access units taken from one packet. */
    public static final int MAX_AUS_PER_PACKET = 64;

    private final int trackId;
    private final int sizeLength;
    private final int indexLength;
    private final int indexDeltaLength;
    private final int frameLength;
    private final TimestampUnwrapper unwrapper;
    private final int[] sizes = new int[MAX_AUS_PER_PACKET];
    private byte[] fragment = new byte[0];
    private int fragmentFill = -1;
    private long fragmentTimestamp;
    private final SequenceNumbers sequence = new SequenceNumbers();
    private long dropped;

    /**
     * @param trackId          the track id for emitted frames
     * @param clockRate        the RTP clock rate (the sample rate)
     * @param frameLength      samples per AU (1024, or 960)
     * @param sizeLength       bits of AU-size (13 for AAC-hbr, 6 for AAC-lbr)
     * @param indexLength      bits of AU-Index (3 / 2)
     * @param indexDeltaLength bits of AU-Index-delta (3 / 2)
     */
    public AacDepacketizer(
            int trackId, int clockRate, int frameLength, int sizeLength, int indexLength, int indexDeltaLength) {
        if (sizeLength < 1
                || sizeLength > 16
                || indexLength < 0
                || indexLength > 8
                || indexDeltaLength < 0
                || indexDeltaLength > 8) {
            throw new MediaFormatException(
                    "unsupported AU header layout " + sizeLength + "/" + indexLength + "/" + indexDeltaLength);
        }
        this.trackId = trackId;
        this.sizeLength = sizeLength;
        this.indexLength = indexLength;
        this.indexDeltaLength = indexDeltaLength;
        this.frameLength = frameLength;
        this.unwrapper = TimestampUnwrapper.forClockRate(clockRate, frameLength);
    }

    /** A depacketizer for AAC-hbr (13/3/3) with 1024-sample frames. */
    public static AacDepacketizer hbr(int trackId, int clockRate) {
        return new AacDepacketizer(trackId, clockRate, 1024, 13, 3, 3);
    }

    @Override
    public void push(RtpPacket p, Consumer<MediaFrame> out) {
        int gap = sequence.gapBefore(p.sequenceNumber());
        if (gap == SequenceNumbers.STALE) {
            dropped++;
            return;
        }
        if (gap > 0 && fragmentFill >= 0) {
            fragmentFill = -1; // the rest of a fragmented AU was lost
            dropped++;
        }
        try {
            parse(p, out);
        } catch (MediaFormatException e) {
            fragmentFill = -1;
            dropped++;
        }
    }

    private void parse(RtpPacket p, Consumer<MediaFrame> out) {
        byte[] buf = p.buffer();
        int off = p.payloadOffset();
        int len = p.payloadLength();
        if (len < 2) {
            throw new MediaFormatException("no AU-headers-length");
        }
        int headerBits = ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
        int headerBytes = (headerBits + 7) / 8;
        if (headerBits == 0 || 2 + headerBytes > len) {
            throw new MediaFormatException("AU headers do not fit the payload");
        }
        BitReader r = new BitReader(buf, off + 2, headerBytes);
        int count = 0;
        long total = 0;
        while (r.position() + sizeLength <= headerBits) {
            if (count == MAX_AUS_PER_PACKET) {
                throw new MediaFormatException("too many AUs in one packet");
            }
            int size = r.readInt(sizeLength);
            int index = r.readInt(count == 0 ? indexLength : indexDeltaLength);
            if (index != 0) {
                throw new MediaFormatException("interleaved AAC is not supported");
            }
            sizes[count++] = size;
            total += size;
        }
        int dataOff = off + 2 + headerBytes;
        int dataLen = len - 2 - headerBytes;
        if (count == 0) {
            throw new MediaFormatException("no AU header");
        }
        if (count == 1 && sizes[0] > dataLen) {
            appendFragment(p, sizes[0], buf, dataOff, dataLen, out);
            return;
        }
        if (fragmentFill >= 0) {
            fragmentFill = -1; // a fragment never finished
            dropped++;
        }
        if (total > dataLen) {
            throw new MediaFormatException("AU sizes exceed the payload");
        }
        long ts = unwrapper.unwrap(p.timestamp());
        int pos = dataOff;
        for (int i = 0; i < count; i++) {
            if (sizes[i] == 0) {
                continue;
            }
            byte[] au = Arrays.copyOfRange(buf, pos, pos + sizes[i]);
            pos += sizes[i];
            long t = ts + (long) i * frameLength;
            out.accept(new MediaFrame(trackId, t, t, true, au));
        }
    }

    private void appendFragment(RtpPacket p, int size, byte[] buf, int off, int len, Consumer<MediaFrame> out) {
        if (fragmentFill < 0 || fragment.length != size || fragmentTimestamp != p.timestamp()) {
            if (fragmentFill >= 0) {
                dropped++;
            }
            fragment = new byte[size];
            fragmentFill = 0;
            fragmentTimestamp = p.timestamp();
        }
        if (len > size - fragmentFill) {
            throw new MediaFormatException("AU fragment overflows its AU-size");
        }
        System.arraycopy(buf, off, fragment, fragmentFill, len);
        fragmentFill += len;
        if (p.marker()) {
            if (fragmentFill != size) {
                throw new MediaFormatException("fragmented AU ended short");
            }
            long t = unwrapper.unwrap(p.timestamp());
            out.accept(new MediaFrame(trackId, t, t, true, fragment));
            fragment = new byte[0];
            fragmentFill = -1;
        }
    }

    @Override
    public long dropped() {
        return dropped;
    }
}
