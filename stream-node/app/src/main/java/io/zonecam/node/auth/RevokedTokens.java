package io.zonecam.node.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * RevokedTokens is the set of token ids ({@code jti}) the control plane revoked (share links) and that may not yet
 * have expired. Each heartbeat answer carries the whole current list and replaces the set, so a revocation reaches
 * the node within one heartbeat (10 s), a link that expired drops out by itself, and a node that restarts is
 * complete again after its first heartbeat. While the control plane is unreachable the last set stays in force.
 */
@ApplicationScoped
public class RevokedTokens {

    /** The control plane sends at most this many (its spec's bound); more is refused as a malformed answer. */
    static final int MAX = 10_000;

    private final AtomicReference<Set<String>> revoked = new AtomicReference<>(Set.of());

    /** Replaces the set with the control plane's current list. */
    public void replace(Collection<?> tokenIds) {
        if (tokenIds == null) {
            return;
        }
        if (tokenIds.size() > MAX) {
            throw new IllegalArgumentException("more than " + MAX + " revoked token ids");
        }
        revoked.set(tokenIds.stream().map(Object::toString).collect(Collectors.toUnmodifiableSet()));
    }

    /** True when the token with this id was revoked. */
    public boolean isRevoked(String tokenId) {
        return tokenId != null && revoked.get().contains(tokenId);
    }

    /** How many ids are known now. */
    public int size() {
        return revoked.get().size();
    }
}
