package io.zonecam.media.fmp4;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zonecam.media.MediaFormatException;
import java.util.List;

/** BoxReaderFuzzTest walks arbitrary bytes as ISO BMFF and decodes fragments; only the format exception may escape. */
class BoxReaderFuzzTest {

    private static final List<String> CONTAINERS =
            List.of("moov", "trak", "mdia", "minf", "stbl", "mvex", "moof", "traf", "dinf", "edts");

    @FuzzTest(maxDuration = "30s")
    void readerThrowsOnlyTheFormatException(byte[] input) {
        try {
            walk(input, BoxReader.boxes(input), 0);
        } catch (MediaFormatException expected) {
            // fine
        }
        try {
            FragmentReader.read(input, 0, input.length);
        } catch (MediaFormatException expected) {
            // fine
        }
    }

    private static void walk(byte[] data, List<BoxReader.Box> boxes, int depth) {
        for (BoxReader.Box b : boxes) {
            switch (b.type()) {
                case "tfhd" -> BoxReader.tfhd(data, b);
                case "tfdt" -> BoxReader.tfdt(data, b);
                case "trun" -> BoxReader.trun(data, b);
                default -> {
                    if (CONTAINERS.contains(b.type()) && depth < 16) {
                        walk(data, BoxReader.children(data, b), depth + 1);
                    }
                }
            }
        }
    }
}
