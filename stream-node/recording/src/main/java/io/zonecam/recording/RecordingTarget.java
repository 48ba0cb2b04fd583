package io.zonecam.recording;

import io.zonecam.contracts.recording.RetentionClass;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * RecordingTarget says where one publish session's objects go: the zone's key prefix, the camera's retention
 * class, the camera and the session id that keeps overlapping sessions (two nodes during a drain) apart.
 *
 * @param keyPrefix      zone prefix, e.g. {@code zones/eu-1/} (empty or ending with {@code /})
 * @param retentionClass the camera's retention class at session start
 * @param cameraId       the camera
 * @param sessionId      a short random id, see {@link #newSessionId()}
 */
public record RecordingTarget(String keyPrefix, RetentionClass retentionClass, String cameraId, String sessionId) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    public RecordingTarget {
        Objects.requireNonNull(retentionClass);
        // Validates every part the same way keys do.
        new RecordingKey(keyPrefix, retentionClass, cameraId, 1_000_000_000_000L, 1_000_000_000_000L, sessionId);
    }

    /** A new session id: 10 random base-36 characters (about 51 bits). */
    public static String newSessionId() {
        char[] c = new char[10];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    /** The key of an object of this session spanning the given milliseconds. */
    public RecordingKey key(long startMillis, long endMillis) {
        return new RecordingKey(keyPrefix, retentionClass, cameraId, startMillis, endMillis, sessionId);
    }
}
