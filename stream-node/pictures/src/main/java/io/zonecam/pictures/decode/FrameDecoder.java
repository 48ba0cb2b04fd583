package io.zonecam.pictures.decode;

import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.PictureException.Reason;
import io.zonecam.pictures.av.Av;
import java.util.List;

/**
 * FrameDecoder turns coded video into the picture shown at an instant, with FFmpeg's H.264 and H.265 decoders
 * (libavcodec; Baseline to High, Main and Main 10).
 *
 * <p>Each call opens its own single-threaded decoder, feeds it only what {@link DecodePlan} chose (the keyframe
 * alone for {@link Selection#KEYFRAME}; the keyframe up to the wanted frame for the others, in decode order, then a
 * drain so that B-frame reordering releases it) and frees every native allocation before it returns, except the
 * returned {@link Picture}. Calls are independent: the decoder is thread-safe, and one thread per core is the
 * intended parallelism. Every failure is a {@link PictureException}; bad input never crashes the JVM.
 */
public final class FrameDecoder {

    static {
        Av.load();
    }

    private final boolean preview;

    /** A decoder of pictures exactly as the stream codes them (snapshots). */
    public FrameDecoder() {
        this(false);
    }

    private FrameDecoder(boolean preview) {
        this.preview = preview;
    }

    /**
     * A decoder for small previews (thumbnails): it skips the in-loop deblocking filter, a fifth or so of a keyframe's
     * decode; the block edges it would smooth are a pixel or two wide in the full picture and average away when it
     * is scaled down several times. Not for full-size pictures, nor for decoding past the keyframe (the references
     * would be unfiltered and errors would build up): {@link #decodeKeyframe} is what it is for.
     */
    public static FrameDecoder forPreviews() {
        return new FrameDecoder(true);
    }

    /** The picture shown at {@code ptsMicros} on the track's media timeline. */
    public Picture decode(CodedVideo video, long ptsMicros, Selection selection) {
        return decodeAt(video, video.track().ticks(ptsMicros), selection);
    }

    /** The picture shown at {@code ptsTicks} in the track's timescale. */
    public Picture decodeAt(CodedVideo video, long ptsTicks, Selection selection) {
        DecodePlan plan = DecodePlan.of(video, ptsTicks, selection);
        List<AccessUnit> units = video.units();
        AccessUnit target = units.get(plan.target());
        try (NativeDecoder decoder =
                new NativeDecoder(video.track(), preview && plan.feed().size() == 1)) {
            for (int i : plan.feed()) {
                Picture p = decoder.send(units.get(i), target.pts());
                if (p != null) {
                    return p;
                }
            }
            Picture p = decoder.drain(target.pts());
            if (p == null && plan.leading()) {
                throw new PictureException(
                        Reason.NO_KEYFRAME,
                        "the frame at pts " + target.pts()
                                + " leads its keyframe and needs the GOP before: pass it too");
            }
            if (p == null) {
                throw new PictureException(
                        Reason.CORRUPT_DATA,
                        "the decoder did not produce the frame at pts " + target.pts() + " (missing references?)");
            }
            return p;
        }
    }

    /** One keyframe decoded alone: the thumbnail path, no other picture of the stream is decoded. */
    public Picture decodeKeyframe(VideoTrack track, AccessUnit keyframe) {
        if (!keyframe.keyframe()) {
            throw new PictureException(Reason.NO_KEYFRAME, "access unit at pts " + keyframe.pts() + " is no keyframe");
        }
        return decodeAt(new CodedVideo(track, List.of(keyframe)), keyframe.pts(), Selection.KEYFRAME);
    }
}
