package io.zonecam.webrtc.ice;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;

/**
 * IceSession is one viewer's ICE-lite state on the shared port: its credentials, the remote addresses that passed a
 * connectivity check, the selected (nominated) one and the consent clock.
 *
 * <p>Mutated only by {@link IceLiteAgent} under its lock; the getters are safe from any thread.
 *
 * @param <T> the attachment type the transport layer stores with each session
 */
public final class IceSession<T> {

    private final IceCredentials local;
    private final String remoteUfrag;
    private final T attachment;
    private final long createdNanos;
    // Insertion order: the oldest unselected address is forgotten first when the bound is reached.
    private final ArrayDeque<InetSocketAddress> addresses = new ArrayDeque<>();
    private volatile IceState state = IceState.NEW;
    private volatile InetSocketAddress selected;
    private volatile long lastConsentNanos;
    private volatile long validRequests;
    private volatile IceCloseReason closeReason;

    IceSession(IceCredentials local, String remoteUfrag, T attachment, long createdNanos) {
        this.local = local;
        this.remoteUfrag = remoteUfrag;
        this.attachment = attachment;
        this.createdNanos = createdNanos;
        this.lastConsentNanos = createdNanos;
    }

    /** The local ufrag to put in the answer's a=ice-ufrag. */
    public String localUfrag() {
        return local.ufrag();
    }

    /** The local password to put in the answer's a=ice-pwd. */
    public String localPassword() {
        return local.password();
    }

    /** The local credentials. */
    public IceCredentials localCredentials() {
        return local;
    }

    /** The browser's ufrag from the offer, or {@code null} when any was accepted. */
    public String remoteUfrag() {
        return remoteUfrag;
    }

    /** What the transport layer attached at creation. */
    public T attachment() {
        return attachment;
    }

    /** Current state. */
    public IceState state() {
        return state;
    }

    /** The nominated remote address media goes to, or {@code null} before nomination. */
    public InetSocketAddress selectedAddress() {
        return selected;
    }

    /** Remote addresses that passed an authenticated check, oldest first. */
    public synchronized List<InetSocketAddress> validatedAddresses() {
        return List.copyOf(addresses);
    }

    /** Nano time of the last valid Binding request (creation time before the first). */
    public long lastConsentNanos() {
        return lastConsentNanos;
    }

    /** Valid Binding requests answered so far. */
    public long validRequests() {
        return validRequests;
    }

    /** Why the session closed, or {@code null} while open. */
    public IceCloseReason closeReason() {
        return closeReason;
    }

    long createdNanos() {
        return createdNanos;
    }

    /** Records a validated address; returns the address forgotten to stay within the bound, or {@code null}. */
    synchronized InetSocketAddress addAddress(InetSocketAddress remote, int max) {
        if (addresses.contains(remote)) {
            return null;
        }
        InetSocketAddress evicted = null;
        if (addresses.size() >= max) {
            for (InetSocketAddress a : addresses) {
                if (!a.equals(selected)) {
                    evicted = a;
                    break;
                }
            }
            if (evicted == null) {
                evicted = addresses.peekFirst();
            }
            addresses.remove(evicted);
        }
        addresses.addLast(remote);
        return evicted;
    }

    synchronized void removeAddress(InetSocketAddress remote) {
        addresses.remove(remote);
        if (remote.equals(selected)) {
            selected = null;
        }
    }

    synchronized List<InetSocketAddress> clearAddresses() {
        List<InetSocketAddress> copy = List.copyOf(addresses);
        addresses.clear();
        return copy;
    }

    void consent(long nowNanos) {
        lastConsentNanos = nowNanos;
        validRequests++;
    }

    void select(InetSocketAddress remote) {
        selected = remote;
        state = IceState.CONNECTED;
    }

    void close(IceCloseReason reason) {
        closeReason = reason;
        state = IceState.CLOSED;
    }

    @Override
    public String toString() {
        return "IceSession[" + local.ufrag() + ", " + state + ", selected=" + selected + "]";
    }
}
