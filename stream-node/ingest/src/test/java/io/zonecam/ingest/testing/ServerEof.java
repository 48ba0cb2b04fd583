package io.zonecam.ingest.testing;

import java.io.InputStream;
import java.net.SocketTimeoutException;

/** ServerEof tells whether the server closed a raw test client's connection. */
public final class ServerEof {

    private ServerEof() {}

    /**
     * True when the socket's stream {@code in} ends (EOF or reset) within the socket's read timeout, skipping whatever
     * the server still sends; false when the timeout passes with the connection open.
     */
    public static boolean reached(InputStream in) {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException e) {
            return true; // reset
        }
    }
}
