package io.zonecam.media.h264;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.bits.ByteSlice;
import io.zonecam.media.bits.Rbsp;
import io.zonecam.media.frame.Codec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * FrameMarker is the Zonecam frame marker: an SEI user_data_unregistered message (H.264 and H.265 Annex D, payloadType 5)
 * that the camera simulator puts in every picture so tests can prove that no frame was lost or duplicated between
 * the camera, the recordings and live view.
 *
 * <p>Payload layout after the SEI payload type/size (all integers big-endian):
 * <pre>
 *   16 bytes  uuid_iso_iec_11578 = {@link #UUID_VALUE} (dcc36308-4059-4777-9077-821a4c589126)
 *    1 byte   marker version = 1
 *    1 byte   camera id length n (1..64)
 *    n bytes  camera id, UTF-8
 *    8 bytes  frame counter (per camera, starts anywhere, +1 per picture)
 *    8 bytes  capture time, microseconds since the Unix epoch
 * </pre>
 *
 * @param cameraId          the camera id, 1..64 UTF-8 bytes
 * @param frameCounter      the picture number
 * @param captureTimeMicros capture wall-clock time in microseconds since the Unix epoch
 */
public record FrameMarker(String cameraId, long frameCounter, long captureTimeMicros) {

    /** The fixed UUID that identifies a Zonecam marker among other user data. */
    public static final UUID UUID_VALUE = UUID.fromString("dcc36308-4059-4777-9077-821a4c589126");
    /** Longest camera id in UTF-8 bytes. */
    public static final int MAX_CAMERA_ID_BYTES = 64;

    private static final int VERSION = 1;
    private static final byte[] UUID_BYTES = ByteBuffer.allocate(16)
            .putLong(UUID_VALUE.getMostSignificantBits())
            .putLong(UUID_VALUE.getLeastSignificantBits())
            .array();
    private static final int H265_PREFIX_SEI = 39;

    public FrameMarker {
        int n = cameraId.getBytes(StandardCharsets.UTF_8).length;
        if (n == 0 || n > MAX_CAMERA_ID_BYTES) {
            throw new IllegalArgumentException("camera id must be 1.." + MAX_CAMERA_ID_BYTES + " UTF-8 bytes");
        }
    }

    /** The user_data_unregistered payload: UUID and the fields above. */
    public byte[] payload() {
        byte[] id = cameraId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(16 + 2 + id.length + 16)
                .put(UUID_BYTES)
                .put((byte) VERSION)
                .put((byte) id.length)
                .put(id)
                .putLong(frameCounter)
                .putLong(captureTimeMicros)
                .array();
    }

    /** A complete H.264 SEI NAL unit (header 0x06, emulation prevention applied) carrying this marker. */
    public byte[] toH264Nal() {
        return nal(new byte[] {H264Nal.SEI});
    }

    /** A complete H.265 prefix SEI NAL unit (type 39, layer 0, temporal id 0) carrying this marker. */
    public byte[] toH265Nal() {
        return nal(new byte[] {(byte) (H265_PREFIX_SEI << 1), 1});
    }

    private byte[] nal(byte[] header) {
        byte[] rbsp = Sei.messageRbsp(Sei.USER_DATA_UNREGISTERED, payload());
        byte[] escaped = Rbsp.escape(rbsp, 0, rbsp.length);
        byte[] out = new byte[header.length + escaped.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(escaped, 0, out, header.length, escaped.length);
        return out;
    }

    /**
     * Returns a copy of a length-prefixed access unit with this marker's SEI NAL inserted before the first VCL
     * NAL unit, where H.264 §7.4.1.2.3 and H.265 §7.4.2.4.4 allow SEI.
     */
    public byte[] insertInto(byte[] accessUnit, Codec codec) {
        byte[] sei = codec == Codec.H265 ? toH265Nal() : toH264Nal();
        List<ByteSlice> nals = LengthPrefixed.split(accessUnit);
        int insertAt = accessUnit.length;
        int pos = 0;
        for (ByteSlice n : nals) {
            if (isVcl(n, codec)) {
                insertAt = pos;
                break;
            }
            pos += 4 + n.length();
        }
        byte[] out = new byte[accessUnit.length + 4 + sei.length];
        System.arraycopy(accessUnit, 0, out, 0, insertAt);
        LengthPrefixed.writeLength(out, insertAt, sei.length);
        System.arraycopy(sei, 0, out, insertAt + 4, sei.length);
        System.arraycopy(accessUnit, insertAt, out, insertAt + 4 + sei.length, accessUnit.length - insertAt);
        return out;
    }

    /**
     * Finds the marker in a length-prefixed access unit; empty when there is none. Malformed NAL framing throws
     * {@link MediaFormatException}; malformed SEI content is treated as no marker.
     */
    public static Optional<FrameMarker> find(byte[] accessUnit, Codec codec) {
        int pos = 0;
        while (pos + 4 < accessUnit.length) {
            long len = LengthPrefixed.readLength(accessUnit, pos);
            if (len <= 0 || len > accessUnit.length - pos - 4) {
                throw new MediaFormatException("NAL length " + len + " at " + pos + " runs past the access unit");
            }
            int start = pos + 4;
            int n = (int) len;
            boolean sei = codec == Codec.H265
                    ? n > 2 && ((accessUnit[start] >> 1) & 0x3f) == H265_PREFIX_SEI
                    : n > 1 && H264Nal.type(accessUnit[start]) == H264Nal.SEI;
            if (sei) {
                int header = codec == Codec.H265 ? 2 : 1;
                Optional<FrameMarker> m = fromSeiNal(accessUnit, start + header, n - header);
                if (m.isPresent()) {
                    return m;
                }
            }
            pos = start + n;
        }
        return Optional.empty();
    }

    /** Parses a user_data_unregistered payload; empty when it is not a Zonecam marker or is malformed. */
    public static Optional<FrameMarker> parsePayload(byte[] data, int offset, int length) {
        MediaFormatException.checkRange(data.length, offset, length, "marker");
        if (length < 18 + 1 + 16) {
            return Optional.empty();
        }
        for (int i = 0; i < 16; i++) {
            if (data[offset + i] != UUID_BYTES[i]) {
                return Optional.empty();
            }
        }
        int version = data[offset + 16] & 0xff;
        int idLen = data[offset + 17] & 0xff;
        if (version != VERSION || idLen == 0 || idLen > MAX_CAMERA_ID_BYTES || length < 18 + idLen + 16) {
            return Optional.empty();
        }
        String id;
        try {
            id = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, offset + 18, idLen))
                    .toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(data, offset + 18 + idLen, 16);
        return Optional.of(new FrameMarker(id, b.getLong(), b.getLong()));
    }

    private static Optional<FrameMarker> fromSeiNal(byte[] data, int offset, int length) {
        byte[] rbsp = Rbsp.unescape(data, offset, length);
        FrameMarker[] found = new FrameMarker[1];
        try {
            Sei.forEachMessage(rbsp, 0, rbsp.length, (type, buf, off, len) -> {
                if (type == Sei.USER_DATA_UNREGISTERED) {
                    found[0] = parsePayload(buf, off, len).orElse(null);
                }
                return found[0] == null;
            });
        } catch (MediaFormatException malformed) {
            // A broken SEI is not our marker; the picture itself may still be fine.
        }
        return Optional.ofNullable(found[0]);
    }

    private static boolean isVcl(ByteSlice nal, Codec codec) {
        return codec == Codec.H265 ? ((nal.get(0) >> 1) & 0x3f) < 32 : H264Nal.isVcl(H264Nal.type(nal.get(0)));
    }
}
