package io.zonecam.pictures.decode;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.fmp4.BoxReader;
import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.PictureException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * FragmentedMp4 is a whole fragmented MP4 file (a clip export, a test or benchmark clip) split into its CMAF
 * header and its fragments, ready for {@link CodedVideo#fromFragments}.
 *
 * @param init      ftyp + moov (and anything before the first moof)
 * @param fragments each moof with the mdat after it
 */
public record FragmentedMp4(byte[] init, List<byte[]> fragments) {

    public FragmentedMp4 {
        fragments = List.copyOf(fragments);
    }

    /** Splits {@code file}; throws {@link Reason#CORRUPT_DATA} when its boxes do not add up. */
    public static FragmentedMp4 split(byte[] file) {
        try {
            List<BoxReader.Box> boxes = BoxReader.boxes(file);
            int initEnd = -1;
            List<byte[]> fragments = new ArrayList<>();
            for (int i = 0; i < boxes.size(); i++) {
                BoxReader.Box b = boxes.get(i);
                if (b.type().equals("moov")) {
                    initEnd = b.end();
                } else if (b.type().equals("moof")) {
                    if (i + 1 == boxes.size() || !boxes.get(i + 1).type().equals("mdat")) {
                        throw new MediaFormatException("moof at " + b.offset() + " without its mdat");
                    }
                    fragments.add(Arrays.copyOfRange(
                            file, b.offset(), boxes.get(i + 1).end()));
                }
            }
            if (initEnd < 0) {
                throw new MediaFormatException("no moov box");
            }
            return new FragmentedMp4(Arrays.copyOf(file, initEnd), fragments);
        } catch (MediaFormatException e) {
            throw new PictureException(Reason.CORRUPT_DATA, "fragmented MP4: " + e.getMessage());
        }
    }
}
