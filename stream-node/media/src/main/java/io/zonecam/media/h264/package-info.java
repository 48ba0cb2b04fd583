/**
 * H.264 (ITU-T H.264) parsing for remuxing: NAL types, the Annex B byte stream and the 4-byte length-prefixed
 * layout used by {@link io.zonecam.media.frame.MediaFrame}, SPS, avcC (ISO/IEC 14496-15 §5.3.3.1), SEI and the
 * Zonecam {@link io.zonecam.media.h264.FrameMarker}. Annex B and length-prefix helpers serve H.265 as well.
 */
package io.zonecam.media.h264;
