package io.zonecam.webrtc.ice;

import java.time.Duration;

/**
 * IceConfig bounds the ICE-lite agent: how many sessions it holds and how long it waits for them.
 *
 * @param maxSessions            sessions held at once; creating more fails so the WHEP layer can answer 503
 * @param maxAddressesPerSession remote transport addresses remembered per session (the browser checks from each of
 *                               its candidates); the oldest unselected one is forgotten beyond this
 * @param connectTimeout         a session with no nominated pair after this long is closed (offers that never do ICE)
 * @param consentTimeout         a connected session with no valid Binding request for this long has lost consent
 *                               (RFC 7675 §5.1: 30 s)
 */
public record IceConfig(int maxSessions, int maxAddressesPerSession, Duration connectTimeout, Duration consentTimeout) {

    /** Defaults: 10,000 sessions, 8 addresses each, 30 s to connect, 30 s consent. */
    public static final IceConfig DEFAULTS = new IceConfig(10_000, 8, Duration.ofSeconds(30), Duration.ofSeconds(30));

    /** Checks the bounds are positive. */
    public IceConfig {
        // Two addresses at least, so a new check never has to evict the selected address.
        if (maxSessions < 1 || maxAddressesPerSession < 2) {
            throw new IllegalArgumentException("need maxSessions >= 1 and maxAddressesPerSession >= 2");
        }
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || consentTimeout.isNegative()
                || consentTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}
