package io.zonecam.ingest;

/** IngestProtocol names the wire protocols a camera can publish with. */
public enum IngestProtocol {
    RTSP,
    RTMP
}
