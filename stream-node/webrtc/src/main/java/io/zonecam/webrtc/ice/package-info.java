/**
 * ICE-lite (RFC 8445 §2.5) on one shared UDP port: sessions found by local ufrag for checks and by remote address
 * for everything else, consent freshness (RFC 7675), host candidate lines (RFC 8839, RFC 6544) and ICE-TCP framing
 * (RFC 4571).
 *
 * <p>Invariants: only an authenticated Binding request creates or moves address state; sessions and addresses are
 * bounded by {@link io.zonecam.webrtc.ice.IceConfig}; time comes from an injected nano clock.
 */
package io.zonecam.webrtc.ice;
