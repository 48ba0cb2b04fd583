package io.zonecam.recording.store;

import java.io.IOException;

/** ObjectNotFoundException reports a read of a key that does not exist. */
public final class ObjectNotFoundException extends IOException {

    public ObjectNotFoundException(String key) {
        super("no such object: " + key);
    }
}
