package io.zonecam.webrtc.ice;

/**
 * IceState is where an ICE-lite session stands (RFC 8445 §6.1.3 reduced to what a lite agent sees).
 */
public enum IceState {
    /** Created from an offer; checks may have arrived but no pair is nominated yet. */
    NEW,
    /** A pair is nominated (USE-CANDIDATE) and consent is fresh: media may flow to the selected address. */
    CONNECTED,
    /** Closed by timeout, consent loss or the owner; it no longer answers checks. */
    CLOSED
}
