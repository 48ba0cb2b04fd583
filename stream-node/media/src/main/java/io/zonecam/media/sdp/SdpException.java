package io.zonecam.media.sdp;

/** SdpException reports a session description that does not follow RFC 8866 closely enough to use. */
public final class SdpException extends RuntimeException {
    public SdpException(String message) {
        super(message);
    }
}
