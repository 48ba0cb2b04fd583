package io.zonecam.ingest.rtmp;

/** Amf0Exception reports AMF0 data that is malformed or over the decoder's limits. */
public final class Amf0Exception extends RuntimeException {
    public Amf0Exception(String message) {
        super(message, null, false, false);
    }
}
