package io.zonecam.webrtc.srtp;

import java.util.Objects;

/**
 * SrtpMasterKey is the master key and master salt of one direction, from which {@link SrtpContext} derives its session
 * keys (RFC 3711 §4.3).
 *
 * @param profile the protection profile the lengths belong to
 * @param key     master key, {@link SrtpProfile#keyLength()} bytes
 * @param salt    master salt, {@link SrtpProfile#saltLength()} bytes
 */
public record SrtpMasterKey(SrtpProfile profile, byte[] key, byte[] salt) {

    /** Checks lengths and takes defensive copies. */
    public SrtpMasterKey {
        Objects.requireNonNull(profile, "profile");
        if (key.length != profile.keyLength() || salt.length != profile.saltLength()) {
            throw new IllegalArgumentException("key/salt length does not match " + profile);
        }
        key = key.clone();
        salt = salt.clone();
    }

    /** A copy of the key. */
    @Override
    public byte[] key() {
        return key.clone();
    }

    /** A copy of the salt. */
    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /** Never shows key material. */
    @Override
    public String toString() {
        return "SrtpMasterKey[" + profile + "]";
    }
}
