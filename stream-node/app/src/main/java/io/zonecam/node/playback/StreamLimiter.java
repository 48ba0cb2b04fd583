package io.zonecam.node.playback;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * StreamLimiter bounds the downloads open at once per playback token, so one token (or one leaked share link) cannot
 * hold a node's connections and store reads; a refused request gets 429 and may retry when one of its own ends.
 */
final class StreamLimiter {

    private final int maxPerToken;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    StreamLimiter(int maxPerToken) {
        if (maxPerToken < 1) {
            throw new IllegalArgumentException("zonecam.playback.max-streams-per-token must be at least 1");
        }
        this.maxPerToken = maxPerToken;
    }

    int maxPerToken() {
        return maxPerToken;
    }

    /** Takes a place for the token, or returns false when it already has the most it may. */
    boolean tryAcquire(String tokenId) {
        boolean[] taken = {false};
        open.compute(tokenId, (id, n) -> {
            int now = n == null ? 0 : n;
            if (now >= maxPerToken) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Gives a place back (once per successful {@link #tryAcquire}). */
    void release(String tokenId) {
        open.computeIfPresent(tokenId, (id, n) -> n <= 1 ? null : n - 1);
    }

    /** Downloads open now, all tokens together. */
    int openStreams() {
        return open.values().stream().mapToInt(Integer::intValue).sum();
    }
}
