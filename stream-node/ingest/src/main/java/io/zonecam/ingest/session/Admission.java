package io.zonecam.ingest.session;

import io.zonecam.ingest.RejectReason;

/** Admission is the verdict of the {@link PublishGate}: a camera may publish, or the attempt is refused and why. */
public sealed interface Admission {

    /** Admitted carries the camera id the authorizer allowed (it may canonicalise the one in the URL). */
    record Admitted(String cameraId) implements Admission {}

    /**
     * Refused says why, already counted and logged.
     *
     * @param reason {@link RejectReason#BAD_PATH}, {@link RejectReason#TOKEN_MISSING} or {@link RejectReason#FORBIDDEN}
     * @param detail what to tell the publisher; never contains the token
     */
    record Refused(RejectReason reason, String detail) implements Admission {}
}
