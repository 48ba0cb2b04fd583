package io.zonecam.control.security;

/** ApiKeys knows the partner API key format {@code zk_<prefix>_<secret>}: a public lookup prefix and a secret. */
public final class ApiKeys {

    static final String MARK = "zk_";
    static final int PREFIX_LENGTH = 12;

    private ApiKeys() {}

    /** A key's two parts. */
    public record Parsed(String prefix, String secret) {}

    /** A new key: returns {@code zk_<prefix>_<secret>}. */
    public static String newKey() {
        return MARK + SecretHasher.newPublicId(PREFIX_LENGTH) + "_" + SecretHasher.newSecret("");
    }

    /** The parts of a key, or {@code null} when it is not shaped like one. */
    public static Parsed parse(String key) {
        if (key == null
                || !key.startsWith(MARK)
                || key.length() < MARK.length() + PREFIX_LENGTH + 2
                || key.charAt(MARK.length() + PREFIX_LENGTH) != '_') {
            return null;
        }
        return new Parsed(
                key.substring(MARK.length(), MARK.length() + PREFIX_LENGTH),
                key.substring(MARK.length() + PREFIX_LENGTH + 1));
    }
}
