/**
 * STUN messages (RFC 8489): a strict parser that views the caller's bytes and a writer into a caller buffer.
 *
 * <p>Invariants: a parsed message never refers outside its datagram; integrity is compared in constant time; HMAC
 * and CRC are computed over the length-adjusted header without copying or modifying the message.
 */
package io.zonecam.webrtc.stun;
