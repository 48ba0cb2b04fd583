package io.zonecam.ingest;

/**
 * PublishAuthorizer decides whether a publisher may push media for a camera.
 *
 * <p>It is called on a Netty I/O thread once per publish attempt, after the server has found a camera id and a token
 * in the request (a request without a token is refused by the server before the authorizer is asked). It must be
 * fast and must not block: Zonecam verifies device tokens locally (DESIGN.md principle 1). It must not throw; an
 * exception is treated as a denial.
 */
@FunctionalInterface
public interface PublishAuthorizer {

    /** Returns allow with the authorised camera id, or deny with a reason. */
    AuthDecision authorize(PublishRequest request);
}
