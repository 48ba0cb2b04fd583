/**
 * Thumbnails: one small JPEG per camera every N seconds from keyframes ({@link io.zonecam.pictures.thumbs.Thumbnailer},
 * {@link io.zonecam.pictures.thumbs.ThumbnailSchedule}), packed into one object per camera-hour with an index
 * ({@link io.zonecam.pictures.thumbs.ThumbnailPack}: layout, writer, reader), rolled per camera by
 * {@link io.zonecam.pictures.thumbs.CameraThumbnails}.
 */
package io.zonecam.pictures.thumbs;
