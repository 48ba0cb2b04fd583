/** H.265 (ITU-T H.265) parsing for remuxing: NAL header and types, SPS profile/size, hvcC (ISO/IEC 14496-15 §8.3.3). */
package io.zonecam.media.h265;
