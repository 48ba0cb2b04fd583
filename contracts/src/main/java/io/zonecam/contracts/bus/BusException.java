package io.zonecam.contracts.bus;

/** BusException reports a device bus message that is not valid under its schema; the message is dropped. */
public final class BusException extends RuntimeException {
    public BusException(String message) {
        super(message, null, false, false);
    }
}
