package io.zonecam.ingest.session;

import io.zonecam.ingest.IngestCounters;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.ingest.RejectReason;
import java.net.InetSocketAddress;

/**
 * Refusals counts a refused connection or publish attempt by {@link RejectReason} and logs it within the server's
 * log budget, in the same words for RTSP and RTMP. Tokens are never logged.
 *
 * @param protocol the protocol that refuses
 * @param counters the server's counters
 * @param log      the server's rate-limited log, also for the other things a session has to say
 */
public record Refusals(IngestProtocol protocol, IngestCounters counters, RateLimitedLog log) {

    /** Counts and logs one refusal. */
    public void refuse(RejectReason reason, InetSocketAddress remote, String why) {
        counters.reject(reason);
        log.info("%s publish from %s refused (%s): %s", protocol, remote, reason, why);
    }

    /** Counts one malformed request, message or packet (a refusal may follow). */
    public void malformed() {
        counters.countMalformed();
    }

    /** Counts one access unit or packet that is not passed on. */
    public void frameDropped() {
        counters.countFrameDropped();
    }
}
