package io.zonecam.pictures.decode;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.h264.H264Nal;
import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.PictureException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * DecodePlan decides, from timestamps alone, which access unit shows at an instant and which ones the decoder must
 * be fed to produce it: from the keyframe that precedes it (in both decode and presentation order) up to it, in
 * decode order, leaving out H.264 pictures that nothing refers to (nal_ref_idc 0, H.264 §7.4.1) other than the
 * target. Requiring the keyframe to precede the target in presentation order as well sends a leading picture of
 * an open GOP (an H.265 RASL picture, shown before its CRA but decoded after it, which refers to the GOP before)
 * back to the previous keyframe.
 *
 * @param target  the index (decode order) of the unit to show
 * @param feed    the indices to send to the decoder, in decode order, ending with {@code target}
 * @param leading true when the target is a leading picture decoded from the keyframe after it (its own GOP's
 *                keyframe is not among the units): the decoder may drop it
 */
record DecodePlan(int target, List<Integer> feed, boolean leading) {

    static DecodePlan of(CodedVideo video, long instant, Selection selection) {
        List<AccessUnit> units = video.units();
        if (units.isEmpty()) {
            throw new PictureException(Reason.NO_ACCESS_UNITS, "no access units to decode");
        }
        if (units.stream().noneMatch(AccessUnit::keyframe)) {
            throw new PictureException(Reason.NO_KEYFRAME, "no keyframe among " + units.size() + " access units");
        }
        int target = lastShown(units, instant, selection == Selection.KEYFRAME);
        if (target < 0) {
            throw new PictureException(
                    Reason.NO_FRAME_AT_INSTANT,
                    "no " + (selection == Selection.KEYFRAME ? "keyframe" : "frame") + " shown at or before "
                            + instant);
        }
        if (selection == Selection.EXACT && instant >= units.get(target).pts() + displayTicks(units, target)) {
            throw new PictureException(Reason.NO_FRAME_AT_INSTANT, "no frame on screen at " + instant);
        }
        if (selection == Selection.KEYFRAME) {
            return new DecodePlan(target, List.of(target), false);
        }
        int start = startKeyframe(units, target);
        boolean skipNonReference = video.track().codec() == Codec.H264;
        List<Integer> feed = new ArrayList<>();
        for (int i = start; i <= target; i++) {
            if (i == target
                    || !skipNonReference
                    || !nonReference(units.get(i).data(), video.track().nalLengthSize())) {
                feed.add(i);
            }
        }
        return new DecodePlan(
                target,
                List.copyOf(feed),
                units.get(start).pts() > units.get(target).pts());
    }

    /** The unit with the largest presentation time at or before {@code instant}, -1 when none. */
    private static int lastShown(List<AccessUnit> units, long instant, boolean keyframesOnly) {
        int best = -1;
        for (int i = 0; i < units.size(); i++) {
            AccessUnit u = units.get(i);
            if ((!keyframesOnly || u.keyframe())
                    && u.pts() <= instant
                    && (best < 0 || u.pts() > units.get(best).pts())) {
                best = i;
            }
        }
        return best;
    }

    /** How long unit {@code i} stays on screen: until the next presentation time, else its duration. */
    private static long displayTicks(List<AccessUnit> units, int i) {
        long pts = units.get(i).pts();
        long next = Long.MAX_VALUE;
        for (AccessUnit u : units) {
            if (u.pts() > pts) {
                next = Math.min(next, u.pts());
            }
        }
        if (next != Long.MAX_VALUE) {
            return next - pts;
        }
        long duration = units.get(i).duration();
        if (duration > 0) {
            return duration;
        }
        return i > 0 ? Math.max(1, units.get(i).dts() - units.get(i - 1).dts()) : 1;
    }

    /**
     * The last keyframe before the target in decode order that is not shown after it; failing that (a leading
     * picture whose GOP is not here), the last keyframe before it in decode order: the decoder then either
     * produces the picture (a decodable leading picture, RADL) or drops it, which the decoder reports.
     */
    private static int startKeyframe(List<AccessUnit> units, int target) {
        long pts = units.get(target).pts();
        int fallback = -1;
        for (int i = target; i >= 0; i--) {
            AccessUnit u = units.get(i);
            if (!u.keyframe()) {
                continue;
            }
            if (u.pts() <= pts) {
                return i;
            }
            if (fallback < 0) {
                fallback = i;
            }
        }
        if (fallback < 0) {
            throw new PictureException(Reason.NO_KEYFRAME, "no keyframe before the wanted frame: pass its GOP too");
        }
        return fallback;
    }

    /** True for an H.264 access unit whose slices all have nal_ref_idc 0; false when unsure. */
    static boolean nonReference(byte[] au, int lengthSize) {
        int pos = 0;
        boolean sawSlice = false;
        while (pos + lengthSize < au.length) {
            long len = 0;
            for (int k = 0; k < lengthSize; k++) {
                len = (len << 8) | (au[pos + k] & 0xff);
            }
            int nal = pos + lengthSize;
            if (len <= 0 || len > au.length - nal) {
                return false;
            }
            int header = au[nal] & 0xff;
            if (H264Nal.isVcl(H264Nal.type(header))) {
                if (H264Nal.refIdc(header) != 0) {
                    return false;
                }
                sawSlice = true;
            }
            pos = nal + (int) len;
        }
        return sawSlice;
    }
}
