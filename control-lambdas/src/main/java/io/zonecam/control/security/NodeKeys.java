package io.zonecam.control.security;

/** NodeKeys knows the node enrollment key format {@code zn_<zone>.<secret>}: the zone it enrolls into, and a secret. */
public final class NodeKeys {

    private static final String MARK = "zn_";

    private NodeKeys() {}

    /** A new key for a zone. */
    public static String newKey(String zone) {
        return MARK + zone + "." + SecretHasher.newSecret("");
    }

    /** The zone a key names, or {@code null} when it is not shaped like a node key. */
    public static String zoneOf(String key) {
        if (key == null || !key.startsWith(MARK)) {
            return null;
        }
        int dot = key.indexOf('.');
        return dot <= MARK.length() ? null : key.substring(MARK.length(), dot);
    }
}
