/**
 * Decoding coded H.264/H.265 video to the picture shown at an instant: the decoder configuration
 * ({@link io.zonecam.pictures.decode.VideoTrack}, from an fMP4 init segment or live parameter sets), a run of access
 * units ({@link io.zonecam.pictures.decode.CodedVideo}, from recorded fragments or the live GOP), the choice of what
 * to feed ({@code DecodePlan}, pure Java) and the native decoder ({@link io.zonecam.pictures.decode.FrameDecoder}).
 */
package io.zonecam.pictures.decode;
