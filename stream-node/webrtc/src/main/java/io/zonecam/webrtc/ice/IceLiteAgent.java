package io.zonecam.webrtc.ice;

import io.zonecam.webrtc.stun.Stun;
import io.zonecam.webrtc.stun.StunClass;
import io.zonecam.webrtc.stun.StunException;
import io.zonecam.webrtc.stun.StunIntegrity;
import io.zonecam.webrtc.stun.StunMessage;
import io.zonecam.webrtc.stun.StunMessageWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * IceLiteAgent is the lite ICE implementation (RFC 8445 §2.5) behind one shared UDP port: it answers the browsers'
 * connectivity checks for every viewer session and maps remote transport addresses back to sessions.
 *
 * <p>Demultiplexing: a Binding request names its session by the local ufrag before the colon in USERNAME
 * ("localUfrag:remoteUfrag", RFC 8445 §7.2.2); once a request from an address authenticates, every later datagram
 * from that address (DTLS, SRTCP) belongs to the session — {@link #sessionByAddress(InetSocketAddress)}. The agent
 * is always controlled (RFC 8445 §6.1.1): the browser nominates with USE-CANDIDATE and the nominated address becomes
 * the session's selected address. Consent (RFC 7675) is the arrival of valid requests; {@link #expire()}, run
 * periodically, closes sessions that lost consent or never completed ICE.
 *
 * <p>No sockets: {@link #handleStun} takes a datagram and writes the response (to be sent back to the source) into
 * a caller buffer. Failures are counted in {@link #stats()}, never thrown. Memory is bounded by
 * {@link IceConfig#maxSessions()} × {@link IceConfig#maxAddressesPerSession()}; unauthenticated traffic creates no
 * state. Thread-safe; listener calls are made outside the lock.
 *
 * @param <T> the attachment type the transport layer stores with each session
 */
public final class IceLiteAgent<T> {

    /** A response buffer of this size always suffices for {@link #handleStun}. */
    public static final int MAX_RESPONSE_LENGTH = 256;

    private final IceConfig config;
    private final LongSupplier nanoClock;
    private final IceListener<T> listener;
    private final Map<String, IceSession<T>> byUfrag = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, IceSession<T>> byAddress = new ConcurrentHashMap<>();
    private final IceStats stats = new IceStats();
    private final Object lock = new Object();
    // handleStun is usually called from one receive thread; the scratch is per thread anyway.
    private static final ThreadLocal<byte[]> HMAC_SCRATCH =
            ThreadLocal.withInitial(() -> new byte[StunIntegrity.HMAC_LENGTH]);

    /**
     * Creates an agent.
     *
     * @param config    bounds and timeouts
     * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime} in production, a fake in tests)
     * @param listener  receives selection and close events
     */
    public IceLiteAgent(IceConfig config, LongSupplier nanoClock, IceListener<T> listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.listener = listener == null ? new IceListener<>() {} : listener;
    }

    /**
     * Creates a session for a WHEP offer with fresh local credentials for the answer.
     *
     * @param remoteUfrag the offer's a=ice-ufrag, checked against USERNAME; {@code null} accepts any
     * @param attachment  what the transport layer wants back with events and lookups
     * @throws IceCapacityException when {@link IceConfig#maxSessions()} sessions already exist
     */
    public IceSession<T> createSession(String remoteUfrag, T attachment) throws IceCapacityException {
        return createSession(IceCredentials.generate(), remoteUfrag, attachment);
    }

    /** Creates a session with given local credentials; if their ufrag is taken, fresh ones are generated. */
    public IceSession<T> createSession(IceCredentials local, String remoteUfrag, T attachment)
            throws IceCapacityException {
        Objects.requireNonNull(local, "local");
        synchronized (lock) {
            if (byUfrag.size() >= config.maxSessions()) {
                stats.sessionsRefused.increment();
                throw new IceCapacityException(config.maxSessions());
            }
            // 48 random bits make a clash unlikely; regenerate rather than overwrite if it happens.
            while (byUfrag.containsKey(local.ufrag())) {
                local = IceCredentials.generate();
            }
            IceSession<T> session = new IceSession<>(local, remoteUfrag, attachment, nanoClock.getAsLong());
            byUfrag.put(local.ufrag(), session);
            return session;
        }
    }

    /** The open session with this local ufrag, or {@code null}. */
    public IceSession<T> sessionByUfrag(String localUfrag) {
        return byUfrag.get(localUfrag);
    }

    /** The open session that validated this remote address, or {@code null}: routes DTLS and SRTCP datagrams. */
    public IceSession<T> sessionByAddress(InetSocketAddress remote) {
        return byAddress.get(remote);
    }

    /** Number of open sessions. */
    public int sessionCount() {
        return byUfrag.size();
    }

    /** Number of remote addresses mapped to sessions. */
    public int addressCount() {
        return byAddress.size();
    }

    /** Counters of answered and dropped traffic. */
    public IceStats stats() {
        return stats;
    }

    /** Closes a session at its owner's request (viewer left); no-op if already closed. */
    public void close(IceSession<T> session) {
        if (remove(session, IceCloseReason.CLOSED_BY_OWNER)) {
            listener.onClosed(session, IceCloseReason.CLOSED_BY_OWNER);
        }
    }

    /**
     * Closes sessions that never completed ICE within the connect timeout or whose consent expired; call about once a
     * second. Returns how many were closed.
     */
    public int expire() {
        long now = nanoClock.getAsLong();
        long connectNanos = config.connectTimeout().toNanos();
        long consentNanos = config.consentTimeout().toNanos();
        List<IceSession<T>> closed = new ArrayList<>();
        List<IceCloseReason> reasons = new ArrayList<>();
        for (IceSession<T> s : byUfrag.values()) {
            IceCloseReason reason = null;
            if (s.state() == IceState.NEW && now - s.createdNanos() > connectNanos) {
                reason = IceCloseReason.CONNECT_TIMEOUT;
            } else if (s.state() == IceState.CONNECTED && now - s.lastConsentNanos() > consentNanos) {
                reason = IceCloseReason.CONSENT_EXPIRED;
            }
            if (reason != null && remove(s, reason)) {
                (reason == IceCloseReason.CONNECT_TIMEOUT ? stats.connectTimeouts : stats.consentExpiries).increment();
                closed.add(s);
                reasons.add(reason);
            }
        }
        for (int i = 0; i < closed.size(); i++) {
            listener.onClosed(closed.get(i), reasons.get(i));
        }
        return closed.size();
    }

    /**
     * Whether media may still be sent to this session: it is connected and a valid request arrived within the consent
     * timeout (RFC 7675 §5.1), even if {@link #expire()} has not run yet.
     */
    public boolean hasConsent(IceSession<T> session) {
        return session.state() == IceState.CONNECTED
                && nanoClock.getAsLong() - session.lastConsentNanos()
                        <= config.consentTimeout().toNanos();
    }

    private boolean remove(IceSession<T> session, IceCloseReason reason) {
        synchronized (lock) {
            if (session.state() == IceState.CLOSED || byUfrag.get(session.localUfrag()) != session) {
                return false;
            }
            byUfrag.remove(session.localUfrag());
            for (InetSocketAddress a : session.clearAddresses()) {
                byAddress.remove(a, session);
            }
            session.close(reason);
            return true;
        }
    }

    /**
     * Handles a STUN datagram from {@code source}; writes the response to send back to {@code source} into
     * {@code out} and returns its length, or 0 when nothing is to be sent.
     *
     * @param out at least {@link #MAX_RESPONSE_LENGTH} bytes from {@code outOffset}
     */
    public int handleStun(byte[] data, int offset, int length, InetSocketAddress source, byte[] out, int outOffset) {
        StunMessage request;
        try {
            request = StunMessage.parse(data, offset, length);
        } catch (StunException e) {
            stats.malformed.increment();
            return 0;
        }
        if (request.messageClass() != StunClass.REQUEST) {
            // Lite agents send no requests, so responses are stray; indications need no answer (RFC 8489 §6.3.2).
            stats.ignoredNonRequests.increment();
            return 0;
        }
        if (request.hasFingerprint() && !request.verifyFingerprint()) {
            // RFC 8445 §7.3: a bad FINGERPRINT means it is not STUN at all; drop without an answer.
            stats.badFingerprint.increment();
            return 0;
        }
        StunMessageWriter w = new StunMessageWriter(out, outOffset, MAX_RESPONSE_LENGTH);
        if (request.method() != Stun.METHOD_BINDING) {
            stats.badRequest.increment();
            return error(w, request, Stun.ERROR_BAD_REQUEST, "Bad Request", null);
        }
        int[] unknown = request.unknownComprehensionRequired();
        if (unknown.length > 0) {
            stats.unknownAttributes.increment();
            w.header(Stun.BINDING_ERROR_RESPONSE, request.buffer(), request.transactionIdOffset())
                    .addErrorCode(Stun.ERROR_UNKNOWN_ATTRIBUTE, "Unknown Attribute")
                    .addUnknownAttributes(unknown.length > 16 ? java.util.Arrays.copyOf(unknown, 16) : unknown)
                    .addFingerprint();
            return w.length();
        }
        // RFC 8489 §9.1.3: no USERNAME or MESSAGE-INTEGRITY is 400; an unknown user or a wrong HMAC is 401.
        String username = request.username();
        if (username == null || !request.hasMessageIntegrity()) {
            stats.badRequest.increment();
            return error(w, request, Stun.ERROR_BAD_REQUEST, "Bad Request", null);
        }
        int colon = username.indexOf(':');
        IceSession<T> session = colon > 0 ? byUfrag.get(username.substring(0, colon)) : null;
        if (session == null
                || (session.remoteUfrag() != null && !session.remoteUfrag().equals(username.substring(colon + 1)))) {
            stats.unknownUsername.increment();
            return error(w, request, Stun.ERROR_UNAUTHENTICATED, "Unauthenticated", null);
        }
        byte[] key = StunIntegrity.shortTermKey(session.localPassword());
        if (!request.verifyMessageIntegrity(key, HMAC_SCRATCH.get())) {
            stats.badIntegrity.increment();
            return error(w, request, Stun.ERROR_UNAUTHENTICATED, "Unauthenticated", null);
        }
        if (request.priority() < 0) {
            // RFC 8445 §7.1.1: PRIORITY is mandatory in checks.
            stats.badRequest.increment();
            return error(w, request, Stun.ERROR_BAD_REQUEST, "Bad Request", key);
        }
        if (request.iceControlled()) {
            // RFC 8445 §7.3.1.1: both claim controlled. A lite agent cannot take the controlling role (§6.1.1), so it
            // always answers 487 and lets the full agent switch.
            stats.roleConflicts.increment();
            return error(w, request, Stun.ERROR_ROLE_CONFLICT, "Role Conflict", key);
        }
        boolean selectedChanged = accept(session, source, request.useCandidate());
        stats.validRequests.increment();
        w.header(Stun.BINDING_SUCCESS_RESPONSE, request.buffer(), request.transactionIdOffset())
                .addXorMappedAddress(source)
                .addMessageIntegrity(key)
                .addFingerprint();
        if (selectedChanged) {
            listener.onSelected(session, source);
        }
        return w.length();
    }

    /** Records an authenticated check; returns whether the selected address changed. */
    private boolean accept(IceSession<T> session, InetSocketAddress source, boolean useCandidate) {
        synchronized (lock) {
            if (session.state() == IceState.CLOSED) {
                return false;
            }
            session.consent(nanoClock.getAsLong());
            IceSession<T> previous = byAddress.put(source, session);
            if (previous != null && previous != session) {
                // The address moved to another viewer (NAT reuse): the old session forgets it.
                previous.removeAddress(source);
            }
            InetSocketAddress evicted = session.addAddress(source, config.maxAddressesPerSession());
            if (evicted != null) {
                byAddress.remove(evicted, session);
            }
            if (useCandidate && !source.equals(session.selectedAddress())) {
                // RFC 8445 §7.3.1.5 (lite, controlled): the nominated pair is selected; a later nomination wins.
                session.select(source);
                return true;
            }
            return false;
        }
    }

    private static int error(StunMessageWriter w, StunMessage request, int code, String reason, byte[] key) {
        w.header(Stun.BINDING_ERROR_RESPONSE, request.buffer(), request.transactionIdOffset())
                .addErrorCode(code, reason);
        if (key != null) {
            w.addMessageIntegrity(key);
        }
        w.addFingerprint();
        return w.length();
    }
}
