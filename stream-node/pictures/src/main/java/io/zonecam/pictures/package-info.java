/**
 * Pictures of cameras: decoding recorded or live H.264/H.265 to a frame ({@code decode}), scaling and encoding
 * JPEG/WebP ({@code image}), snapshots ({@code snapshot}) and thumbnail packs of one object per camera-hour
 * ({@code thumbs}). FFmpeg's libavcodec and libswscale do the pixel work through the JavaCPP presets ({@code av});
 * every native allocation is freed before a call returns, except a {@link io.zonecam.pictures.decode.Picture},
 * which its caller closes. See the module README for the data flow and measured costs.
 */
package io.zonecam.pictures;
