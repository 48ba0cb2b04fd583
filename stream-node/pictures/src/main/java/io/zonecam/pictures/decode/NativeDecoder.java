package io.zonecam.pictures.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import io.zonecam.media.frame.Codec;
import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.PictureException.Reason;
import io.zonecam.pictures.av.Av;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.BytePointer;

/**
 * NativeDecoder owns one libavcodec decoder context, a packet and a frame for the length of one decode, and frees
 * them in {@link #close()}. It hands out the frame whose pts is the wanted one as a {@link Picture} (which then
 * owns that AVFrame) and drops the others at once.
 */
final class NativeDecoder implements AutoCloseable {

    private final VideoTrack track;
    private AVCodecContext context;
    private AVPacket packet;
    private AVFrame frame;

    NativeDecoder(VideoTrack track) {
        this(track, false);
    }

    /**
     * @param skipLoopFilter skip the in-loop deblocking filter (H.264 §8.7, H.265 §8.7): cheaper, with block edges a
     *                       full-size picture may show; invisible once scaled down to a thumbnail
     */
    NativeDecoder(VideoTrack track, boolean skipLoopFilter) {
        this.track = track;
        try {
            AVCodec codec = avcodec_find_decoder(
                    track.codec() == Codec.H265 ? avcodec.AV_CODEC_ID_HEVC : avcodec.AV_CODEC_ID_H264);
            if (codec == null) {
                throw new PictureException(Reason.NATIVE_FAILURE, "libavcodec has no " + track.codec() + " decoder");
            }
            context = allocated(avcodec_alloc_context3(codec), "avcodec_alloc_context3");
            byte[] config = track.decoderConfig();
            // libavcodec frees extradata with av_free: it must come from av_malloc, padded with zeros.
            BytePointer extradata = new BytePointer(
                    allocated(av_mallocz(config.length + (long) AV_INPUT_BUFFER_PADDING_SIZE), "av_mallocz"));
            extradata.capacity(config.length + (long) AV_INPUT_BUFFER_PADDING_SIZE);
            extradata.put(config);
            context.extradata(extradata);
            context.extradata_size(config.length);
            context.thread_count(1);
            if (skipLoopFilter) {
                context.skip_loop_filter(avcodec.AVDISCARD_ALL);
            }
            context.max_pixels(VideoTrack.MAX_PIXELS);
            Av.check(avcodec_open2(context, codec, (AVDictionary) null), Reason.BAD_PARAMETER_SETS, "avcodec_open2");
            packet = allocated(av_packet_alloc(), "av_packet_alloc");
            frame = allocated(av_frame_alloc(), "av_frame_alloc");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Sends one access unit; returns the wanted picture when the decoder released it, else null. */
    Picture send(AccessUnit unit, long wantedPts) {
        Av.check(av_new_packet(packet, unit.data().length), Reason.NATIVE_FAILURE, "av_new_packet");
        try {
            packet.data().capacity(unit.data().length).put(unit.data());
            packet.pts(unit.pts());
            packet.dts(unit.dts());
            packet.duration(unit.duration());
            packet.flags(unit.keyframe() ? AV_PKT_FLAG_KEY : 0);
            int ret = avcodec_send_packet(context, packet);
            if (ret == Av.EAGAIN) {
                Picture p = receive(wantedPts);
                if (p != null) {
                    return p;
                }
                ret = avcodec_send_packet(context, packet);
            }
            Av.check(ret, Reason.CORRUPT_DATA, "decoding the access unit at pts " + unit.pts());
        } finally {
            av_packet_unref(packet);
        }
        return receive(wantedPts);
    }

    /** Signals the end of input and returns the wanted picture if the decoder still held it, else null. */
    Picture drain(long wantedPts) {
        int ret = avcodec_send_packet(context, (AVPacket) null);
        if (ret < 0 && ret != AVERROR_EOF()) {
            Av.check(ret, Reason.CORRUPT_DATA, "draining the decoder");
        }
        return receive(wantedPts);
    }

    private Picture receive(long wantedPts) {
        while (true) {
            int ret = avcodec_receive_frame(context, frame);
            if (ret == Av.EAGAIN || ret == AVERROR_EOF()) {
                return null;
            }
            Av.check(ret, Reason.CORRUPT_DATA, "decoding");
            if (frame.pts() != wantedPts) {
                av_frame_unref(frame);
                continue;
            }
            if ((frame.flags() & Av.FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
                av_frame_unref(frame);
                throw new PictureException(Reason.CORRUPT_DATA, "the frame at pts " + wantedPts + " is damaged");
            }
            boolean key = (frame.flags() & Av.FRAME_FLAG_KEY) != 0;
            Picture p = new Picture(frame, wantedPts, track.micros(wantedPts), key);
            frame = null; // the picture owns it now
            return p;
        }
    }

    @Override
    public void close() {
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (context != null) {
            avcodec_free_context(context);
            context = null;
        }
    }

    private static <T extends org.bytedeco.javacpp.Pointer> T allocated(T p, String what) {
        if (p == null || p.isNull()) {
            throw new PictureException(Reason.NATIVE_FAILURE, what + " returned null");
        }
        return p;
    }
}
