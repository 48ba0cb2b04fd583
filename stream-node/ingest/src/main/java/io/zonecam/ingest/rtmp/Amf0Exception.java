package io.zonecam.ingest.rtmp;

/** Amf0Exception reports AMF0 data that is malformed or over the decoder's limits. */
public final class Amf0Exception extends RtmpException {
    public Amf0Exception(Kind kind, String message) {
        super(kind, message);
    }
}
