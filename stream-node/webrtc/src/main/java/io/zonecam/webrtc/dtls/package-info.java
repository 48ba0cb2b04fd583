/**
 * DTLS-SRTP server for WebRTC viewers (RFC 5763, RFC 5764, RFC 8827 §6.5) on BouncyCastle's low-level TLS API.
 *
 * <p>Invariants:
 * <ul>
 *   <li>No sockets: {@link io.zonecam.webrtc.dtls.DtlsServerSession#feed} takes datagrams the transport layer
 *       demultiplexed (first byte 20..63, RFC 7983 §7); an outbound callback gives datagrams back.</li>
 *   <li>The node is always the DTLS server ({@code a=setup:passive}, ICE-lite); DTLS 1.2 only; ECDHE-ECDSA suites;
 *       one ECDSA P-256 {@link io.zonecam.webrtc.dtls.DtlsCertificate} per node process.</li>
 *   <li>The client certificate is mandatory and must hash to a fingerprint of the viewer's SDP offer.</li>
 *   <li>SRTP profiles in server preference order: AEAD_AES_256_GCM, AEAD_AES_128_GCM, AES128_CM_HMAC_SHA1_80.</li>
 *   <li>Bounded: an inbound queue per session, a datagram budget per handshake, a handshake deadline, and a limit on
 *       announced handshake message sizes (BouncyCastle allocates them up front). Drops and failures are counted in
 *       {@link io.zonecam.webrtc.dtls.DtlsMetrics}, never thrown to the transport layer.</li>
 *   <li>One thread per session (virtual by default) because {@code DTLSServerProtocol.accept} blocks; after the
 *       handshake the thread stays to repeat the server's last flight if the client's retransmits arrive
 *       (RFC 6347 §4.2.4) and to notice close_notify. It exits on close, close_notify or failure.</li>
 *   <li>No HelloVerifyRequest cookie exchange: ICE connectivity checks (with message integrity) have already
 *       proven the viewer's address before DTLS starts.</li>
 * </ul>
 */
package io.zonecam.webrtc.dtls;
