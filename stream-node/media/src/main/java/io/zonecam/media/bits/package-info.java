/**
 * Bit-level reading and writing shared by the codec parsers: {@link io.zonecam.media.bits.BitReader} (fields and
 * exp-Golomb codes, bounds-checked), {@link io.zonecam.media.bits.BitWriter}, emulation prevention
 * ({@link io.zonecam.media.bits.Rbsp}) and {@link io.zonecam.media.bits.ByteSlice} views.
 *
 * <p>Invariant for the whole library: bad input raises {@link io.zonecam.media.MediaFormatException} and nothing
 * else; no read goes past its range and no allocation is sized by an unchecked field.
 */
package io.zonecam.media.bits;
