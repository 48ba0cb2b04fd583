package io.zonecam.ingest;

import java.net.InetSocketAddress;

/**
 * PublishRequest is what a publisher presented, handed to the {@link PublishAuthorizer} before any media is accepted.
 *
 * @param protocol the ingest protocol
 * @param cameraId the camera id taken from the URL path ({@code /live/<cameraId>}), never blank
 * @param token    the token from the {@code token} query parameter or the RTSP Basic password, never blank
 * @param remote   the publisher's address as seen by the server
 */
public record PublishRequest(IngestProtocol protocol, String cameraId, String token, InetSocketAddress remote) {}
