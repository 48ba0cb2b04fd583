/**
 * CMAF fragmented MP4 (ISO/IEC 14496-12, ISO/IEC 23000-19): the init segment writer, the moof+mdat fragment
 * writer, the {@link io.zonecam.media.fmp4.Fragmenter} that cuts fragments at keyframes, and a bounds-checked box
 * reader for playback, clip export and tests.
 */
package io.zonecam.media.fmp4;
