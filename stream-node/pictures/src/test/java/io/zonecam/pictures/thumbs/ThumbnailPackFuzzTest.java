package io.zonecam.pictures.thumbs;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * ThumbnailPackFuzzTest feeds arbitrary bytes to the pack reader (what the node reads back from the store): only
 * {@link ThumbnailPackFormatException} may escape, and a parsed index must describe ranges inside the pack.
 */
class ThumbnailPackFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void packReaderThrowsOnlyTheFormatException(byte[] input) {
        try {
            ThumbnailPackIndex index = ThumbnailPackIndex.parse(input, input.length);
            long end = ThumbnailPack.headSize(index.capacity());
            for (ThumbnailPack.Entry e : index.entries()) {
                if (e.offset() < end || e.offset() + e.length() > input.length) {
                    throw new AssertionError("entry outside the pack: " + e);
                }
                end = e.offset() + e.length();
                try {
                    ThumbnailPackReader.picture(
                            (o, l) -> Arrays.copyOfRange(input, (int) o, (int) Math.min(input.length, o + l)), e);
                } catch (java.io.IOException impossible) {
                    throw new AssertionError(impossible);
                }
            }
        } catch (ThumbnailPackFormatException expected) {
            // fine: bad input is refused
        }
    }
}
