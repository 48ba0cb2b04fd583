package io.zonecam.webrtc.ice;

import java.util.concurrent.atomic.LongAdder;

/**
 * IceStats counts what the ICE-lite agent answered and what it dropped, for metrics.
 */
public final class IceStats {

    final LongAdder validRequests = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder badFingerprint = new LongAdder();
    final LongAdder badRequest = new LongAdder();
    final LongAdder unknownUsername = new LongAdder();
    final LongAdder badIntegrity = new LongAdder();
    final LongAdder roleConflicts = new LongAdder();
    final LongAdder unknownAttributes = new LongAdder();
    final LongAdder ignoredNonRequests = new LongAdder();
    final LongAdder sessionsRefused = new LongAdder();
    final LongAdder connectTimeouts = new LongAdder();
    final LongAdder consentExpiries = new LongAdder();

    IceStats() {}

    /** Authenticated Binding requests answered with a success response. */
    public long validRequests() {
        return validRequests.sum();
    }

    /** Datagrams that were not well-formed STUN. */
    public long malformed() {
        return malformed.sum();
    }

    /** Requests whose FINGERPRINT did not match: silently dropped. */
    public long badFingerprint() {
        return badFingerprint.sum();
    }

    /** Requests answered 400 (missing USERNAME, MESSAGE-INTEGRITY or PRIORITY; unsupported method). */
    public long badRequest() {
        return badRequest.sum();
    }

    /** Requests answered 401 because no session has the USERNAME's local ufrag, or the remote ufrag differs. */
    public long unknownUsername() {
        return unknownUsername.sum();
    }

    /** Requests answered 401 because MESSAGE-INTEGRITY did not verify with the session's password. */
    public long badIntegrity() {
        return badIntegrity.sum();
    }

    /** Requests answered 487 because the peer claimed the controlled role too. */
    public long roleConflicts() {
        return roleConflicts.sum();
    }

    /** Requests answered 420 for comprehension-required attributes we do not know. */
    public long unknownAttributes() {
        return unknownAttributes.sum();
    }

    /** Indications and responses, which a lite agent never answers. */
    public long ignoredNonRequests() {
        return ignoredNonRequests.sum();
    }

    /** Sessions refused because the agent was full. */
    public long sessionsRefused() {
        return sessionsRefused.sum();
    }

    /** Sessions closed because ICE never completed. */
    public long connectTimeouts() {
        return connectTimeouts.sum();
    }

    /** Sessions closed because consent expired. */
    public long consentExpiries() {
        return consentExpiries.sum();
    }
}
