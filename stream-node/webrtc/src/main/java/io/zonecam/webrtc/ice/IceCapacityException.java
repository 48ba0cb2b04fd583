package io.zonecam.webrtc.ice;

/**
 * IceCapacityException is thrown when the agent already holds its maximum number of sessions.
 */
public final class IceCapacityException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the bound that was reached. */
    public IceCapacityException(int maxSessions) {
        super("ICE agent full: " + maxSessions + " sessions", null, false, false);
    }
}
