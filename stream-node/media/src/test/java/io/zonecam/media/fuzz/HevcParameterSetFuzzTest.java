package io.zonecam.media.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zonecam.media.MediaFormatException;
import io.zonecam.media.h265.H265Sps;
import io.zonecam.media.h265.HevcDecoderConfigurationRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Fuzzes H.265 parameter sets the way cameras deliver them (RTSP sprop-vps/sps/pps, RTMP enhanced FLV hvcC): VPS,
 * SPS and PPS NAL units, mostly x265's real ones with a few bytes changed, go through {@link H265Sps} and into an
 * {@code hvcC} record. Only {@link MediaFormatException} may come out; an accepted SPS has a picture size within
 * bounds and 8..16-bit depths; and what the recorder writes into the init segment reads back as the same record
 * (profile fields and every parameter set), so playback gets exactly what the camera sent.
 */
class HevcParameterSetFuzzTest {

    private static final byte[] VPS = HexFormat.of().parseHex("40010c01ffff01600000030090000003000003003c959809");
    private static final byte[] SPS = HexFormat.of()
            .parseHex("42010101600000030090000003000003003ca00a080f165959a4932bc05a020000030002000003003210");
    private static final byte[] PPS = HexFormat.of().parseHex("4401c172b46240");

    @FuzzTest(maxDuration = "30s")
    void parameterSetsParseWithinBoundsAndRoundTripThroughHvcC(FuzzedDataProvider data) {
        List<byte[]> sets = new ArrayList<>();
        for (int n = data.consumeInt(1, 5); n > 0 && data.remainingBytes() > 0; n--) {
            sets.add(
                    switch (data.consumeInt(0, 4)) {
                        case 0 -> mutate(data, VPS);
                        case 1, 2 -> mutate(data, SPS);
                        case 3 -> mutate(data, PPS);
                        default -> data.consumeBytes(data.consumeInt(0, 80));
                    });
        }
        for (byte[] s : sets) {
            try {
                H265Sps sps = H265Sps.parse(s);
                if (sps.width() < 1
                        || sps.height() < 1
                        || sps.width() > H265Sps.MAX_DIMENSION
                        || sps.height() > H265Sps.MAX_DIMENSION) {
                    throw new AssertionError("accepted an SPS of " + sps.width() + "x" + sps.height());
                }
                if (sps.bitDepthLuma() < 8
                        || sps.bitDepthLuma() > 16
                        || sps.bitDepthChroma() < 8
                        || sps.bitDepthChroma() > 16) {
                    throw new AssertionError("accepted bit depths " + sps.bitDepthLuma() + "/" + sps.bitDepthChroma());
                }
                if (sps.codecString() == null || sps.codecString().isEmpty()) {
                    throw new AssertionError("no codec string for " + sps);
                }
            } catch (MediaFormatException expected) {
                // not an SPS, or a broken one
            }
        }
        HevcDecoderConfigurationRecord record;
        try {
            record = HevcDecoderConfigurationRecord.of(sets);
        } catch (MediaFormatException expected) {
            return;
        }
        HevcDecoderConfigurationRecord back = HevcDecoderConfigurationRecord.parse(record.toByteArray());
        if (!back.sps().equals(record.sps())) {
            throw new AssertionError("hvcC round trip changed the SPS: " + record.sps() + " -> " + back.sps());
        }
        List<byte[]> before = record.parameterSets();
        List<byte[]> after = back.parameterSets();
        if (before.size() != after.size()) {
            throw new AssertionError("hvcC round trip kept " + after.size() + " of " + before.size() + " sets");
        }
        for (int i = 0; i < before.size(); i++) {
            if (!Arrays.equals(before.get(i), after.get(i))) {
                throw new AssertionError("hvcC round trip changed parameter set " + i);
            }
        }
    }

    /** The NAL unit with a few bytes overwritten, and maybe cut or extended. */
    private static byte[] mutate(FuzzedDataProvider data, byte[] nal) {
        byte[] b = nal.clone();
        for (int n = data.consumeInt(0, 3); n > 0; n--) {
            b[data.consumeInt(0, b.length - 1)] = data.consumeByte();
        }
        return switch (data.consumeInt(0, 5)) {
            case 0 -> Arrays.copyOf(b, data.consumeInt(0, b.length));
            case 1 -> {
                byte[] tail = data.consumeBytes(data.consumeInt(0, 40));
                byte[] longer = Arrays.copyOf(b, b.length + tail.length);
                System.arraycopy(tail, 0, longer, b.length, tail.length);
                yield longer;
            }
            default -> b;
        };
    }
}
