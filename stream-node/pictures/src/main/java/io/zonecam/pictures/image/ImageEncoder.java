package io.zonecam.pictures.image;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;

import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.PictureException.Reason;
import io.zonecam.pictures.av.Av;
import io.zonecam.pictures.decode.Picture;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * ImageEncoder scales a {@link Picture} ({@link ImageSize}) and encodes it as JPEG (libavcodec's mjpeg) or WebP
 * (libwebp). Quality runs from 1 (smallest) to 100 (best): for JPEG it maps linearly onto mjpeg's quantizer scale
 * 31..2 (ffmpeg's {@code -q:v}; the default 80 is q 8), for WebP it is libwebp's own
 * quality. Stateless and thread-safe; every native allocation is freed before a call returns.
 */
public final class ImageEncoder {

    /** Default quality: good snapshots, small thumbnails. */
    public static final int DEFAULT_QUALITY = 80;

    static {
        Av.load();
    }

    /** Encodes {@code picture} at {@code size} as JPEG with the default quality. */
    public EncodedImage jpeg(Picture picture, ImageSize size) {
        return encode(picture, size, ImageFormat.JPEG, DEFAULT_QUALITY);
    }

    /** Encodes {@code picture} at {@code size} in {@code format} with {@code quality} 1..100. */
    public EncodedImage encode(Picture picture, ImageSize size, ImageFormat format, int quality) {
        if (quality < 1 || quality > 100) {
            throw new PictureException(Reason.BAD_REQUEST, "quality " + quality + " outside 1..100");
        }
        AVFrame src = picture.frame();
        int[] wh = size.dimensions(
                src.width(),
                src.height(),
                src.sample_aspect_ratio().num(),
                src.sample_aspect_ratio().den());
        int pixelFormat = format == ImageFormat.JPEG ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_YUV420P;
        AVFrame scaled = Scaler.scale(src, wh[0], wh[1], pixelFormat);
        try {
            byte[] data = encodeFrame(scaled, format, quality);
            return new EncodedImage(format, data, wh[0], wh[1], picture.ptsMicros());
        } finally {
            av_frame_free(scaled);
        }
    }

    /** The mjpeg quantizer scale for a quality: 100 → 2, 1 → 31. */
    static int jpegQscale(int quality) {
        return 2 + (int) Math.round((100 - quality) * 29 / 99.0);
    }

    private static byte[] encodeFrame(AVFrame frame, ImageFormat format, int quality) {
        AVCodec codec = format == ImageFormat.JPEG
                ? avcodec_find_encoder(avcodec.AV_CODEC_ID_MJPEG)
                : avcodec_find_encoder_by_name("libwebp");
        if (codec == null || codec.isNull()) {
            throw new PictureException(Reason.NATIVE_FAILURE, "no " + format + " encoder in libavcodec");
        }
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        AVPacket packet = av_packet_alloc();
        try {
            if (ctx == null || ctx.isNull() || packet == null || packet.isNull()) {
                throw new PictureException(Reason.NATIVE_FAILURE, "out of native memory");
            }
            ctx.width(frame.width());
            ctx.height(frame.height());
            ctx.pix_fmt(frame.format());
            ctx.time_base(av_make_q(1, 25));
            ctx.thread_count(1);
            if (format == ImageFormat.JPEG) {
                // Pixels are square after scaling; a sample aspect makes mjpeg write the JFIF APP0 segment, without
                // which decoders guess the colour space (the JDK's reads such files with shifted colours).
                ctx.sample_aspect_ratio(av_make_q(1, 1));
                int lambda = jpegQscale(quality) * FF_QP2LAMBDA;
                ctx.color_range(AVCOL_RANGE_JPEG);
                ctx.flags(ctx.flags() | AV_CODEC_FLAG_QSCALE);
                ctx.global_quality(lambda);
                frame.quality(lambda);
            } else {
                av_opt_set(ctx.priv_data(), "quality", Integer.toString(quality), 0);
            }
            Av.check(avcodec_open2(ctx, codec, (AVDictionary) null), Reason.NATIVE_FAILURE, "opening the encoder");
            frame.pts(0);
            Av.check(avcodec_send_frame(ctx, frame), Reason.NATIVE_FAILURE, "encoding");
            Av.check(avcodec_send_frame(ctx, (AVFrame) null), Reason.NATIVE_FAILURE, "flushing the encoder");
            Av.check(avcodec_receive_packet(ctx, packet), Reason.NATIVE_FAILURE, "encoding");
            byte[] out = new byte[packet.size()];
            packet.data().get(out);
            return out;
        } finally {
            if (packet != null) {
                av_packet_free(packet);
            }
            if (ctx != null) {
                avcodec_free_context(ctx);
            }
        }
    }
}
