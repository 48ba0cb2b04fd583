package io.zonecam.ingest;

import io.zonecam.media.frame.TrackInfo;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;

/**
 * PublishSession describes an authorised publish session at the moment it started.
 *
 * @param sessionId unique id of this session on this server (also the RTSP Session header value)
 * @param cameraId  the camera id the authorizer allowed
 * @param protocol  the ingest protocol
 * @param remote    the publisher's address
 * @param startedAt when the session started
 * @param tracks    the tracks known at start, ordered by track id; later changes arrive through
 *                  {@link PublishListener#tracksUpdated(List)}
 */
public record PublishSession(
        String sessionId,
        String cameraId,
        IngestProtocol protocol,
        InetSocketAddress remote,
        Instant startedAt,
        List<TrackInfo> tracks) {

    public PublishSession {
        tracks = List.copyOf(tracks);
    }
}
