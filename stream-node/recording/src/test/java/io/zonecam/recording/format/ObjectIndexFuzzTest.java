package io.zonecam.recording.format;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zonecam.media.MediaFormatException;

/**
 * ObjectIndexFuzzTest feeds arbitrary bytes to the object-head reader (what playback reads from the store):
 * only {@link MediaFormatException} may escape, and a parsed index must be self-consistent.
 */
class ObjectIndexFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void headReaderThrowsOnlyTheFormatException(byte[] input) {
        try {
            long end = ObjectIndex.headerEnd(input);
            if (end > ObjectIndex.MAX_HEADER) {
                throw new AssertionError("asked for more than the header bound: " + end);
            }
            if (end > input.length) {
                return;
            }
            ObjectIndex idx = ObjectIndex.parse(input, -1);
            long pos = idx.firstFragmentOffset();
            for (int i = 0; i < idx.fragmentCount(); i++) {
                if (idx.fragmentOffset(i) != pos || idx.fragmentSize(i) <= 0) {
                    throw new AssertionError("fragment ranges not contiguous");
                }
                pos += idx.fragmentSize(i);
            }
            if (idx.initLength() > input.length) {
                throw new AssertionError("init longer than the head");
            }
        } catch (MediaFormatException expected) {
            // fine: bad input is refused
        }
        try {
            InitInfo.parse(input);
        } catch (MediaFormatException expected) {
            // fine
        }
    }
}
