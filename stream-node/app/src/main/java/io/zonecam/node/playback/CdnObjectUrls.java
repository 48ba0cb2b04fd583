package io.zonecam.node.playback;

import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CdnObjectUrls points a playlist's object URIs at CloudFront when the control plane signed the playlist URL for it.
 * Such a URL carries CloudFront's {@code Policy}, {@code Signature} and {@code Key-Pair-Id} for a custom policy whose
 * resource is a pattern over the camera's objects (see the control plane's {@code CdnSigner}); CloudFront accepts the
 * same three parameters on every URL the pattern matches, so the node repeats them and holds no signing key.
 *
 * <p>An object the pattern does not cover, an expired policy, a policy for another host than the configured CDN, or
 * no CDN at all leaves the node's own object route in place. The node cannot forge anything here: CloudFront checks
 * the signature, and the playlist itself still requires the playback token.
 */
record CdnObjectUrls(String origin, Pattern resource, String query) {

    static final List<String> PARAMS = List.of("Policy", "Signature", "Key-Pair-Id");
    /** CloudFront's URL-safe base64 and key ids: repeated verbatim, so anything else is refused, not escaped. */
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_~-]{1,8192}");

    /** The CDN URLs a playlist request asks for, if {@code domain} is configured and its policy is usable now. */
    static Optional<CdnObjectUrls> of(Optional<String> domain, MultiMap params, Instant now) {
        if (domain.isEmpty()
                || PARAMS.stream()
                        .anyMatch(p -> params.get(p) == null
                                || !VALUE.matcher(params.get(p)).matches())) {
            return Optional.empty();
        }
        JsonObject statement;
        try {
            byte[] json = Base64.getDecoder().decode(unsafe(params.get("Policy")));
            JsonArray statements = new JsonObject(new String(json, StandardCharsets.UTF_8)).getJsonArray("Statement");
            statement = statements == null || statements.size() != 1 ? null : statements.getJsonObject(0);
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            return Optional.empty();
        }
        String origin = "https://" + domain.get() + "/";
        Object resource = statement == null ? null : statement.getValue("Resource");
        Long expires = statement == null
                ? null
                : statement
                        .getJsonObject("Condition", new JsonObject())
                        .getJsonObject("DateLessThan", new JsonObject())
                        .getLong("AWS:EpochTime");
        if (!(resource instanceof String pattern)
                || !pattern.startsWith(origin)
                || expires == null
                || expires <= now.getEpochSecond()) {
            return Optional.empty();
        }
        StringBuilder q = new StringBuilder();
        for (String p : PARAMS) {
            q.append(q.isEmpty() ? "?" : "&").append(p).append('=').append(params.get(p));
        }
        return Optional.of(new CdnObjectUrls(origin, wildcard(pattern), q.toString()));
    }

    /** The signed CDN URL of an object key, or empty when the policy does not cover it. */
    Optional<String> url(String key) {
        String url = origin + key;
        return resource.matcher(url).matches() ? Optional.of(url + query) : Optional.empty();
    }

    /** CloudFront's policy wildcards: {@code *} any characters, {@code ?} one; everything else literal. */
    static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        return Pattern.compile(regex.append(Pattern.quote(literal.toString())).toString(), Pattern.DOTALL);
    }

    /** CloudFront's URL-safe base64 back to standard base64. */
    private static String unsafe(String s) {
        return s.replace('-', '+').replace('_', '=').replace('~', '/');
    }
}
