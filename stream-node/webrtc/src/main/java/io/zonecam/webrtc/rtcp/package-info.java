/**
 * RTCP (RFC 3550 §6) and the feedback the SFU acts on: generic NACK (RFC 4585 §6.2.1), PLI (§6.3.1) and FIR
 * (RFC 5104 §4.3.1); sender reports with NTP time; a per-viewer rate limiter.
 *
 * <p>Invariants: the parser never reads outside the compound, bounds packets and NACK expansion per compound, and
 * skips (never fails on) feedback it does not implement, such as REMB and transport-wide congestion control.
 */
package io.zonecam.webrtc.rtcp;
